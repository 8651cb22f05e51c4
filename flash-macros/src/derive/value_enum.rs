//! `#[derive(flash::ValueEnum)]`: an enum of names a value is one of.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident};

use crate::attr::ValueAttr;
use crate::ctxt::Ctxt;
use crate::docs::Doc;
use crate::names::kebab;

/// One variant: its Rust name, its names on the command line, its help.
struct Variant {
    ident: Ident,
    name: String,
    aliases: Vec<String>,
    hidden: bool,
    help: String,
}

/// Expands the derive.
pub fn expand(input: TokenStream) -> TokenStream {
    let item: DeriveInput = match syn::parse2(input) {
        Ok(item) => item,
        Err(e) => return e.to_compile_error(),
    };
    let mut cx = Ctxt::default();
    let variants = variants(&mut cx, &item);
    check_distinct(&mut cx, &variants);
    if let Some(error) = cx.finish() {
        return error.to_compile_error();
    }
    let ident = &item.ident;
    let arms = variants.iter().map(|v| {
        let (var, names) = (&v.ident, std::iter::once(&v.name).chain(&v.aliases));
        quote!(::core::option::Option::Some(#(#names)|*) => ::core::result::Result::Ok(#ident::#var))
    });
    let shown: Vec<&Variant> = variants.iter().filter(|v| !v.hidden).collect();
    let possible = shown.iter().map(|v| {
        let (name, help) = (&v.name, &v.help);
        quote!(::flash::__private::PossibleValue { name: #name, help: #help })
    });
    let idents: Vec<&Ident> = variants.iter().map(|v| &v.ident).collect();
    let all_names: Vec<&String> = variants.iter().map(|v| &v.name).collect();
    quote! {
        #[automatically_derived]
        impl ::flash::__private::FromArg for #ident {
            fn from_arg(__flash_raw: &::std::ffi::OsStr) -> ::core::result::Result<Self, ::std::string::String> {
                match __flash_raw.to_str() {
                    #(#arms,)*
                    _ => ::core::result::Result::Err(::flash::__private::not_a_value(
                        __flash_raw,
                        <Self as ::flash::__private::FromArg>::POSSIBLE,
                    )),
                }
            }
            const POSSIBLE: &'static [::flash::__private::PossibleValue] = &[#(#possible),*];
        }

        #[automatically_derived]
        impl ::flash::ValueEnum for #ident {
            fn variants() -> &'static [Self] {
                &[#(#ident::#idents),*]
            }
            fn name(&self) -> &'static str {
                match self {
                    #(#ident::#idents => #all_names,)*
                }
            }
        }
    }
}

/// The enum's variants; each must carry no data.
fn variants(cx: &mut Ctxt, item: &DeriveInput) -> Vec<Variant> {
    let Data::Enum(data) = &item.data else {
        let span = match &item.data {
            Data::Struct(s) => s.struct_token.span(),
            Data::Union(u) => u.union_token.span(),
            Data::Enum(_) => unreachable!(),
        };
        cx.error_spanned(
            span,
            "`ValueEnum` is derived for an enum of names, e.g. `enum Format { Plain, Json }`",
        );
        return Vec::new();
    };
    if data.variants.is_empty() {
        cx.error_tokens(&item.ident, "a `ValueEnum` needs at least one variant");
    }
    let mut out = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            cx.error_tokens(
                &v.fields,
                format!(
                    "`ValueEnum` variants are names and carry no data; `{}` has fields",
                    v.ident
                ),
            );
            continue;
        }
        let mut attr = ValueAttr::default();
        for a in &v.attrs {
            if a.path().is_ident("value") {
                attr.parse_into(cx, a);
            }
        }
        out.push(Variant {
            ident: v.ident.clone(),
            name: attr
                .name
                .map_or_else(|| kebab(&v.ident.to_string()), |n| n.value()),
            aliases: attr.aliases.iter().map(|a| a.value()).collect(),
            hidden: attr.hidden.is_some(),
            help: Doc::from_attrs(&v.attrs).short,
        });
    }
    out
}

/// No two variants answer to the same name.
fn check_distinct(cx: &mut Ctxt, variants: &[Variant]) {
    let mut seen: Vec<(&str, &Ident)> = Vec::new();
    for v in variants {
        for name in std::iter::once(&v.name).chain(&v.aliases) {
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                cx.error_tokens(
                    &v.ident,
                    format!("`{name}` already names `{first}`; give `{}` another `#[value(name = \"...\")]`", v.ident),
                );
            }
            seen.push((name, &v.ident));
        }
    }
}
