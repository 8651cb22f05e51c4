//! One function per rule a command must follow; each records its errors in
//! the context at the user's token.

use proc_macro2::Span;
use syn::ItemFn;

use crate::ast::{names_context, Command, Shape};
use flash_grammar::exec::Model;

use crate::attr::Handler;
use crate::check_arg::known_name;
use crate::ctxt::Ctxt;
use crate::expand::args::Arg;

/// Runs every rule.
pub fn check(cx: &mut Ctxt, cmd: &Command, item: &ItemFn, args: &[Arg]) {
    check_handler(cx, cmd, item);
    check_model(cx, cmd);
    check_runtime_keys(cx, cmd);
    check_not_generic(cx, item);
    check_context_params(cx, cmd);
    crate::check_arg::check_args(cx, &cmd.params, args, false);
    check_refs(cx, cmd);
    check_one_of(cx, cmd, args);
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

/// A `&T` parameter is the app's globals or state: no `#[arg]` on it.
fn check_refs(cx: &mut Ctxt, cmd: &Command) {
    for p in &cmd.params {
        if let (Shape::Ref(ty), Some(span)) = (&p.shape, p.attr.span) {
            cx.error_spanned(
                span,
                format!(
                    "`&{}` is taken from the app (its globals or state), not the command line; `#[arg]` does not apply",
                    quote::quote!(#ty)
                ),
            );
        }
    }
}

/// `one_of` names arguments of the command that may be absent.
fn check_one_of(cx: &mut Ctxt, cmd: &Command, args: &[Arg]) {
    let Some((names, _)) = &cmd.attr.one_of else {
        return;
    };
    for name in names {
        known_name(cx, name, args, "one_of");
        let Some(a) = args.iter().find(|a| a.name() == name.value()) else {
            continue;
        };
        if a.required {
            cx.error_tokens(
                name,
                format!(
                    "`one_of` names `{}`, which is required on its own; make it optional (`Option<...>`) so that one of the others can be given instead",
                    a.name()
                ),
            );
        }
    }
}
