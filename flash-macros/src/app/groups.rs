//! The app's groups: their `GroupSpec`s and rendered help, and the
//! checks that sibling names are distinct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Ident;

use super::input::Entry;
use crate::ctxt::Ctxt;
use crate::docs::Doc;
use crate::names::kebab;

/// Group names are unique among their siblings (commands are checked at
/// compile time by `const` evaluation, since only their `#[cmd]` knows
/// their names), and a group has commands.
pub fn check_groups(cx: &mut Ctxt, entries: &[Entry]) {
    let mut seen: Vec<String> = Vec::new();
    for entry in entries {
        if let Entry::Group { ident, entries, .. } = entry {
            let name = kebab(&ident.to_string());
            if seen.contains(&name) {
                cx.error_tokens(
                    ident,
                    format!("two groups of this app are named `{name}`; merge them or rename one"),
                );
            }
            seen.push(name);
            if entries.is_empty() {
                cx.error_tokens(ident, format!("group `{}` has no commands", ident));
            }
            check_groups(cx, entries);
        }
    }
}

/// What a group's table says of it besides its entries.
pub struct GroupMeta<'a> {
    pub name: &'a TokenStream,
    /// `<app> remote`, as usage lines show it.
    pub path: &'a TokenStream,
    pub about: &'a TokenStream,
    pub long_about: &'a str,
    /// The app's top level (its root command's options are taken there).
    pub top: bool,
    /// `logging: true`: `-v` and `-q` are taken at every level.
    pub logging: bool,
}

/// Emits the consts of one group (and, recursively, its sub-groups) and
/// returns the name of its `GroupSpec` const.
pub fn group_items(
    items: &mut Vec<TokenStream>,
    counter: &mut usize,
    entries: &[Entry],
    meta: &GroupMeta,
) -> Ident {
    let id = *counter;
    *counter += 1;
    let spec = format_ident!("__FLASH_GROUP_{}", id);
    let children_const = format_ident!("__FLASH_GROUP_{}_CHILDREN", id);
    let problem = format_ident!("__FLASH_GROUP_{}_PROBLEM", id);

    let mut children = Vec::new();
    let mut checks = Vec::new();
    for (at, entry) in entries.iter().enumerate() {
        match entry {
            Entry::Command(p) => {
                children.push(quote_spanned!(p.span()=> ::flash::__private::Node::Command(<#p as ::flash::__private::Command>::SPEC)));
                checks.push(quote_spanned! {p.span()=>
                    const _: () = if let ::core::option::Option::Some(__flash_message) =
                        ::flash::__private::problem_message(
                            #children_const,
                            #problem,
                            #at,
                            <#p as ::flash::__private::Command>::DUPLICATE_MESSAGES,
                        )
                    {
                        ::core::panic!("{}", __flash_message.as_str())
                    };
                });
            }
            Entry::Group {
                attrs,
                ident,
                entries,
            } => {
                let name = kebab(&ident.to_string());
                let doc = Doc::from_attrs(attrs);
                let sub_path = {
                    let path = meta.path;
                    quote!(::core::concat!(#path, " ", #name))
                };
                let short = &doc.short;
                let inner = group_items(
                    items,
                    counter,
                    entries,
                    &GroupMeta {
                        name: &quote!(#name),
                        path: &sub_path,
                        about: &quote!(#short),
                        long_about: &doc.long,
                        top: false,
                        logging: meta.logging,
                    },
                );
                children.push(quote!(::flash::__private::Node::Group(&#inner)));
                checks.push(quote_spanned! {ident.span()=>
                    const _: () = if let ::core::option::Option::Some(__flash_message) =
                        ::flash::__private::problem_message(#children_const, #problem, #at, &[])
                    {
                        ::core::panic!("{}", __flash_message.as_str())
                    };
                });
            }
        }
    }
    let (name, path, about, long_about) = (meta.name, meta.path, meta.about, meta.long_about);
    let root = if meta.top {
        quote!(::flash::__private::root_args(__FLASH_ROOT))
    } else {
        quote!(&[])
    };
    let logging = meta.logging;
    items.push(quote! {
        const #children_const: &[::flash::__private::Node] = &[#(#children),*];
        // Sibling names are distinct and commands' flags free: checked once
        // for the group, the error on the later entry.
        const #problem: ::core::option::Option<::flash::__private::Problem> =
            ::flash::__private::check_group::<{ ::flash::__private::name_count(#children_const) }>(
                #children_const, __FLASH_GLOBALS, #root, #logging,
            );
        #(#checks)*
        const #spec: ::flash::__private::GroupSpec = ::flash::__private::GroupSpec {
            name: #name,
            about: #about,
            long_about: #long_about,
            path: #path,
            children: #children_const,
        };
    });
    spec
}
