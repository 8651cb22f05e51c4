//! `#[arg(...)]`, on a command's parameter or an `Args` struct's field.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitStr, Meta, Path, Token};

use flash_grammar::names::{check_long, valid_short};

use super::{read_keys, set_once, str_list, str_lit, value, word, KeyFn};
use crate::ctxt::Ctxt;

/// The keys of one `#[arg(...)]`, each with the span of the user's token.
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
    pub count: Option<Span>,
    pub negate: Option<Span>,
    pub conflicts_with: Vec<LitStr>,
    pub requires: Vec<LitStr>,
    pub hidden: Option<Span>,
    pub last: Option<Span>,
    /// `range = 1..=65535`: the expression.
    pub range: Option<Expr>,
    pub parse: Option<Path>,
    /// `prompt = "Title"`.
    pub prompt: Option<LitStr>,
    pub secret: Option<Span>,
    /// `default_missing = EXPR`: the value of the option given alone.
    pub default_missing: Option<Expr>,
    /// `no_long`: a flag with only its short name.
    pub no_long: Option<Span>,
    /// `heading = "Filters"`.
    pub heading: Option<LitStr>,
    /// `complete = path::to::fn`.
    pub complete: Option<Path>,
    /// `value_hint = dir`, with the word's span.
    pub value_hint: Option<(String, Span)>,
    /// The span of the whole attribute, when there was one.
    pub span: Option<Span>,
}

/// Every key, in the order the docs list them.
pub const KEYS: &[(&str, KeyFn<ArgAttr>)] = &[
    ("short", short),
    ("long", long),
    ("default", |a, cx, m| {
        if let Some(e) = value(cx, m, "default = ...") {
            set_once(cx, &mut a.default, e.clone(), m);
        }
    }),
    ("env", |a, cx, m| {
        if let Some(s) = value(cx, m, "env = \"VAR\"").and_then(|e| str_lit(cx, e, "env")) {
            set_once(cx, &mut a.env, s, m);
        }
    }),
    ("required", |a, cx, m| flag(cx, m, &mut a.required)),
    ("value_name", |a, cx, m| {
        let e = value(cx, m, "value_name = \"FILE\"");
        if let Some(s) = e.and_then(|e| str_lit(cx, e, "value_name")) {
            set_once(cx, &mut a.value_name, s, m);
        }
    }),
    ("possible", possible),
    ("count", |a, cx, m| flag(cx, m, &mut a.count)),
    ("negate", |a, cx, m| flag(cx, m, &mut a.negate)),
    ("conflicts_with", |a, cx, m| {
        if let Some(e) = value(cx, m, "conflicts_with = \"other\"") {
            a.conflicts_with.extend(str_list(cx, e, "conflicts_with"));
        }
    }),
    ("requires", |a, cx, m| {
        if let Some(e) = value(cx, m, "requires = \"other\"") {
            a.requires.extend(str_list(cx, e, "requires"));
        }
    }),
    ("hidden", |a, cx, m| flag(cx, m, &mut a.hidden)),
    ("last", |a, cx, m| flag(cx, m, &mut a.last)),
    ("range", range),
    ("parse", parse),
    ("prompt", |a, cx, m| {
        let e = value(cx, m, "prompt = \"Title\"");
        if let Some(s) = e.and_then(|e| str_lit(cx, e, "prompt")) {
            set_once(cx, &mut a.prompt, s, m);
        }
    }),
    ("secret", |a, cx, m| flag(cx, m, &mut a.secret)),
    ("default_missing", |a, cx, m| {
        if let Some(e) = value(cx, m, "default_missing = ...") {
            set_once(cx, &mut a.default_missing, e.clone(), m);
        }
    }),
    ("no_long", |a, cx, m| flag(cx, m, &mut a.no_long)),
    ("heading", |a, cx, m| {
        let e = value(cx, m, "heading = \"Filters\"");
        if let Some(s) = e.and_then(|e| str_lit(cx, e, "heading")) {
            set_once(cx, &mut a.heading, s, m);
        }
    }),
    ("complete", complete),
    ("value_hint", value_hint),
];

/// The words `value_hint` takes.
pub const VALUE_HINTS: &[&str] = &["path", "file", "dir", "executable", "command", "none"];

impl ArgAttr {
    /// Parses one `#[arg(...)]` into `self`.
    pub fn parse_into(&mut self, cx: &mut Ctxt, attr: &syn::Attribute) {
        self.span = Some(attr.span());
        match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(metas) => read_keys(cx, self, metas, KEYS, "`#[arg]`"),
            Err(e) => cx.push(e),
        }
    }

    /// Whether any key only an argument (not an `Args` group) can have is
    /// there.
    pub fn has_argument_keys(&self) -> bool {
        self.span.is_some()
    }
}

fn flag(cx: &mut Ctxt, meta: &Meta, slot: &mut Option<Span>) {
    if let Some(span) = word(cx, meta) {
        set_once(cx, slot, span, meta);
    }
}

fn short(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let span = meta.path().span();
    let Meta::NameValue(nv) = meta else {
        return set_once(cx, &mut attr.short, (None, span), meta);
    };
    match &nv.value {
        Expr::Lit(ExprLit {
            lit: Lit::Char(c), ..
        }) if valid_short(c.value()) => {
            set_once(cx, &mut attr.short, (Some(c.value()), c.span()), meta)
        }
        Expr::Lit(ExprLit {
            lit: Lit::Char(c), ..
        }) => cx.error_tokens(c, "a short flag is one letter or digit, e.g. `short = 'n'`"),
        other => cx.error_tokens(other, "`short` takes a character, e.g. `short = 'n'`"),
    }
}

fn long(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let span = meta.path().span();
    let Meta::NameValue(nv) = meta else {
        return set_once(cx, &mut attr.long, (None, span), meta);
    };
    if let Some(s) = str_lit(cx, &nv.value, "long") {
        match check_long(&s.value()) {
            Ok(()) => set_once(cx, &mut attr.long, (Some(s.value()), s.span()), meta),
            Err(rule) => cx.error_tokens(
                &s,
                format!("a long flag is {rule}, e.g. `long = \"out-dir\"`"),
            ),
        }
    }
}

fn possible(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "possible = [\"a\", \"b\"]") else {
        return;
    };
    match expr {
        Expr::Array(_) => {
            let values = str_list(cx, expr, "possible");
            set_once(cx, &mut attr.possible, (values, expr.span()), meta);
        }
        other => cx.error_tokens(
            other,
            "`possible` takes a list, e.g. `possible = [\"fast\", \"slow\"]`",
        ),
    }
}

fn range(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "range = 1..=65535") else {
        return;
    };
    match expr {
        Expr::Range(_) => set_once(cx, &mut attr.range, expr.clone(), meta),
        other => cx.error_tokens(
            other,
            "`range` takes a range of numbers, e.g. `range = 1..=65535` or `range = 0.0..1.0`",
        ),
    }
}

fn complete(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "complete = path::to::fn") else {
        return;
    };
    match expr {
        Expr::Path(p) => set_once(cx, &mut attr.complete, p.path.clone(), meta),
        other => cx.error_tokens(
            other,
            "`complete` takes the path of a `fn` that returns the candidates, e.g. `complete = note_names`",
        ),
    }
}

fn value_hint(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "value_hint = dir") else {
        return;
    };
    let word = match expr {
        Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
        _ => None,
    };
    match word {
        Some(w) if VALUE_HINTS.contains(&w.as_str()) => {
            set_once(cx, &mut attr.value_hint, (w, expr.span()), meta)
        }
        _ => {
            let typed = word.unwrap_or_else(|| quote::quote!(#expr).to_string());
            let tip = match crate::names::closest(&typed, VALUE_HINTS) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => {
                    "; expected `path`, `file`, `dir`, `executable`, `command` or `none`".to_owned()
                }
            };
            cx.error_tokens(expr, format!("unknown value hint `{typed}`{tip}"));
        }
    }
}

fn parse(attr: &mut ArgAttr, cx: &mut Ctxt, meta: &Meta) {
    let Some(expr) = value(cx, meta, "parse = path::to::fn") else {
        return;
    };
    match expr {
        Expr::Path(p) => set_once(cx, &mut attr.parse, p.path.clone(), meta),
        other => cx.error_tokens(
            other,
            "`parse` takes the path of a `fn(&str) -> Result<T, E>`, e.g. `parse = parse_port`",
        ),
    }
}
