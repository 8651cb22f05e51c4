//! Parameters → the arguments of the command line.

use proc_macro2::Span;
use quote::ToTokens;

use crate::ast::{Param, Shape};
use crate::names::{kebab, upper};

/// How an argument takes values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Flag,
    Option,
    Positional,
}

/// A resolved argument: names, value name, arity.
pub struct Arg<'a> {
    pub param: &'a Param,
    pub kind: Kind,
    pub long: Option<(String, Span)>,
    pub short: Option<(char, Span)>,
    pub value_name: String,
    pub multiple: bool,
    pub required: bool,
}

impl Arg<'_> {
    /// How the argument is named in errors and help: `--times <N>`, `<NAME>`.
    pub fn display(&self) -> String {
        match self.kind {
            Kind::Flag => match (&self.long, &self.short) {
                (Some((l, _)), _) => format!("--{l}"),
                (None, Some((s, _))) => format!("-{s}"),
                (None, None) => String::new(),
            },
            Kind::Option => match (&self.long, &self.short) {
                (Some((l, _)), _) => format!("--{l} <{}>", self.value_name),
                (None, Some((s, _))) => format!("-{s} <{}>", self.value_name),
                (None, None) => String::new(),
            },
            Kind::Positional => self.placeholder(),
        }
    }

    /// `<NAME>`, `[NAME]`, `[FILES]...`, `<FILES>...`.
    pub fn placeholder(&self) -> String {
        let v = &self.value_name;
        match (self.required, self.multiple) {
            (true, false) => format!("<{v}>"),
            (false, false) => format!("[{v}]"),
            (true, true) => format!("<{v}>..."),
            (false, true) => format!("[{v}]..."),
        }
    }

    /// The text shown for `default = EXPR`: a string literal unquoted, any
    /// other expression as written.
    pub fn default_text(&self) -> Option<String> {
        self.param.attr.default.as_ref().map(|expr| match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value(),
            other => other.to_token_stream().to_string(),
        })
    }
}

/// Resolves every parameter but the context.
pub fn resolve(params: &[Param]) -> Vec<Arg<'_>> {
    params
        .iter()
        .filter(|p| !matches!(p.shape, Shape::Context))
        .map(|p| {
            let a = &p.attr;
            let name = p.ident.to_string();
            let short = a.short.as_ref().map(|(c, span)| {
                (
                    c.unwrap_or_else(|| kebab(&name).chars().next().unwrap_or('x')),
                    *span,
                )
            });
            let explicit_long = a
                .long
                .as_ref()
                .map(|(l, span)| (l.clone().unwrap_or_else(|| kebab(&name)), *span));
            let (kind, long) = match p.shape {
                Shape::Flag => (
                    Kind::Flag,
                    Some(explicit_long.unwrap_or_else(|| (kebab(&name), p.ident.span()))),
                ),
                _ if explicit_long.is_some() || short.is_some() => (Kind::Option, explicit_long),
                _ => (Kind::Positional, None),
            };
            let (multiple, required) = match p.shape {
                Shape::Flag | Shape::Optional(_) | Shape::Context => (false, false),
                Shape::One => (false, a.default.is_none()),
                Shape::Many(_) => (true, a.required.is_some()),
            };
            let value_name = a
                .value_name
                .as_ref()
                .map_or_else(|| upper(&name), |v| v.value());
            Arg {
                param: p,
                kind,
                long,
                short,
                value_name,
                multiple,
                required,
            }
        })
        .collect()
}
