//! `#[flash::cmd]`: parse → check → expand.

pub mod arg;
pub mod args;
mod dispatch;
mod runtime;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::ast::Command;
use crate::attr::CmdAttr;
use crate::check::check;
use crate::ctxt::Ctxt;

/// Expands `#[flash::cmd(args)] input`.
pub fn cmd(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item: ItemFn = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            let error = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[flash::cmd]` goes on a function: `#[flash::cmd(run)] fn name(...)`",
            )
            .to_compile_error();
            return quote!(#error #input);
        }
    };
    let mut cx = Ctxt::default();
    let attr = CmdAttr::parse(&mut cx, args);
    let cmd = Command::from_syn(&mut cx, attr, &mut item);
    let resolved = args::resolve(&cmd.params);
    check(&mut cx, &cmd, &item, &resolved);
    match cx.finish() {
        // One diagnostic per mistake: keep the function (its own body still
        // type-checks) and a placeholder command, so `app!` has something to
        // name and adds no follow-on errors.
        Some(error) => {
            let error = error.to_compile_error();
            // A method (it takes `self`) sits in an `impl`, where no marker
            // type can go.
            let is_method = matches!(item.sig.inputs.first(), Some(syn::FnArg::Receiver(_)));
            let marker = if is_method {
                quote!()
            } else {
                dispatch::marker(
                    &item,
                    quote!(::flash::__private::INVALID_COMMAND),
                    &[String::new()],
                    dispatch::takes_nothing(&item.sig.ident),
                )
            };
            quote!(#error #item #marker)
        }
        None => {
            let spec = dispatch::spec(&cmd, &resolved);
            let takes = dispatch::takes(&cmd);
            let marker = dispatch::marker(&item, spec, &dispatch::duplicate_messages(&cmd), takes);
            quote!(#item #marker)
        }
    }
}
