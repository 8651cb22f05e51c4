//! `#[derive(flash::Args)]`: a struct of options, shared by the commands
//! that take it by value, or the app's globals (`app! { globals: … }`).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::ast::{names_context, shape_of, Param};
use crate::attr::ArgAttr;
use crate::ctxt::Ctxt;
use crate::docs::Doc;
use crate::expand::arg;
use crate::expand::args::resolve;

/// Expands the derive.
pub fn expand(input: TokenStream) -> TokenStream {
    let item: DeriveInput = match syn::parse2(input) {
        Ok(item) => item,
        Err(e) => return e.to_compile_error(),
    };
    let mut cx = Ctxt::default();
    let heading = group_heading(&mut cx, &item);
    let params = fields(&mut cx, &item);
    let args = resolve(&params);
    crate::check_arg::check_args(&mut cx, &params, &args, true);
    if let Some(error) = cx.finish() {
        // One diagnostic per mistake: a placeholder group, so the commands
        // that take it add no errors of their own (for a struct with
        // generics, whose placeholder would bring errors of its own, the
        // error alone).
        if !item.generics.params.is_empty() {
            return error.to_compile_error();
        }
        return fallback(&item, error);
    }
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let heading = heading.as_deref();
    let specs = args.iter().map(|a| arg::spec(a, heading));
    let inv = quote!(__flash_inv);
    let usage = quote!(::core::convert::identity);
    let values = args.iter().enumerate().map(|(i, a)| {
        let field = &a.param.ident;
        let value = arg::extract(a, &inv, &quote!(__flash_at + #i), &usage);
        quote!(#field: #value)
    });
    // A field that is itself a group would need its options in this table.
    // (Only a field that may be a group: not one with a `parse` function,
    // whose type need not be a `Param` at all, nor one of std's values.)
    let no_nesting = args.iter().filter(|a| a.maybe_group()).map(|a| {
        let p = a.param;
        let ty = &p.ty;
        let message = format!(
            "`{}` is an `Args` group; a group cannot hold another: flatten its fields into `{ident}`, or take both by value in the command",
            p.ident
        );
        // The panic is in this crate's `const`, at the field's type: rustc
        // reports it there, with no note into flash's (or core's) source.
        quote_spanned!(ty.span()=> const _: () =
            if ::core::option::Option::is_some(&<#ty as ::flash::__private::Param>::GROUP) {
                ::core::panic!(#message)
            };)
    });
    quote! {
        #(#no_nesting)*

        #[automatically_derived]
        impl #impl_generics ::flash::__private::Args for #ident #ty_generics #where_clause {
            const ARGS: &'static [::flash::__private::ArgSpec] = &[#(#specs),*];
            #[allow(unused_variables)]
            fn from_invocation(
                __flash_inv: &mut ::flash::__private::Invocation,
                __flash_at: usize,
            ) -> ::core::result::Result<Self, ::std::string::String> {
                ::core::result::Result::Ok(#ident { #(#values),* })
            }
        }

        #[automatically_derived]
        impl #impl_generics ::flash::__private::Param for #ident #ty_generics #where_clause {
            const GROUP: ::core::option::Option<&'static [::flash::__private::ArgSpec]> =
                ::core::option::Option::Some(<Self as ::flash::__private::Args>::ARGS);
            fn required(
                inv: &mut ::flash::__private::Invocation,
                at: usize,
            ) -> ::core::result::Result<Self, ::std::string::String> {
                <Self as ::flash::__private::Args>::from_invocation(inv, at)
            }
            fn optional(
                inv: &mut ::flash::__private::Invocation,
                at: usize,
            ) -> ::core::result::Result<::core::option::Option<Self>, ::std::string::String> {
                <Self as ::flash::__private::Args>::from_invocation(inv, at).map(::core::option::Option::Some)
            }
        }
    }
}

/// `#[args(heading = "...")]` on the struct: its options' section in
/// help, where a field names none of its own.
fn group_heading(cx: &mut Ctxt, item: &DeriveInput) -> Option<String> {
    let mut heading = None;
    for attr in item.attrs.iter().filter(|a| a.path().is_ident("args")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("heading") {
                let value: syn::LitStr = meta.value()?.parse()?;
                if heading.replace(value.value()).is_some() {
                    return Err(meta.error("`heading` is given twice; keep one"));
                }
                Ok(())
            } else {
                let typed = meta
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                Err(meta.error(crate::names::unknown_key_message(
                    "`#[args]`",
                    &typed,
                    &["heading"],
                )))
            }
        });
        if let Err(e) = result {
            cx.push(e);
        }
    }
    heading
}

/// The error, beside a group that stands in for the struct: its `Args`
/// and `Param` impls with no options, so every use of it compiles.
fn fallback(item: &DeriveInput, error: syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    quote! {
        #error

        #[automatically_derived]
        impl #impl_generics ::flash::__private::Args for #ident #ty_generics #where_clause {
            const ARGS: &'static [::flash::__private::ArgSpec] = &[];
            fn from_invocation(
                _: &mut ::flash::__private::Invocation,
                _: usize,
            ) -> ::core::result::Result<Self, ::std::string::String> {
                ::core::unreachable!("this group did not compile")
            }
        }

        #[automatically_derived]
        impl #impl_generics ::flash::__private::Param for #ident #ty_generics #where_clause {
            const GROUP: ::core::option::Option<&'static [::flash::__private::ArgSpec]> =
                ::core::option::Option::Some(&[]);
            fn required(
                _: &mut ::flash::__private::Invocation,
                _: usize,
            ) -> ::core::result::Result<Self, ::std::string::String> {
                ::core::unreachable!("this group did not compile")
            }
            fn optional(
                _: &mut ::flash::__private::Invocation,
                _: usize,
            ) -> ::core::result::Result<::core::option::Option<Self>, ::std::string::String> {
                ::core::unreachable!("this group did not compile")
            }
        }
    }
}

/// The struct's fields, as parameters; `#[arg]` and doc comments read.
fn fields(cx: &mut Ctxt, item: &DeriveInput) -> Vec<Param> {
    let named = match &item.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named,
            other => {
                cx.error_tokens(
                    other,
                    "`Args` is derived for a struct with named fields: each field is an option",
                );
                return Vec::new();
            }
        },
        Data::Enum(e) => {
            cx.error_spanned(
                e.enum_token.span(),
                "`Args` is derived for a struct of options, not an enum; for a set of names, derive `flash::ValueEnum`",
            );
            return Vec::new();
        }
        Data::Union(u) => {
            cx.error_spanned(
                u.union_token.span(),
                "`Args` is derived for a struct of options",
            );
            return Vec::new();
        }
    };
    let mut params = Vec::new();
    for field in &named.named {
        let mut attr = ArgAttr::default();
        for a in &field.attrs {
            if a.path().is_ident("arg") {
                attr.parse_into(cx, a);
            }
        }
        let shape = shape_of(&field.ty);
        if !shape.is_arg() || names_context(&field.ty) {
            cx.error_tokens(
                &field.ty,
                "a field of an `Args` group is an option; `&T` and `&Context` go in a command's parameters",
            );
            continue;
        }
        params.push(Param {
            ident: field.ident.clone().expect("named fields have names"),
            ty: field.ty.clone(),
            shape,
            attr,
            doc: Doc::from_attrs(&field.attrs),
        });
    }
    params
}
