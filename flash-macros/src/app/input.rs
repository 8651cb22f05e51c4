//! Reading `app! { ... }`: its keys and the entries of `commands`.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{braced, bracketed, Attribute, Expr, Ident, LitBool, Path, Token, Type};

use crate::ctxt::Ctxt;
use crate::names::unknown_key_message;

const APP_KEYS: &[&str] = &[
    "name", "version", "about", "commands", "globals", "state", "before", "after", "config",
    "logging",
];

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
    /// `logging: true`, with the key's span.
    pub logging: Option<(bool, Span)>,
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
        "logging" => {
            let value: LitBool = input.parse()?;
            once(cx, key, &mut app.logging, (value.value, key.span()));
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
