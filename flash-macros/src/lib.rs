//! Procedural macros of flash: `#[cmd]` and `app!`.
//!
//! Users reach these through the `flash` facade (`#[flash::cmd]`,
//! `flash::app!`); generated code names only `::flash::…` paths.

mod app;
mod ast;
mod attr;
mod check;
mod ctxt;
mod docs;
mod expand;
mod names;

use proc_macro::TokenStream;

/// Marks a function as a command. Documented, with every key, as
/// `flash::cmd`.
#[proc_macro_attribute]
pub fn cmd(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::cmd(args.into(), input.into()).into()
}

/// Builds the app from its commands. Documented, with every key, as
/// `flash::app!`.
#[proc_macro]
pub fn app(input: TokenStream) -> TokenStream {
    app::expand(input.into()).into()
}
