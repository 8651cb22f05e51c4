//! `#[flash::test]`: an `async fn` test, run on flash's runtime (a tokio
//! current-thread runtime with its I/O and time drivers, as
//! `#[tokio::test]` builds it), with flash as the crate's only dependency.
//! In the manner of tokio-macros' `test`: the function becomes a plain
//! `#[test]` whose body blocks on the `async` one.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, ReturnType};

use crate::ctxt::Ctxt;

/// Expands `#[flash::test] async fn name() { ... }`.
pub fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: ItemFn = match syn::parse2(input.clone()) {
        Ok(item) => item,
        // Not a function: the error, and the tokens as they were.
        Err(e) => {
            let error = e.to_compile_error();
            return quote!(#error #input);
        }
    };
    let mut cx = Ctxt::default();
    check(&mut cx, &args, &item);
    if let Some(error) = cx.finish() {
        // The function as written, without the attribute: one mistake,
        // one error (no test harness error on top of it).
        let error = error.to_compile_error();
        return quote!(#error #item);
    }
    test_fn(item)
}

/// Every rule `#[flash::test]` checks, each error on the user's token.
fn check(cx: &mut Ctxt, args: &TokenStream, item: &ItemFn) {
    // It takes no arguments.
    if !args.is_empty() {
        cx.error_tokens(
            args,
            "`#[flash::test]` takes no arguments; write `#[flash::test]`",
        );
    }
    // It goes on an `async fn`.
    if item.sig.asyncness.is_none() {
        cx.error_tokens(
            item.sig.fn_token,
            "`#[flash::test]` goes on an `async fn`; write `async fn`, or use `#[test]` for a sync test",
        );
    }
    // A test takes no parameters.
    if !item.sig.inputs.is_empty() {
        cx.error_tokens(&item.sig.inputs, "a test takes no parameters; remove them");
    }
    // A test is not generic.
    if !item.sig.generics.params.is_empty() {
        cx.error_tokens(
            &item.sig.generics,
            "a test cannot be generic; remove the generic parameters",
        );
    }
    // One test attribute.
    if let Some(attr) = item.attrs.iter().find(|a| a.path().is_ident("test")) {
        cx.error_tokens(
            attr,
            "`#[flash::test]` already makes this a test; remove `#[test]`",
        );
    }
}

/// The `#[test]` function that runs the `async` body on flash's runtime.
fn test_fn(mut item: ItemFn) -> TokenStream {
    item.sig.asyncness = None;
    let output = match &item.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let body = &item.block;
    // The output type written out, so `?` in the body infers its error
    // type from the test's signature.
    let span = item.block.span();
    let run = quote_spanned! {span=>
        let __flash_body: ::core::pin::Pin<
            ::std::boxed::Box<dyn ::core::future::Future<Output = #output>>,
        > = ::std::boxed::Box::pin(async move #body);
        ::flash::__private::run_test(__flash_body)
    };
    let attrs = &item.attrs;
    let vis = &item.vis;
    let sig = &item.sig;
    let requires = quote_spanned!(proc_macro2::Span::call_site()=>
        ::flash::__private::requires_async_test! {}
    );
    quote! {
        #requires

        #[::core::prelude::v1::test]
        #(#attrs)*
        #vis #sig {
            ::flash::__private::test_body! { #run }
        }
    }
}
