//! `#[flash::cmd(...)]` and `#[arg(...)]` keys.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprArray, ExprLit, Lit, LitInt, LitStr, Meta, Token};

use flash_grammar::exec::Model;
use flash_grammar::names::{check_command_name, check_long, valid_short};
use flash_grammar::units::{parse_duration, parse_size};

use crate::ctxt::Ctxt;
use crate::names::unknown_key_message;

/// Which handler kind the attribute names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Handler {
    Sync,
    Async,
}

const CMD_KEYS: &[&str] = &[
    "run",
    "run_async",
    "model",
    "name",
    "alias",
    "timeout",
    "max_concurrency",
    "memory_limit",
];

/// A value parsed at compile time, with the literal it came from (for
/// its span and for help, which shows it as written).
pub struct Parsed<T> {
    pub value: T,
    pub lit: LitStr,
}

/// The keys of `#[flash::cmd(...)]`, each with the span of the user's token.
#[derive(Default)]
pub struct CmdAttr {
    pub handlers: Vec<(Handler, Span)>,
    pub model: Option<(Model, Span)>,
    pub name: Option<LitStr>,
    pub aliases: Vec<LitStr>,
    pub timeout: Option<Parsed<std::time::Duration>>,
    pub max_concurrency: Option<LitInt>,
    pub memory_limit: Option<Parsed<u64>>,
}

impl CmdAttr {
    /// Parses the attribute's arguments, recording every mistake in `cx`.
    pub fn parse(cx: &mut Ctxt, args: TokenStream) -> CmdAttr {
        let mut attr = CmdAttr::default();
        let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(args) {
            Ok(metas) => metas,
            Err(e) => {
                cx.push(e);
                return attr;
            }
        };
        for meta in metas {
            let key = meta
                .path()
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            match (key.as_str(), &meta) {
                ("run", Meta::Path(p)) => attr.handlers.push((Handler::Sync, p.span())),
                ("run_async", Meta::Path(p)) => attr.handlers.push((Handler::Async, p.span())),
                ("run" | "run_async", _) => {
                    cx.error_tokens(
                        &meta,
                        format!("`{key}` takes no value; write `#[flash::cmd({key})]`"),
                    );
                    // Still a handler: no second error saying there is none.
                    let handler = if key == "run" {
                        Handler::Sync
                    } else {
                        Handler::Async
                    };
                    attr.handlers.push((handler, meta.path().span()));
                }
                ("model", Meta::NameValue(nv)) => {
                    let word = match &nv.value {
                        Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
                        _ => None,
                    };
                    match word.as_deref().and_then(Model::from_name) {
                        Some(m) => set_once(cx, &mut attr.model, (m, nv.value.span()), &meta),
                        None => {
                            let typed = word.unwrap_or_else(|| quote::quote!(#nv).to_string());
                            let names = Model::ALL.map(Model::name);
                            let tip = crate::names::closest(&typed, &names)
                                .map(|m| format!("; did you mean `{m}`?"))
                                .unwrap_or_else(|| {
                                    "; expected `io`, `cpu`, `stream` or `blocking`".to_owned()
                                });
                            cx.error_tokens(
                                &nv.value,
                                format!("unknown execution model `{typed}`{tip}"),
                            );
                        }
                    }
                }
                ("name", Meta::NameValue(nv)) => {
                    if let Some(s) = str_lit(cx, &nv.value, "name") {
                        check_name(cx, &s, "name");
                        set_once(cx, &mut attr.name, s, &meta);
                    }
                }
                ("alias", Meta::NameValue(nv)) => match &nv.value {
                    Expr::Array(ExprArray { elems, .. }) => {
                        for e in elems {
                            if let Some(s) = str_lit(cx, e, "alias") {
                                check_name(cx, &s, "alias");
                                attr.aliases.push(s);
                            }
                        }
                    }
                    other => {
                        if let Some(s) = str_lit(cx, other, "alias") {
                            check_name(cx, &s, "alias");
                            attr.aliases.push(s);
                        }
                    }
                },
                ("timeout", Meta::NameValue(nv)) => {
                    if let Some(lit) = str_lit(cx, &nv.value, "timeout") {
                        // The runtime's own grammar: what compiles is what runs.
                        match parse_duration(&lit.value()) {
                            Ok(value) => {
                                set_once(cx, &mut attr.timeout, Parsed { value, lit }, &meta)
                            }
                            Err(e) => cx.error_tokens(&lit, e),
                        }
                    }
                }
                ("memory_limit", Meta::NameValue(nv)) => {
                    if let Some(lit) = str_lit(cx, &nv.value, "memory_limit") {
                        match parse_size(&lit.value()) {
                            Ok(value) => {
                                set_once(cx, &mut attr.memory_limit, Parsed { value, lit }, &meta)
                            }
                            Err(e) => cx.error_tokens(&lit, e),
                        }
                    }
                }
                ("max_concurrency", Meta::NameValue(nv)) => match &nv.value {
                    Expr::Lit(ExprLit {
                        lit: Lit::Int(n), ..
                    }) => match n.base10_parse::<usize>() {
                        Ok(v) if v > 0 => set_once(cx, &mut attr.max_concurrency, n.clone(), &meta),
                        _ => cx.error_tokens(
                            n,
                            "`max_concurrency` must be a whole number of at least 1",
                        ),
                    },
                    other => cx.error_tokens(
                        other,
                        "`max_concurrency` must be an integer, e.g. `max_concurrency = 10`",
                    ),
                },
                (known, _) if CMD_KEYS.contains(&known) => {
                    cx.error_tokens(&meta, format!("expected `{known} = ...`"));
                }
                _ => unknown_key(cx, &meta, "`#[flash::cmd]`", CMD_KEYS),
            }
        }
        attr
    }
}

/// An unknown key: the error names the nearest valid one.
fn unknown_key(cx: &mut Ctxt, meta: &Meta, what: &str, keys: &[&str]) {
    let typed = meta
        .path()
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    cx.error_tokens(meta.path(), unknown_key_message(what, &typed, keys));
}

fn set_once<T>(cx: &mut Ctxt, slot: &mut Option<T>, value: T, meta: &Meta) {
    if slot.is_some() {
        cx.error_tokens(meta, "this key is given twice; keep one");
    } else {
        *slot = Some(value);
    }
}

fn str_lit(cx: &mut Ctxt, expr: &Expr, key: &str) -> Option<LitStr> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.clone()),
        other => {
            cx.error_tokens(
                other,
                format!("`{key}` must be a string literal, e.g. `{key} = \"...\"`"),
            );
            None
        }
    }
}

fn check_name(cx: &mut Ctxt, s: &LitStr, key: &str) {
    if let Err(rule) = check_command_name(&s.value()) {
        cx.error_tokens(s, format!("`{key}` must be {rule}"));
    }
}

const ARG_KEYS: &[&str] = &[
    "short",
    "long",
    "default",
    "env",
    "required",
    "value_name",
    "possible",
];

/// The keys of one parameter's `#[arg(...)]`.
#[derive(Default)]
pub struct ArgAttr {
    /// `short` (`None` inside: derive from the name) with the key's span.
    pub short: Option<(Option<char>, Span)>,
    /// `long` (`None` inside: derive from the name) with the key's span.
    pub long: Option<(Option<String>, Span)>,
    pub default: Option<Expr>,
    pub env: Option<LitStr>,
    pub required: Option<Span>,
    pub value_name: Option<LitStr>,
    pub possible: Option<(Vec<LitStr>, Span)>,
    /// The span of the whole attribute, when there was one.
    pub span: Option<Span>,
}

impl ArgAttr {
    /// Parses one `#[arg(...)]` into `self`.
    pub fn parse_into(&mut self, cx: &mut Ctxt, attr: &syn::Attribute) {
        self.span = Some(attr.span());
        let metas = match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(metas) => metas,
            Err(e) => {
                cx.push(e);
                return;
            }
        };
        for meta in metas {
            let key = meta
                .path()
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let span = meta.path().span();
            match (key.as_str(), &meta) {
                ("short", Meta::Path(_)) => self.short = Some((None, span)),
                ("short", Meta::NameValue(nv)) => match &nv.value {
                    Expr::Lit(ExprLit {
                        lit: Lit::Char(c), ..
                    }) => {
                        if valid_short(c.value()) {
                            self.short = Some((Some(c.value()), c.span()));
                        } else {
                            cx.error_tokens(
                                c,
                                "a short flag is one letter or digit, e.g. `short = 'n'`",
                            );
                        }
                    }
                    other => {
                        cx.error_tokens(other, "`short` takes a character, e.g. `short = 'n'`")
                    }
                },
                ("long", Meta::Path(_)) => self.long = Some((None, span)),
                ("long", Meta::NameValue(nv)) => {
                    if let Some(s) = str_lit(cx, &nv.value, "long") {
                        let v = s.value();
                        if let Err(rule) = check_long(&v) {
                            cx.error_tokens(
                                &s,
                                format!("a long flag is {rule}, e.g. `long = \"out-dir\"`"),
                            );
                        } else {
                            self.long = Some((Some(v), s.span()));
                        }
                    }
                }
                ("default", Meta::NameValue(nv)) => self.default = Some(nv.value.clone()),
                ("env", Meta::NameValue(nv)) => self.env = str_lit(cx, &nv.value, "env"),
                ("required", Meta::Path(_)) => self.required = Some(span),
                ("value_name", Meta::NameValue(nv)) => {
                    self.value_name = str_lit(cx, &nv.value, "value_name")
                }
                ("possible", Meta::NameValue(nv)) => match &nv.value {
                    Expr::Array(ExprArray { elems, .. }) => {
                        let values: Vec<LitStr> = elems
                            .iter()
                            .filter_map(|e| str_lit(cx, e, "possible"))
                            .collect();
                        self.possible = Some((values, nv.value.span()));
                    }
                    other => cx.error_tokens(
                        other,
                        "`possible` takes a list, e.g. `possible = [\"fast\", \"slow\"]`",
                    ),
                },
                (known, _) if ARG_KEYS.contains(&known) => {
                    let form = match known {
                        "required" => "`required`".to_owned(),
                        _ => format!("`{known} = ...`"),
                    };
                    cx.error_tokens(&meta, format!("expected {form}"));
                }
                _ => unknown_key(cx, &meta, "`#[arg]`", ARG_KEYS),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flash_grammar::units::{DURATION_SAMPLES, SIZE_SAMPLES};

    fn parse(args: TokenStream) -> (CmdAttr, bool) {
        let mut cx = Ctxt::default();
        let attr = CmdAttr::parse(&mut cx, args);
        let failed = cx.finish().is_some();
        (attr, failed)
    }

    /// `timeout = "…"` compiles exactly when the runtime reads the same
    /// text, to the same value.
    #[test]
    fn timeout_reads_the_runtime_grammar() {
        for &text in DURATION_SAMPLES {
            let (attr, failed) = parse(quote::quote!(run_async, timeout = #text));
            match parse_duration(text) {
                Ok(value) => {
                    assert!(!failed, "{text:?} runs but does not compile");
                    assert_eq!(attr.timeout.map(|t| t.value), Some(value), "{text:?}");
                }
                Err(_) => assert!(failed, "{text:?} compiles but does not run"),
            }
        }
    }

    /// `memory_limit = "…"` likewise.
    #[test]
    fn memory_limit_reads_the_runtime_grammar() {
        for &text in SIZE_SAMPLES {
            let (attr, failed) = parse(quote::quote!(run_async, memory_limit = #text));
            match parse_size(text) {
                Ok(value) => {
                    assert!(!failed, "{text:?} runs but does not compile");
                    assert_eq!(attr.memory_limit.map(|m| m.value), Some(value), "{text:?}");
                }
                Err(_) => assert!(failed, "{text:?} compiles but does not run"),
            }
        }
    }

    /// Model names are the runtime's.
    #[test]
    fn model_names_are_the_runtimes() {
        for model in Model::ALL {
            let name = syn::Ident::new(model.name(), Span::call_site());
            let (attr, failed) = parse(quote::quote!(run_async, model = #name));
            assert!(!failed && attr.model.map(|m| m.0) == Some(model));
        }
        assert!(parse(quote::quote!(run_async, model = gpu)).1);
    }
}
