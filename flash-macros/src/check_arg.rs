//! The rules one argument follows, for commands' parameters and `Args`
//! fields alike; each records its errors at the user's token.

use syn::{LitStr, Type};

use crate::ast::{Param, Shape};
use crate::ctxt::Ctxt;
use crate::expand::args::{Arg, Kind};
use crate::names::closest;

/// Every rule for `params` (resolved as `args`); `in_group`: the fields of
/// an `Args` struct, which are options, not positionals.
pub fn check_args(cx: &mut Ctxt, params: &[Param], args: &[Arg], in_group: bool) {
    check_keys_fit_shape(cx, params);
    for a in args {
        check_new_keys(cx, a);
        check_names(cx, a, args);
        if in_group && a.kind == Kind::Positional {
            cx.error_tokens(
                &a.param.ident,
                format!(
                    "`{}` is a field of an `Args` group, which holds options: add `#[arg(long)]` (or `short`)",
                    a.param.ident
                ),
            );
        }
    }
    if !in_group {
        check_positional_order(cx, args);
    }
    check_unique_flags(cx, args);
}

/// A name in `conflicts_with`, `requires` or `one_of` is an argument of
/// the same command (or group), with a did-you-mean.
pub fn known_name(cx: &mut Ctxt, name: &LitStr, args: &[Arg], key: &str) {
    let names: Vec<String> = args.iter().map(Arg::name).collect();
    if names.iter().any(|n| *n == name.value()) {
        return;
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let tip = match closest(&name.value(), &refs) {
        Some(near) => format!("; did you mean `{near}`?"),
        None => format!("; its arguments are {}", list(&refs)),
    };
    cx.error_tokens(
        name,
        format!(
            "`{key}` names `{}`, which is not an argument here{tip}",
            name.value()
        ),
    );
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `conflicts_with` and `requires` name other arguments.
fn check_names(cx: &mut Ctxt, a: &Arg, args: &[Arg]) {
    let attr = &a.param.attr;
    for (names, key) in [
        (&attr.conflicts_with, "conflicts_with"),
        (&attr.requires, "requires"),
    ] {
        for name in names {
            if name.value() == a.name() {
                cx.error_tokens(
                    name,
                    format!(
                        "`{key}` names `{}` itself; name another argument of this command",
                        a.name()
                    ),
                );
            } else {
                known_name(cx, name, args, key);
            }
        }
    }
}

const INTEGERS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
];
const FLOATS: &[&str] = &["f32", "f64"];

/// The name of a primitive type written as one identifier (`u8`).
fn prim(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// The keys added with clap's vocabulary fit the parameter.
fn check_new_keys(cx: &mut Ctxt, a: &Arg) {
    let attr = &a.param.attr;
    let shape = &a.param.shape;
    if let Some(span) = attr.count {
        let integer = prim(&a.param.ty).is_some_and(|p| INTEGERS.contains(&p.as_str()));
        if !matches!(shape, Shape::One) || !integer {
            cx.error_spanned(span, format!(
                "`count` counts occurrences into an integer; make `{}` a `u8` (or another integer type)",
                a.param.ident
            ));
        } else if let Some(d) = &attr.default {
            cx.error_tokens(
                d,
                "`count` starts at 0 and adds one per occurrence; drop `default`",
            );
        }
    }
    if let Some(span) = attr.negate {
        if !matches!(shape, Shape::Flag) {
            cx.error_spanned(
                span,
                "`negate` adds `--no-NAME` to a `bool` flag; it does not apply here",
            );
        }
    }
    if let Some(span) = attr.last {
        if !matches!(shape, Shape::Many(_) | Shape::Optional(_)) || a.kind != Kind::Positional {
            cx.error_spanned(
                span,
                "`last` takes what follows `--`: a positional `Vec<T>` (everything) or `Option<T>` (one value)",
            );
        }
    }
    check_optional_value_keys(cx, a);
    if let Some(range) = &attr.range {
        check_range(cx, a, range);
    }
    if let Some(f) = &attr.parse {
        if matches!(shape, Shape::Flag) || a.kind == Kind::Count {
            cx.error_tokens(f, "`parse` reads a value; a flag takes none");
        }
    }
    check_prompt(cx, a);
}

/// `default_missing`, `no_long`, `complete` and `value_hint` fit the
/// argument.
fn check_optional_value_keys(cx: &mut Ctxt, a: &Arg) {
    let attr = &a.param.attr;
    let shape = &a.param.shape;
    if let Some(expr) = &attr.default_missing {
        let why = match (shape, a.kind) {
            (Shape::Flag, _) | (_, Kind::Count) => Some("a flag takes no value, so it has no `default_missing`; a `bool` is already `true` when given"),
            (Shape::Many(_), _) => Some("`default_missing` is one value of an option given alone; a `Vec` takes none"),
            (Shape::OptionalValue(_), _) => Some("an `Option<Option<T>>` given alone is `Some(None)`; take `Option<T>` (or `T`) with `default_missing` instead"),
            (_, Kind::Positional) => Some("`default_missing` is the value of an option given alone: add `#[arg(long)]`"),
            _ => None,
        };
        if let Some(why) = why {
            cx.error_tokens(expr, why);
        }
    }
    if let Some(span) = attr.no_long {
        if !matches!(shape, Shape::Flag) || a.short.is_none() {
            cx.error_spanned(
                span,
                "`no_long` leaves a `bool` flag only its short name: write `#[arg(short, no_long)]` on a `bool`",
            );
        } else if attr.long.is_some() {
            cx.error_spanned(span, "`no_long` and `long` contradict each other; keep one");
        }
    }
    let flag = matches!(shape, Shape::Flag) || a.kind == Kind::Count;
    if let (Some(f), true) = (&attr.complete, flag) {
        cx.error_tokens(f, "`complete` offers values; a flag takes none");
    }
    if let (Some((_, span)), true) = (&attr.value_hint, flag) {
        cx.error_spanned(
            *span,
            "`value_hint` says what a value is; a flag takes none",
        );
    }
    if let (Some(f), Some((_, span))) = (&attr.complete, &attr.possible) {
        let _ = f;
        cx.error_spanned(
            *span,
            "`possible` values are completed already; drop `possible` or `complete`",
        );
    }
}

/// `prompt` asks for one value; `secret` hides it, so it needs a prompt.
fn check_prompt(cx: &mut Ctxt, a: &Arg) {
    let attr = &a.param.attr;
    if let (Some(span), None) = (attr.secret, &attr.prompt) {
        cx.error_spanned(
            span,
            "`secret` hides what is typed at a prompt; add `prompt = \"...\"`",
        );
    }
    let Some(prompt) = &attr.prompt else {
        return;
    };
    if matches!(a.param.shape, Shape::Flag) || a.kind == Kind::Count {
        cx.error_tokens(prompt, "`prompt` asks for a value; a flag takes none");
    } else if matches!(a.param.shape, Shape::Many(_)) {
        cx.error_tokens(
            prompt,
            "`prompt` asks for one value; it does not apply to a `Vec`",
        );
    } else if prompt.value().trim().is_empty() {
        cx.error_tokens(
            prompt,
            "a prompt needs a title, e.g. `prompt = \"Passphrase\"`",
        );
    }
}

/// `range` on a number, with number bounds.
fn check_range(cx: &mut Ctxt, a: &Arg, range: &syn::Expr) {
    let elem = a.elem().and_then(prim);
    let numeric = elem
        .as_deref()
        .is_some_and(|p| INTEGERS.contains(&p) || FLOATS.contains(&p));
    if !numeric || a.kind == Kind::Count {
        let ty = &a.param.ty;
        cx.error_tokens(
            range,
            format!(
                "`range` checks a number; `{}` is a `{}`",
                a.param.ident,
                quote::quote!(#ty)
            ),
        );
        return;
    }
    let syn::Expr::Range(r) = range else { return };
    let mut numeric = true;
    for bound in [&r.start, &r.end].into_iter().flatten() {
        if !is_number(bound) {
            numeric = false;
            cx.error_tokens(
                bound,
                "a `range` bound is a number literal, e.g. `range = 1..=65535`",
            );
        }
    }
    if numeric {
        check_range_holds(cx, a, r);
    }
}

/// A `range` holds at least one value, and holds the `default`.
fn check_range_holds(cx: &mut Ctxt, a: &Arg, r: &syn::ExprRange) {
    let closed = matches!(r.limits, syn::RangeLimits::Closed(_));
    let (start, end) = (
        r.start.as_deref().and_then(number),
        r.end.as_deref().and_then(number),
    );
    let shown = crate::expand::args::compact(&quote::ToTokens::to_token_stream(r).to_string());
    if let (Some(lo), Some(hi), Some(s), Some(e)) = (start, end, &r.start, &r.end) {
        let text = |b: &syn::Expr| {
            quote::ToTokens::to_token_stream(b)
                .to_string()
                .replace(' ', "")
        };
        let tip = if lo > hi {
            Some(format!(
                "its start is above its end; write `range = {}{}{}`",
                text(e),
                if closed { "..=" } else { ".." },
                text(s)
            ))
        } else if lo == hi && !closed {
            Some(format!(
                "`..` leaves out its end; write `range = {}..={}`",
                text(s),
                text(e)
            ))
        } else {
            None
        };
        if let Some(tip) = tip {
            cx.error_tokens(r, format!("`range = {shown}` holds no value: {tip}"));
            return;
        }
    }
    let Some(default) = &a.param.attr.default else {
        return;
    };
    let Some(value) = number(default) else { return };
    let below = start.is_some_and(|lo| value < lo);
    let above = end.is_some_and(|hi| value > hi || (value == hi && !closed));
    if below || above {
        cx.error_tokens(
            default,
            format!("the `default` is outside `range = {shown}`; give a default inside the range"),
        );
    }
}

/// The value of a number literal (`-5`, `0.5`).
fn number(expr: &syn::Expr) -> Option<f64> {
    match expr {
        syn::Expr::Lit(l) => match &l.lit {
            syn::Lit::Int(i) => i.base10_digits().parse().ok(),
            syn::Lit::Float(f) => f.base10_digits().parse().ok(),
            _ => None,
        },
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Neg(_)) => number(&u.expr).map(|n| -n),
        syn::Expr::Group(g) => number(&g.expr),
        syn::Expr::Paren(p) => number(&p.expr),
        _ => None,
    }
}

fn is_number(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(l) => matches!(l.lit, syn::Lit::Int(_) | syn::Lit::Float(_)),
        syn::Expr::Unary(u) => matches!(u.op, syn::UnOp::Neg(_)) && is_number(&u.expr),
        syn::Expr::Group(g) => is_number(&g.expr),
        syn::Expr::Paren(p) => is_number(&p.expr),
        _ => false,
    }
}

/// Keys that make no sense for the parameter's shape.
fn check_keys_fit_shape(cx: &mut Ctxt, params: &[Param]) {
    for p in params {
        let a = &p.attr;
        match &p.shape {
            Shape::Context | Shape::Ref(_) => {}
            Shape::Flag => {
                if let Some(d) = &a.default {
                    if !matches!(
                        d,
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Bool(_),
                            ..
                        })
                    ) {
                        cx.error_tokens(
                            d,
                            "a `bool` flag's `default` is `true` or `false` (`true` adds `--no-NAME`)",
                        );
                    }
                }
                if let Some(span) = a.required {
                    cx.error_spanned(
                        span,
                        "a `bool` flag cannot be `required`; take a value instead",
                    );
                }
                if let Some((_, span)) = &a.possible {
                    cx.error_spanned(
                        *span,
                        "a `bool` flag takes no value, so no `possible` values",
                    );
                }
                if let Some(v) = &a.value_name {
                    cx.error_tokens(v, "a `bool` flag takes no value, so no `value_name`");
                }
            }
            Shape::Optional(_) => {
                if let Some(d) = &a.default {
                    cx.error_tokens(d, "an `Option` is `None` when absent; for a default, take the plain type with `default`");
                }
                if let Some(span) = a.required {
                    cx.error_spanned(
                        span,
                        "an `Option` parameter cannot be `required`; take the plain type instead",
                    );
                }
            }
            Shape::Many(_) => {
                if let Some(d) = &a.default {
                    cx.error_tokens(d, "a `Vec` is empty when absent; it takes no `default`");
                }
            }
            Shape::OptionalValue(_) => {
                if let Some(d) = &a.default {
                    cx.error_tokens(
                        d,
                        "an `Option<Option<T>>` is `None` when absent; it takes no `default`",
                    );
                }
                if let Some(span) = a.required {
                    cx.error_spanned(
                        span,
                        "an `Option<Option<T>>` may be absent; it cannot be `required`",
                    );
                }
                if a.long.is_none() && a.short.is_none() {
                    cx.error_tokens(
                        &p.ty,
                        format!(
                            "`{}` is an option whose value may be left out (`--{}[=VALUE]`): add `#[arg(long)]`",
                            p.ident,
                            crate::names::kebab(&p.ident.to_string())
                        ),
                    );
                }
            }
            Shape::One => {
                if let (Some(span), Some(_)) = (a.required, &a.default) {
                    cx.error_spanned(span, "an argument with a `default` is never missing; drop `required` or `default`");
                }
                check_string_default(cx, p);
                check_variant_default(cx, p);
            }
        }
    }
}

/// `default = "three"` on a number is a compile error on the literal,
/// rather than `Into` listing every `From` impl of the type.
fn check_string_default(cx: &mut Ctxt, p: &Param) {
    let Some(syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    })) = &p.attr.default
    else {
        return;
    };
    let Some(prim) = prim(&p.ty) else { return };
    let text = s.value();
    let ok = match prim.as_str() {
        t if INTEGERS.contains(&t) || FLOATS.contains(&t) => false,
        "bool" | "char" => false,
        _ => return,
    };
    if !ok {
        let suggestion = if text.parse::<f64>().is_ok() {
            format!("; write the number itself: `default = {text}`")
        } else {
            String::new()
        };
        cx.error_tokens(
            s,
            format!(
                "`default = \"{text}\"` is a string, and `{}` is a `{prim}`{suggestion}",
                p.ident
            ),
        );
    }
}

/// `default = Format::Plain` on a `String` (or another std type that is
/// no enum) is a compile error naming the mistake, rather than `Into`
/// listing every `From` impl of the type.
fn check_variant_default(cx: &mut Ctxt, p: &Param) {
    let Some(default) = &p.attr.default else {
        return;
    };
    let Some(prim) = prim(&p.ty) else { return };
    let std_type = INTEGERS.contains(&prim.as_str())
        || FLOATS.contains(&prim.as_str())
        || ["String", "PathBuf", "OsString", "char"].contains(&prim.as_str());
    if std_type && crate::expand::arg::looks_like_variant(default) {
        let written =
            crate::expand::args::compact(&quote::ToTokens::to_token_stream(default).to_string());
        cx.error_tokens(
            default,
            format!(
                "`default = {written}` is an enum variant, and `{}` is a `{prim}`; make `{}` of that enum's type (deriving `flash::ValueEnum`)",
                p.ident, p.ident
            ),
        );
    }
}

/// Positionals: a `Vec` comes last, and no required one follows an
/// optional one. A by-value parameter with no keys may be an `Args` group
/// (only the compiler knows): it is left out here, and `#[cmd]` checks it
/// with the compiler's help (see `dispatch::positional_order_checks`).
fn check_positional_order(cx: &mut Ctxt, args: &[Arg]) {
    let positionals: Vec<&Arg> = args
        .iter()
        .filter(|a| a.kind == Kind::Positional && a.param.attr.last.is_none())
        .filter(|a| !a.maybe_group() || a.param.attr.has_argument_keys())
        .collect();
    let mut optional_seen = false;
    for (i, a) in positionals.iter().enumerate() {
        if a.multiple && i + 1 < positionals.len() {
            cx.error_tokens(
                &a.param.ty,
                format!(
                    "the variadic positional `{}` must be the last positional argument; move it after `{}`",
                    a.param.ident,
                    positionals[positionals.len() - 1].param.ident
                ),
            );
            // The positionals after it would only repeat the same mistake.
            return;
        } else if a.required && optional_seen {
            cx.error_tokens(
                &a.param.ident,
                format!("the required positional `{}` cannot follow an optional one; move it before, or make it optional", a.param.ident),
            );
            return;
        }
        optional_seen |= !a.required;
    }
}

/// No two arguments share a long or a short name.
fn check_unique_flags(cx: &mut Ctxt, args: &[Arg]) {
    for (i, a) in args.iter().enumerate() {
        if let Some((long, span)) = &a.long {
            if let Some(first) = args[..i]
                .iter()
                .find(|b| b.long.as_ref().is_some_and(|(l, _)| l == long))
            {
                cx.error_spanned(
                    *span,
                    format!("`--{long}` is already the flag of `{}`; give this one another `long = \"...\"`", first.param.ident),
                );
            }
        }
        if let Some((short, span)) = &a.short {
            if let Some(first) = args[..i]
                .iter()
                .find(|b| b.short.as_ref().is_some_and(|(s, _)| s == short))
            {
                cx.error_spanned(
                    *span,
                    format!("`-{short}` is already the short flag of `{}`; give this one another `short = '...'`", first.param.ident),
                );
            }
        }
    }
}
