//! `#[flash::cmd(...)]`.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitInt, LitStr, Meta, Token};

use flash_grammar::exec::Model;
use flash_grammar::names::check_command_name;
use flash_grammar::units::{parse_duration, parse_size};

use super::{read_keys, set_once, str_list, str_lit, value, word, KeyFn};
use crate::ctxt::Ctxt;

/// Which handler kind the attribute names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Handler {
    Sync,
    Async,
}

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
    pub hidden: Option<Span>,
    pub one_of: Option<(Vec<LitStr>, Span)>,
    /// `short_flag = 'S'`, with the literal's span.
    pub short_flag: Option<(char, Span)>,
    /// `long_flag = "sync"`.
    pub long_flag: Option<LitStr>,
    /// `help_if_no_args`.
    pub help_if_no_args: Option<Span>,
}

const KEYS: &[(&str, KeyFn<CmdAttr>)] = &[
    ("run", |a, cx, m| handler(a, cx, m, Handler::Sync)),
    ("run_async", |a, cx, m| handler(a, cx, m, Handler::Async)),
    ("model", model),
    ("name", name),
    ("alias", alias),
    ("timeout", timeout),
    ("max_concurrency", max_concurrency),
    ("memory_limit", memory_limit),
    ("hidden", |a, cx, m| {
        if let Some(span) = word(cx, m) {
            set_once(cx, &mut a.hidden, span, m);
        }
    }),
    ("one_of", one_of),
    ("short_flag", short_flag),
    ("long_flag", long_flag),
    ("help_if_no_args", |a, cx, m| {
        if let Some(span) = word(cx, m) {
            set_once(cx, &mut a.help_if_no_args, span, m);
        }
    }),
];

impl CmdAttr {
    /// Parses the attribute's arguments, recording every mistake in `cx`.
    pub fn parse(cx: &mut Ctxt, args: TokenStream) -> CmdAttr {
        let mut attr = CmdAttr::default();
        match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(args) {
            Ok(metas) => read_keys(cx, &mut attr, metas, KEYS, "`#[flash::cmd]`"),
            Err(e) => cx.push(e),
        }
        attr
    }
}

fn handler(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta, kind: Handler) {
    if !matches!(meta, Meta::Path(_)) {
        let key = if kind == Handler::Sync {
            "run"
        } else {
            "run_async"
        };
        cx.error_tokens(
            meta,
            format!("`{key}` takes no value; write `#[flash::cmd({key})]`"),
        );
    }
    // Still a handler: no second error saying there is none.
    attr.handlers.push((kind, meta.path().span()));
}

fn model(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "model = io") else {
        return;
    };
    let word = match expr {
        Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
        _ => None,
    };
    match word.as_deref().and_then(Model::from_name) {
        Some(m) => set_once(cx, &mut attr.model, (m, expr.span()), meta),
        None => {
            let typed = word.unwrap_or_else(|| quote::quote!(#expr).to_string());
            let names = Model::ALL.map(Model::name);
            let tip = crate::names::closest(&typed, &names)
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_else(|| "; expected `io`, `cpu`, `stream` or `blocking`".to_owned());
            cx.error_tokens(expr, format!("unknown execution model `{typed}`{tip}"));
        }
    }
}

fn check_name(cx: &mut Ctxt, s: &LitStr, key: &str) {
    if let Err(rule) = check_command_name(&s.value()) {
        cx.error_tokens(s, format!("`{key}` must be {rule}"));
    }
}

fn name(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "name = \"...\"") else {
        return;
    };
    if let Some(s) = str_lit(cx, expr, "name") {
        check_name(cx, &s, "name");
        set_once(cx, &mut attr.name, s, meta);
    }
}

fn alias(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "alias = \"...\"") else {
        return;
    };
    for s in str_list(cx, expr, "alias") {
        check_name(cx, &s, "alias");
        attr.aliases.push(s);
    }
}

fn timeout(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "timeout = \"30s\"") else {
        return;
    };
    if let Some(lit) = str_lit(cx, expr, "timeout") {
        // The runtime's own grammar: what compiles is what runs.
        match parse_duration(&lit.value()) {
            Ok(value) => set_once(cx, &mut attr.timeout, Parsed { value, lit }, meta),
            Err(e) => cx.error_tokens(&lit, e),
        }
    }
}

fn memory_limit(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "memory_limit = \"64MiB\"") else {
        return;
    };
    if let Some(lit) = str_lit(cx, expr, "memory_limit") {
        match parse_size(&lit.value()) {
            Ok(value) => set_once(cx, &mut attr.memory_limit, Parsed { value, lit }, meta),
            Err(e) => cx.error_tokens(&lit, e),
        }
    }
}

fn max_concurrency(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "max_concurrency = ...") else {
        return;
    };
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(n), ..
        }) => match n.base10_parse::<usize>() {
            Ok(v) if v > 0 => set_once(cx, &mut attr.max_concurrency, n.clone(), meta),
            _ => cx.error_tokens(n, "`max_concurrency` must be a whole number of at least 1"),
        },
        other => cx.error_tokens(
            other,
            "`max_concurrency` must be an integer, e.g. `max_concurrency = 10`",
        ),
    }
}

fn short_flag(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "short_flag = 'S'") else {
        return;
    };
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Char(c), ..
        }) if flash_grammar::names::valid_short(c.value()) => {
            if matches!(c.value(), 'h' | 'V') {
                cx.error_tokens(
                    c,
                    format!(
                        "`-{}` is the app's own ({}); pick another letter for `short_flag`",
                        c.value(),
                        if c.value() == 'h' {
                            "help"
                        } else {
                            "its version"
                        }
                    ),
                );
            } else {
                set_once(cx, &mut attr.short_flag, (c.value(), c.span()), meta);
            }
        }
        other => cx.error_tokens(
            other,
            "`short_flag` takes one letter, e.g. `short_flag = 'S'`",
        ),
    }
}

fn long_flag(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "long_flag = \"sync\"") else {
        return;
    };
    if let Some(s) = str_lit(cx, expr, "long_flag") {
        match flash_grammar::names::check_long(&s.value()) {
            Ok(()) if matches!(s.value().as_str(), "help" | "version") => cx.error_tokens(
                &s,
                format!(
                    "`--{}` is the app's own; pick another name for `long_flag`",
                    s.value()
                ),
            ),
            Ok(()) => set_once(cx, &mut attr.long_flag, s, meta),
            Err(rule) => cx.error_tokens(
                &s,
                format!("a long flag is {rule}, e.g. `long_flag = \"sync\"`"),
            ),
        }
    }
}

fn one_of(attr: &mut CmdAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "one_of = [\"a\", \"b\"]") else {
        return;
    };
    if !matches!(expr, Expr::Array(_)) {
        return cx.error_tokens(
            expr,
            "`one_of` takes a list of argument names, e.g. `one_of = [\"url\", \"file\"]`",
        );
    }
    let names = str_list(cx, expr, "one_of");
    if names.len() < 2 {
        cx.error_tokens(
            expr,
            "`one_of` names at least two arguments, e.g. `one_of = [\"url\", \"file\"]`",
        );
    }
    set_once(cx, &mut attr.one_of, (names, expr.span()), meta);
}
#[cfg(test)]
mod tests {
    use super::*;
    use flash_grammar::units::{DURATION_SAMPLES, SIZE_SAMPLES};
    use proc_macro2::Span;

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
