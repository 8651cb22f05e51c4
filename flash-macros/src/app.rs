//! `flash::app! { name: ..., version: ..., about: ..., commands: [...] }`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{braced, bracketed, Attribute, Expr, Ident, Path, Token};

use crate::ctxt::Ctxt;
use crate::docs::Doc;
use crate::names::{kebab, unknown_key_message};

const APP_KEYS: &[&str] = &["name", "version", "about", "commands"];

/// One entry of `commands: [...]`.
enum Entry {
    /// A path to a `#[flash::cmd]` function.
    Command(Path),
    /// `name { entries }`, with its doc comment.
    Group {
        attrs: Vec<Attribute>,
        ident: Ident,
        entries: Vec<Entry>,
    },
}

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let path: Path = input.parse()?;
        if input.peek(syn::token::Brace) {
            let ident = path.get_ident().cloned().ok_or_else(|| {
                syn::Error::new_spanned(
                    &path,
                    "a group's name is a single word, e.g. `remote { add, remove }`",
                )
            })?;
            let content;
            braced!(content in input);
            let entries = Punctuated::<Entry, Token![,]>::parse_terminated(&content)?;
            return Ok(Entry::Group {
                attrs,
                ident,
                entries: entries.into_iter().collect(),
            });
        }
        if let Some(attr) = attrs.first() {
            return Err(syn::Error::new_spanned(
                attr,
                "a command's doc comment goes on its function, not in `app!`",
            ));
        }
        Ok(Entry::Command(path))
    }
}

struct AppInput {
    name: Option<Expr>,
    version: Option<Expr>,
    about: Option<Expr>,
    commands: Option<(Vec<Entry>, Span)>,
}

fn parse_input(cx: &mut Ctxt, input: ParseStream) -> syn::Result<AppInput> {
    let mut app = AppInput {
        name: None,
        version: None,
        about: None,
        commands: None,
    };
    while !input.is_empty() {
        let key: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let name = key.to_string();
        if name == "commands" {
            let content;
            let bracket = bracketed!(content in input);
            let entries = Punctuated::<Entry, Token![,]>::parse_terminated(&content)?;
            if app.commands.is_some() {
                cx.error_tokens(&key, "`commands` is given twice; keep one list");
            }
            app.commands = Some((entries.into_iter().collect(), bracket.span.join()));
        } else {
            let value: Expr = input.parse()?;
            let slot = match name.as_str() {
                "name" => &mut app.name,
                "version" => &mut app.version,
                "about" => &mut app.about,
                _ => {
                    cx.error_tokens(&key, unknown_key_message("`app!`", &name, APP_KEYS));
                    if input.is_empty() {
                        break;
                    }
                    input.parse::<Token![,]>()?;
                    continue;
                }
            };
            if slot.is_some() {
                cx.error_tokens(&key, format!("`{name}` is given twice; keep one"));
            }
            *slot = Some(value);
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(app)
}

/// Expands `app! { ... }` to an expression of type `::flash::App`.
pub fn expand(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let app =
        match syn::parse::Parser::parse2(|input: ParseStream| parse_input(&mut cx, input), input) {
            Ok(app) => app,
            Err(e) => return e.to_compile_error(),
        };
    let Some((entries, span)) = &app.commands else {
        cx.error_spanned(
            Span::call_site(),
            "`app!` needs its commands: add `commands: [name, ...]` listing your `#[flash::cmd]` functions",
        );
        return error_tokens(cx);
    };
    if entries.is_empty() {
        cx.error_spanned(
            *span,
            "an app needs at least one command in `commands: [...]`",
        );
    }
    check_groups(&mut cx, entries);
    if cx.has_errors() {
        return error_tokens(cx);
    }

    let name = app
        .name
        .as_ref()
        .map_or_else(|| quote!(::core::env!("CARGO_PKG_NAME")), |e| quote!(#e));
    let version = app
        .version
        .as_ref()
        .map_or_else(|| quote!(::core::env!("CARGO_PKG_VERSION")), |e| quote!(#e));
    let about = app.about.as_ref().map_or_else(
        || quote!(::core::env!("CARGO_PKG_DESCRIPTION")),
        |e| quote!(#e),
    );

    let mut items = Vec::new();
    let mut counter = 0;
    let root = group_items(
        &mut items,
        &mut counter,
        entries,
        &name,
        &quote!(#name),
        &about,
        true,
    );
    quote! {{
        #(#items)*
        const __FLASH_APP: ::flash::__private::AppSpec = ::flash::__private::AppSpec {
            name: #name,
            version: #version,
            about: #about,
            root: &#root,
        };
        ::flash::__private::App::new(&__FLASH_APP)
    }}
}

fn error_tokens(cx: Ctxt) -> TokenStream {
    let error = cx.finish().map(|e| e.to_compile_error());
    // An expression of the right type, so the user's `.run()` adds no error.
    quote! {{
        #error
        ::flash::__private::App::new(&::flash::__private::INVALID_APP)
    }}
}

/// Group names are unique among their siblings (commands are checked at
/// compile time by `const` evaluation, since only their `#[cmd]` knows
/// their names).
fn check_groups(cx: &mut Ctxt, entries: &[Entry]) {
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
#[allow(clippy::too_many_arguments)]
fn group_items(
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
