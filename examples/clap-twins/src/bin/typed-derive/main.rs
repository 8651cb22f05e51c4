//! Twin of clap's `examples/typed-derive/`: what argument values can parse
//! into. Each command is in the module of the options it takes, as each
//! `Args` struct is in clap's.
//!
//! clap's `term_width = 0` (no wrapping) has no flash key: help wraps at
//! 100 columns, which differs from clap's only in layout.

mod builtin;
mod custom;
mod fn_parser;
mod foreign_crate;
mod implicit;

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "typed-derive",
        // clap's has none (and this crate's description is clap's).
        about: "",
        commands: [
            implicit::implicit,
            builtin::builtin,
            fn_parser::fn_parser,
            custom::custom,
        ],
        help_if_no_args: true,
        completions: false,
    }
    .run()
}
