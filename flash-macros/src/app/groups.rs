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
/// their names).
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

/// Emits the consts of one group (and, recursively, its sub-groups) and
/// returns the name of its `GroupSpec` const.
pub fn group_items(
    items: &mut Vec<TokenStream>,
    counter: &mut usize,
    entries: &[Entry],
    group_name: &TokenStream,
    path: &TokenStream,
    about: &TokenStream,
    root: bool,
) -> Ident {
    let id = *counter;
    *counter += 1;
    let spec = format_ident!("__FLASH_GROUP_{}", id);
    let children_const = format_ident!("__FLASH_GROUP_{}_CHILDREN", id);
    let info = format_ident!("__FLASH_GROUP_{}_INFO", id);
    let (len, bytes) = (
        format_ident!("__FLASH_GROUP_{}_LEN", id),
        format_ident!("__FLASH_GROUP_{}_BYTES", id),
    );
    let marks = format_ident!("__FLASH_GROUP_{}_MARKS", id);

    let mut children = Vec::new();
    for entry in entries {
        match entry {
            Entry::Command(p) => {
                children.push(quote_spanned!(p.span()=> ::flash::__private::Node::Command(<#p as ::flash::__private::Command>::SPEC)));
            }
            Entry::Group {
                attrs,
                ident,
                entries,
            } => {
                let name = kebab(&ident.to_string());
                let doc = Doc::from_attrs(attrs).short;
                let sub_path = quote!(::core::concat!(#path, " ", #name));
                let inner = group_items(
                    items,
                    counter,
                    entries,
                    &quote!(#name),
                    &sub_path,
                    &quote!(#doc),
                    false,
                );
                children.push(quote!(::flash::__private::Node::Group(&#inner)));
            }
        }
    }

    // Siblings must not share a name or alias: checked pairwise by `const`
    // evaluation, the error on the later entry.
    for (j, later) in entries.iter().enumerate() {
        for earlier in &entries[..j] {
            let check = match (earlier, later) {
                (Entry::Command(a), Entry::Command(b)) => quote_spanned! {b.span()=>
                    const _: () = if let ::core::option::Option::Some(__flash_message) =
                        ::flash::__private::duplicate_name(
                            <#a as ::flash::__private::Command>::SPEC,
                            <#b as ::flash::__private::Command>::SPEC,
                            <#b as ::flash::__private::Command>::DUPLICATE_MESSAGES,
                        )
                    {
                        ::core::panic!("{}", __flash_message)
                    };
                },
                (Entry::Group { ident, .. }, Entry::Command(c))
                | (Entry::Command(c), Entry::Group { ident, .. }) => {
                    let name = kebab(&ident.to_string());
                    let message = format!(
                        "a command and a group of this app are both named `{name}`; rename one"
                    );
                    let span = match later {
                        Entry::Command(p) => p.span(),
                        Entry::Group { ident, .. } => ident.span(),
                    };
                    quote_spanned! {span=>
                        const _: () = if ::flash::__private::named_like(
                            <#c as ::flash::__private::Command>::SPEC,
                            #name,
                        ) {
                            ::core::panic!(#message)
                        };
                    }
                }
                (Entry::Group { .. }, Entry::Group { .. }) => continue,
            };
            items.push(check);
        }
    }

    let usage = if root {
        "[OPTIONS] <COMMAND>"
    } else {
        "<COMMAND>"
    };
    items.push(quote! {
        const #children_const: &[::flash::__private::Node] = &[#(#children),*];
        const #info: ::flash::__private::GroupInfo = ::flash::__private::GroupInfo {
            about: #about,
            path: #path,
            children: #children_const,
            root: #root,
            globals: __FLASH_GLOBALS_HELP,
        };
        // The help, plain, and the marks that style it: (bytes, marks).
        const #len: (usize, usize) = ::flash::__private::render_group(&#info, &mut [], &mut []);
        const #bytes: [u8; #len.0] = {
            let mut buf = [0u8; #len.0];
            ::flash::__private::render_group(&#info, &mut buf, &mut [0u32; #len.1]);
            buf
        };
        const #marks: [u32; #len.1] = {
            let mut marks = [0u32; #len.1];
            ::flash::__private::render_group(&#info, &mut [0u8; #len.0], &mut marks);
            marks
        };
        const #spec: ::flash::__private::GroupSpec = ::flash::__private::GroupSpec {
            name: #group_name,
            about: #about,
            path: #path,
            usage: #usage,
            children: #children_const,
            help: ::flash::__private::help_str(&#bytes),
            help_styles: &#marks,
        };
    });
    spec
}
