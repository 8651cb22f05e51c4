//! Procedural macros of flash: `#[cmd]`, `app!`, the derives and
//! `#[flash::test]`.
//!
//! Users reach these through the `flash` facade (`#[flash::cmd]`,
//! `flash::app!`); generated code names only `::flash::…` paths.

mod app;
mod ast;
mod attr;
mod check;
mod check_arg;
mod ctxt;
mod derive;
mod docs;
mod expand;
mod names;
mod test;

use proc_macro::TokenStream;

/// Marks a function as a command. Documented, with every key, as
/// `flash::cmd`.
#[proc_macro_attribute]
pub fn cmd(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::cmd(args.into(), input.into()).into()
}

/// A group of options shared by commands, or the app's globals.
/// Documented, with every key, as `flash::Args`.
#[proc_macro_derive(Args, attributes(arg, args))]
pub fn derive_args(input: TokenStream) -> TokenStream {
    derive::args::expand(input.into()).into()
}

/// An enum of names a value is one of. Documented, with every key, as
/// `flash::ValueEnum`.
#[proc_macro_derive(ValueEnum, attributes(value))]
pub fn derive_value_enum(input: TokenStream) -> TokenStream {
    derive::value_enum::expand(input.into()).into()
}

/// Runs an `async fn` test on flash's runtime. Documented as
/// `flash::test`.
#[proc_macro_attribute]
pub fn test(args: TokenStream, input: TokenStream) -> TokenStream {
    test::expand(args.into(), input.into()).into()
}

/// Builds the app from its commands. Documented, with every key, as
/// `flash::app!`.
#[proc_macro]
pub fn app(input: TokenStream) -> TokenStream {
    app::expand(input.into()).into()
}
