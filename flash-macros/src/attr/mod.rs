//! The keys of `#[flash::cmd(...)]`, `#[arg(...)]` and `#[value(...)]`.
//!
//! Each key is read by a function of its own, found in a table by name;
//! an unknown key is an error that names the nearest valid one.

mod arg;
mod cmd;
mod value;

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprArray, ExprLit, Lit, LitStr, Meta, Token};

use crate::ctxt::Ctxt;
use crate::names::unknown_key_message;

pub use arg::ArgAttr;
pub use cmd::{CmdAttr, Handler};
pub use value::ValueAttr;

/// Reads one key into `T`.
type KeyFn<T> = fn(&mut T, &mut Ctxt, &Meta);

/// Reads `metas` into `target` with the functions of `keys`; `what` names
/// the attribute in errors (`` `#[arg]` ``).
fn read_keys<T>(
    cx: &mut Ctxt,
    target: &mut T,
    metas: Punctuated<Meta, Token![,]>,
    keys: &[(&str, KeyFn<T>)],
    what: &str,
) {
    for meta in metas {
        let key = meta
            .path()
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match keys.iter().find(|(name, _)| *name == key) {
            Some((_, read)) => read(target, cx, &meta),
            None => {
                let names: Vec<&str> = keys.iter().map(|(name, _)| *name).collect();
                let typed = meta
                    .path()
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                cx.error_tokens(meta.path(), unknown_key_message(what, &typed, &names));
            }
        }
    }
}

fn set_once<T>(cx: &mut Ctxt, slot: &mut Option<T>, value: T, meta: &Meta) {
    if slot.is_some() {
        cx.error_tokens(meta, "this key is given twice; keep one");
    } else {
        *slot = Some(value);
    }
}

/// `key = value`'s value, or an error saying how to write the key.
fn value<'m>(cx: &mut Ctxt, meta: &'m Meta, example: &str) -> Option<&'m Expr> {
    match meta {
        Meta::NameValue(nv) => Some(&nv.value),
        _ => {
            cx.error_tokens(meta, format!("expected `{example}`"));
            None
        }
    }
}

/// A key that takes no value (`required`, `hidden`): its span.
fn word(cx: &mut Ctxt, meta: &Meta) -> Option<Span> {
    match meta {
        Meta::Path(p) => Some(p.span()),
        _ => {
            let key = meta
                .path()
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            cx.error_tokens(meta, format!("`{key}` takes no value; write `{key}`"));
            None
        }
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

/// A string or a list of strings: `alias = "h"`, `alias = ["h", "hs"]`.
fn str_list(cx: &mut Ctxt, expr: &Expr, key: &str) -> Vec<LitStr> {
    match expr {
        Expr::Array(ExprArray { elems, .. }) => {
            elems.iter().filter_map(|e| str_lit(cx, e, key)).collect()
        }
        other => str_lit(cx, other, key).into_iter().collect(),
    }
}
