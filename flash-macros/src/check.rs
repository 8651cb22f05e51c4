//! One function per rule a command must follow; each records its errors in
//! the context at the user's token.

use proc_macro2::Span;
use syn::ItemFn;

use crate::ast::{names_context, Command, Shape};
use flash_grammar::exec::Model;

use crate::attr::Handler;
use crate::ctxt::Ctxt;
use crate::expand::args::{Arg, Kind};

/// Runs every rule.
pub fn check(cx: &mut Ctxt, cmd: &Command, item: &ItemFn, args: &[Arg]) {
    check_handler(cx, cmd, item);
    check_model(cx, cmd);
    check_runtime_keys(cx, cmd);
    check_not_generic(cx, item);
    check_context_params(cx, cmd);
    check_keys_fit_shape(cx, cmd);
    check_positional_order(cx, args);
    check_unique_flags(cx, args);
}

/// Exactly one of `run` and `run_async`, matching the `fn`'s asyncness.
fn check_handler(cx: &mut Ctxt, cmd: &Command, item: &ItemFn) {
    let name = &cmd.ident;
    match cmd.attr.handlers.as_slice() {
        [] => cx.error_spanned(
            item.sig.ident.span(),
            format!(
                "command `{name}` has no handler; write `#[flash::cmd(run)]` for a `fn` or `#[flash::cmd(run_async)]` for an `async fn`"
            ),
        ),
        [(first, _), rest @ ..] => {
            if let Some((_, span)) = rest.iter().find(|(h, _)| h != first) {
                cx.error_spanned(
                    *span,
                    format!("command `{name}` has both a sync and an async handler; keep one of `run` and `run_async`"),
                );
            } else if let Some((_, span)) = rest.first() {
                cx.error_spanned(*span, "this handler is given twice; keep one");
            } else {
                match (first, cmd.asyncness) {
                    (Handler::Sync, Some(async_span)) => cx.error_spanned(
                        async_span,
                        format!("`run` marks a sync handler but `{name}` is an `async fn`; write `#[flash::cmd(run_async)]`"),
                    ),
                    (Handler::Async, None) => cx.error_spanned(
                        item.sig.fn_token.span,
                        format!("`run_async` marks an async handler but `{name}` is not an `async fn`; make it `async fn {name}` or write `#[flash::cmd(run)]`"),
                    ),
                    _ => {}
                }
            }
        }
    }
}

/// A sync handler runs on `blocking`; an async one needs a runtime.
fn check_model(cx: &mut Ctxt, cmd: &Command) {
    let (Some((handler, _)), Some((model, span))) = (cmd.attr.handlers.first(), cmd.attr.model)
    else {
        return;
    };
    match (handler, model) {
        (Handler::Sync, Model::Io | Model::Cpu | Model::Stream) => cx.error_spanned(
            span,
            "a sync handler (`run`) runs on the `blocking` model, with no runtime; to use this model make the handler an `async fn` with `run_async`",
        ),
        (Handler::Async, Model::Blocking) => cx.error_spanned(
            span,
            "`model = blocking` builds no async runtime, so it cannot run an `async fn`; use `model = io`, `cpu` or `stream`, or make the handler a plain `fn` with `run`",
        ),
        _ => {}
    }
}

/// `timeout`, `max_concurrency` and `memory_limit` configure the async runtime.
fn check_runtime_keys(cx: &mut Ctxt, cmd: &Command) {
    if cmd.attr.handlers.first().map(|(h, _)| *h) != Some(Handler::Sync) {
        return;
    }
    let keys: [(&str, Option<Span>); 3] = [
        ("timeout", cmd.attr.timeout.as_ref().map(|p| p.lit.span())),
        (
            "max_concurrency",
            cmd.attr.max_concurrency.as_ref().map(|l| l.span()),
        ),
        (
            "memory_limit",
            cmd.attr.memory_limit.as_ref().map(|p| p.lit.span()),
        ),
    ];
    for (key, span) in keys {
        if let Some(span) = span {
            cx.error_spanned(
                span,
                format!("`{key}` configures the async runtime, which a sync handler does not have; use `run_async` or drop `{key}`"),
            );
        }
    }
}

/// A command is called by flash with concrete types.
fn check_not_generic(cx: &mut Ctxt, item: &ItemFn) {
    if !item.sig.generics.params.is_empty() {
        cx.error_tokens(
            &item.sig.generics,
            "a command cannot be generic; flash calls it with concrete argument types",
        );
    }
}

/// At most one `&Context`, taken by reference, and it takes no `#[arg]`.
fn check_context_params(cx: &mut Ctxt, cmd: &Command) {
    let mut seen = false;
    for p in &cmd.params {
        match p.shape {
            Shape::Context => {
                if seen {
                    cx.error_tokens(
                        &p.ty,
                        "a command takes at most one `&Context`; remove this one",
                    );
                }
                seen = true;
                if let Some(span) = p.attr.span {
                    cx.error_spanned(span, "`#[arg]` does not apply to the context parameter");
                }
            }
            _ if names_context(&p.ty) => {
                cx.error_tokens(&p.ty, "take the context by reference: `ctx: &Context`");
            }
            _ => {}
        }
    }
}

/// Keys that make no sense for the parameter's shape.
fn check_keys_fit_shape(cx: &mut Ctxt, cmd: &Command) {
    for p in &cmd.params {
        let a = &p.attr;
        match &p.shape {
            Shape::Context => {}
            Shape::Flag => {
                if let Some(d) = &a.default {
                    cx.error_tokens(
                        d,
                        "a `bool` flag is false unless given; it takes no `default`",
                    );
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
            Shape::One => {
                if let (Some(span), Some(_)) = (a.required, &a.default) {
                    cx.error_spanned(span, "an argument with a `default` is never missing; drop `required` or `default`");
                }
            }
        }
    }
}

/// Positionals: a `Vec` comes last, and no required one follows an optional one.
fn check_positional_order(cx: &mut Ctxt, args: &[Arg]) {
    let positionals: Vec<&Arg> = args.iter().filter(|a| a.kind == Kind::Positional).collect();
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
