//! `#[value(...)]`, on a variant of a `#[derive(flash::ValueEnum)]` enum.

use syn::punctuated::Punctuated;
use syn::{LitStr, Meta, Token};

use flash_grammar::names::check_command_name;

use super::{read_keys, set_once, str_list, str_lit, value, word, KeyFn};
use crate::ctxt::Ctxt;

/// The keys of one `#[value(...)]`.
#[derive(Default)]
pub struct ValueAttr {
    /// The name typed on the command line (default: the variant's, in
    /// kebab-case).
    pub name: Option<LitStr>,
    /// Other names it is accepted as (not shown in help).
    pub aliases: Vec<LitStr>,
    /// Accepted, but not shown in help or completions.
    pub hidden: Option<proc_macro2::Span>,
}

const KEYS: &[(&str, KeyFn<ValueAttr>)] = &[
    ("name", |a, cx, m| {
        if let Some(s) = value(cx, m, "name = \"...\"").and_then(|e| str_lit(cx, e, "name")) {
            check(cx, &s);
            set_once(cx, &mut a.name, s, m);
        }
    }),
    ("alias", |a, cx, m| {
        if let Some(e) = value(cx, m, "alias = \"...\"") {
            for s in str_list(cx, e, "alias") {
                check(cx, &s);
                a.aliases.push(s);
            }
        }
    }),
    ("hidden", |a, cx, m| {
        if let Some(span) = word(cx, m) {
            set_once(cx, &mut a.hidden, span, m);
        }
    }),
];

fn check(cx: &mut Ctxt, s: &LitStr) {
    if let Err(rule) = check_command_name(&s.value()) {
        cx.error_tokens(s, format!("a value's name must be {rule}"));
    }
}

impl ValueAttr {
    /// Parses one `#[value(...)]` into `self`.
    pub fn parse_into(&mut self, cx: &mut Ctxt, attr: &syn::Attribute) {
        match attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(metas) => read_keys(cx, self, metas, KEYS, "`#[value]`"),
            Err(e) => cx.push(e),
        }
    }
}
