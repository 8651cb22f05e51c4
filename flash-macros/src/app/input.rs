//! Reading `app! { ... }`: its keys and the entries of `commands`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{braced, bracketed, Attribute, Expr, Ident, LitBool, Path, Token, Type};

use crate::ctxt::Ctxt;
use crate::names::unknown_key_message;

const APP_KEYS: &[&str] = &[
    "name",
    "version",
    "about",
    "commands",
    "root",
    "external",
    "multicall",
    "globals",
    "state",
    "before",
    "after",
    "config",
    "logging",
    "completions",
    "runtime_flags",
    "help_if_no_args",
    "propagate_version",
];

/// The runtime options `runtime_flags: [...]` can name.
pub const RUNTIME_FLAG_NAMES: &[&str] = &["timeout", "max_concurrency", "memory_limit", "metrics"];

/// One entry of `commands: [...]`.
pub enum Entry {
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

/// The keys of `app!`, each as written.
#[derive(Default)]
pub struct AppInput {
    pub name: Option<Expr>,
    pub version: Option<Expr>,
    pub about: Option<Expr>,
    pub commands: Option<(Vec<Entry>, Span)>,
    /// `globals: Global`.
    pub globals: Option<Type>,
    /// `state: [open_db, ...]`.
    pub state: Vec<Path>,
    /// `before: hook`.
    pub before: Option<Path>,
    /// `after: hook`.
    pub after: Option<Path>,
    /// `config: true`, with the key's span.
    pub config: Option<(bool, Span)>,
    /// `root: cmd`.
    pub root: Option<Path>,
    /// `external: cmd`.
    pub external: Option<Path>,
    /// `multicall: true`.
    pub multicall: Option<(bool, Span)>,
    /// `logging: true`.
    pub logging: Option<(bool, Span)>,
    /// `completions: true | false | hidden`.
    pub completions: Option<(Completions, Span)>,
    /// `runtime_flags: [timeout, metrics]`: the names, each with its span.
    pub runtime_flags: Option<Vec<(String, Span)>>,
    /// `help_if_no_args: true`.
    pub help_if_no_args: Option<(bool, Span)>,
    /// `propagate_version: true`.
    pub propagate_version: Option<(bool, Span)>,
}

/// `completions: …`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Completions {
    Listed,
    Hidden,
    Off,
}

/// Reads the keys of `app!`, recording mistakes in `cx`; syntax errors stop.
pub fn parse_input(cx: &mut Ctxt, input: ParseStream) -> syn::Result<AppInput> {
    let mut app = AppInput::default();
    while !input.is_empty() {
        let key: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        read_key(cx, &mut app, &key, input)?;
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(app)
}

/// `true` or `false`, with the key's span.
fn flag(input: ParseStream, key: &Ident) -> syn::Result<(bool, Span)> {
    let value: LitBool = input.parse()?;
    Ok((value.value, key.span()))
}

/// `true`, `false` or `hidden`.
fn completions(input: ParseStream) -> syn::Result<Completions> {
    if input.peek(LitBool) {
        let value: LitBool = input.parse()?;
        return Ok(if value.value {
            Completions::Listed
        } else {
            Completions::Off
        });
    }
    let word: Ident = input.parse()?;
    if word == "hidden" {
        Ok(Completions::Hidden)
    } else {
        Err(syn::Error::new_spanned(
            word,
            "`completions` takes `true`, `false` (no `completions` command) or `hidden` (there, but not listed)",
        ))
    }
}

fn once<T>(cx: &mut Ctxt, key: &Ident, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        cx.error_tokens(key, format!("`{key}` is given twice; keep one"));
    }
    *slot = Some(value);
}

/// Reads the value of `key`.
fn read_key(cx: &mut Ctxt, app: &mut AppInput, key: &Ident, input: ParseStream) -> syn::Result<()> {
    match key.to_string().as_str() {
        "commands" => {
            let content;
            let bracket = bracketed!(content in input);
            let entries = Punctuated::<Entry, Token![,]>::parse_terminated(&content)?;
            once(
                cx,
                key,
                &mut app.commands,
                (entries.into_iter().collect(), bracket.span.join()),
            );
        }
        "state" => {
            let content;
            bracketed!(content in input);
            let paths = Punctuated::<Path, Token![,]>::parse_terminated(&content)?;
            if !app.state.is_empty() {
                cx.error_tokens(key, "`state` is given twice; keep one list");
            }
            app.state = paths.into_iter().collect();
        }
        "globals" => once(cx, key, &mut app.globals, input.parse()?),
        "before" => once(cx, key, &mut app.before, input.parse()?),
        "after" => once(cx, key, &mut app.after, input.parse()?),
        "config" => {
            let value: LitBool = input.parse()?;
            once(cx, key, &mut app.config, (value.value, key.span()));
        }
        "root" => once(cx, key, &mut app.root, input.parse()?),
        "external" => once(cx, key, &mut app.external, input.parse()?),
        "multicall" => once(cx, key, &mut app.multicall, flag(input, key)?),
        "logging" => once(cx, key, &mut app.logging, flag(input, key)?),
        "help_if_no_args" => once(cx, key, &mut app.help_if_no_args, flag(input, key)?),
        "propagate_version" => once(cx, key, &mut app.propagate_version, flag(input, key)?),
        "completions" => {
            let value = completions(input)?;
            once(cx, key, &mut app.completions, (value, key.span()));
        }
        "runtime_flags" => {
            let content;
            bracketed!(content in input);
            let names = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
            let mut flags = Vec::new();
            for name in names {
                let text = name.to_string();
                if RUNTIME_FLAG_NAMES.contains(&text.as_str()) {
                    flags.push((text, name.span()));
                } else {
                    cx.error_tokens(
                        &name,
                        unknown_key_message("runtime option", &text, RUNTIME_FLAG_NAMES),
                    );
                }
            }
            once(cx, key, &mut app.runtime_flags, flags);
        }
        "name" => once(cx, key, &mut app.name, input.parse()?),
        "version" => once(cx, key, &mut app.version, input.parse()?),
        "about" => once(cx, key, &mut app.about, input.parse()?),
        other => {
            cx.error_tokens(key, unknown_key_message("`app!`", other, APP_KEYS));
            // Skip the value: it may be a list or anything else.
            let _: Expr = input.parse()?;
        }
    }
    Ok(())
}
