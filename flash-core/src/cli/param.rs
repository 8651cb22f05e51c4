//! What a by-value parameter of a command can be: one argument (any type
//! a command-line value converts into: [`FromArg`]) or a group of options
//! (`#[derive(flash::Args)]`: [`Args`]). [`Param`] says which, in
//! constants the `const` table builder and help renderer read, and takes
//! the value out of the parsed command line.
//!
//! `#[cmd]` cannot tell from the syntax of `opts: CopyOpts` whether
//! `CopyOpts` is an `Args` group or a `FromStr` type: the traits decide,
//! at compile time, and the tables are put together in `const` items.

use crate::cli::arg::{ArgSpec, PossibleValue, Table};
use crate::cli::invoke::Invocation;
use crate::cli::value::FromArg;

/// A group of options, `#[derive(flash::Args)]`: taken by value it adds its
/// options to one command; named in `app! { globals: … }` they are the
/// app's global options, and `&Global` takes them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a group of options",
    label = "not a `#[derive(flash::Args)]` struct",
    note = "derive it: `#[derive(flash::Args)] struct {Self} {{ ... }}`"
)]
pub trait Args: Sized + 'static {
    /// Its options' table.
    #[doc(hidden)]
    const ARGS: &'static [ArgSpec];
    /// Takes its values out of `inv`, where its options start at `at`.
    #[doc(hidden)]
    fn from_invocation(inv: &mut Invocation, at: usize) -> Result<Self, String>;

    /// Parses the app's globals (`globals: Self`) from their raw values:
    /// the [`crate::cli::spec::ParseGlobals`] of `app!`, so an app without
    /// globals links none of it. A method of this trait so that naming a
    /// type that is not `Args` in `globals:` is one error.
    #[doc(hidden)]
    fn parse_globals(
        values: crate::cli::values::Values,
        vars: &crate::cli::vars::Vars,
    ) -> Result<Box<dyn std::any::Any + Send + Sync>, String>
    where
        Self: Send + Sync,
    {
        let mut inv = Invocation::of_args(Table(&[Self::ARGS]), values, vars.clone());
        Self::from_invocation(&mut inv, 0)
            .map(|g| Box::new(g) as Box<dyn std::any::Any + Send + Sync>)
    }
}

/// A by-value parameter of a command: one argument, or an [`Args`] group.
///
/// Implemented for every [`FromArg`] type here and for every `Args` group
/// by its derive.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed from a command-line argument",
    label = "this parameter's type does not implement `FromStr`",
    note = "implement `std::str::FromStr` for `{Self}`, derive `flash::ValueEnum` for an enum of names or `flash::Args` for a group of options, use `#[arg(parse = path::to::fn)]`, or take a `String` and convert it in the handler"
)]
pub trait Param: Sized {
    /// The group's options, or `None` for one argument.
    const GROUP: Option<&'static [ArgSpec]> = None;
    /// See [`FromArg::POSSIBLE`].
    const POSSIBLE: &'static [PossibleValue] = &[];

    /// The value of a required parameter with no `env`: the argument at
    /// `at` (the parser checked it is there), or the group starting there.
    fn required(inv: &mut Invocation, at: usize) -> Result<Self, String>;

    /// The value of a parameter that may be absent: the argument at `at`,
    /// else its `env` variable, else `None`; a group is never absent.
    fn optional(inv: &mut Invocation, at: usize) -> Result<Option<Self>, String>;

    /// Every value of a repeatable argument (`Vec<Self>`); a group cannot
    /// repeat.
    fn many(inv: &mut Invocation, at: usize) -> Result<Vec<Self>, String> {
        let _ = (inv, at);
        Err("an `Args` group cannot repeat".to_owned())
    }
}

impl<T: FromArg> Param for T {
    const POSSIBLE: &'static [PossibleValue] = T::POSSIBLE;

    fn required(inv: &mut Invocation, at: usize) -> Result<Self, String> {
        inv.required(at)
    }

    fn optional(inv: &mut Invocation, at: usize) -> Result<Option<Self>, String> {
        inv.one(at)
    }

    fn many(inv: &mut Invocation, at: usize) -> Result<Vec<Self>, String> {
        inv.many(at)
    }
}

/// The arguments a parameter adds to its command: its group's, or `single`.
pub const fn args_of(
    group: Option<&'static [ArgSpec]>,
    single: &'static [ArgSpec],
) -> &'static [ArgSpec] {
    match group {
        Some(args) => args,
        None => single,
    }
}
