//! The generated items: a marker type named like the function, implementing
//! `Command` with the static tables and the function that runs the handler,
//! and `Takes` with what the command takes by reference (checked by `app!`).
//!
//! The table is static data: one slice per parameter (a by-value
//! parameter may be an `Args` group, which only its type's constant can
//! say, so such a parameter's slice is chosen through `Param`), and help,
//! completion and the docs read it at run time.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, ItemFn, Type};

use flash_grammar::exec::Model;

use crate::ast::{Command, Shape};
use crate::attr::Handler;
use crate::expand::arg;
use crate::expand::args::Arg;
use crate::expand::runtime::{self, RuntimeRow};
use crate::names::kebab;

/// `struct name {}` in the type namespace (a braced struct has no value, so
/// it sits beside the `fn` of the same name) with its `Command` and `Takes`
/// impls.
pub fn marker(
    item: &ItemFn,
    spec: TokenStream,
    messages: &[String],
    takes: TokenStream,
) -> TokenStream {
    let vis = &item.vis;
    let ident = &item.sig.ident;
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        #[automatically_derived]
        impl ::flash::__private::Command for #ident {
            const SPEC: &'static ::flash::__private::CommandSpec = #spec;
            const DUPLICATE_MESSAGES: &'static [&'static str] = &[#(#messages),*];
            type Itself = Self;
        }

        #takes
    }
}

/// A `Takes` impl that asks for nothing: for a command that did not compile.
pub fn takes_nothing(ident: &Ident) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl<L> ::flash::__private::Takes<L, ()> for #ident {}
    }
}

/// The command's name: `name = "..."` or the fn name in kebab-case.
fn name(cmd: &Command) -> String {
    cmd.attr
        .name
        .as_ref()
        .map_or_else(|| kebab(&cmd.ident.to_string()), |n| n.value())
}

fn is_async(cmd: &Command) -> bool {
    cmd.attr.handlers.first().map(|(h, _)| *h) == Some(Handler::Async)
}

/// One message per name in `[name, aliases...]`, for `duplicate_name`.
pub fn duplicate_messages(cmd: &Command) -> Vec<String> {
    std::iter::once(name(cmd))
        .chain(cmd.attr.aliases.iter().map(|a| a.value()))
        .map(|n| format!("two commands of this app answer to `{n}`; rename one with `#[flash::cmd(name = \"...\")]` or change its `alias`"))
        .collect()
}

/// `impl Takes<L, (I0, ...)> for name where L: Gives…<T0, I0>, ...`: what
/// the command takes by reference, for `app!` to check against its state.
pub fn takes(cmd: &Command) -> TokenStream {
    let ident = &cmd.ident;
    let refs: Vec<&Type> = cmd
        .params
        .iter()
        .filter_map(|p| match &p.shape {
            Shape::Ref(ty) => Some(ty),
            _ => None,
        })
        .collect();
    let indices: Vec<Ident> = (0..refs.len())
        .map(|i| format_ident!("__FlashI{}", i))
        .collect();
    let gives = if is_async(cmd) {
        quote!(GivesAny)
    } else {
        quote!(GivesSync)
    };
    let bounds = refs
        .iter()
        .zip(&indices)
        .map(|(ty, i)| quote_spanned!(ty.span()=> L: ::flash::__private::#gives<#ty, #i>));
    quote! {
        #[automatically_derived]
        impl<L, #(#indices),*> ::flash::__private::Takes<L, (#(#indices,)*)> for #ident
        where #(#bounds),* {}
    }
}

/// The `&'static CommandSpec` of a command: its table as static data
/// (no `const` evaluation beyond choosing each parameter's part), the
/// checks that need its parameters' types, and its `run`.
pub fn spec(cmd: &Command, args: &[Arg]) -> TokenStream {
    let runtime = runtime::runtime_rows(cmd, args);
    let mut items = Vec::new();
    let parts = parts(&mut items, args, &runtime);
    items.push(shared_flag_checks(args, &parts));
    items.push(positional_order_checks(args));
    let run = run_fn(cmd, args, &runtime);
    let name = name(cmd);
    let aliases: Vec<String> = cmd.attr.aliases.iter().map(|a| a.value()).collect();
    let (about, long_about) = (&cmd.doc.short, &cmd.doc.long);
    let hidden = cmd.attr.hidden.is_some();
    let one_of: Vec<String> = cmd
        .attr
        .one_of
        .iter()
        .flat_map(|(names, _)| names.iter().map(|n| n.value()))
        .collect();
    let short_flag = match &cmd.attr.short_flag {
        Some((c, _)) => quote!(::core::option::Option::Some(#c)),
        None => quote!(::core::option::Option::None),
    };
    let long_flag = match &cmd.attr.long_flag {
        Some(l) => quote!(::core::option::Option::Some(#l)),
        None => quote!(::core::option::Option::None),
    };
    let help_if_no_args = cmd.attr.help_if_no_args.is_some();
    // Only a command that has relations, or takes a group that may have
    // some, links their check.
    let related = !one_of.is_empty()
        || args.iter().any(|a| {
            a.maybe_group()
                || !a.param.attr.conflicts_with.is_empty()
                || !a.param.attr.requires.is_empty()
        });
    let relations = if related {
        quote!(::core::option::Option::Some(
            ::flash::__private::check_relations
        ))
    } else {
        quote!(::core::option::Option::None)
    };
    let part_names = parts.iter().map(|(id, _)| id);
    quote! {{
        #(#items)*
        &::flash::__private::CommandSpec {
            name: #name,
            aliases: &[#(#aliases),*],
            about: #about,
            long_about: #long_about,
            args: ::flash::__private::Table(&[#(#part_names),*]),
            hidden: #hidden,
            one_of: &[#(#one_of),*],
            short_flag: #short_flag,
            long_flag: #long_flag,
            help_if_no_args: #help_if_no_args,
            relations: #relations,
            run: #run,
        }
    }}
}

/// One `const` per parameter (its table entries: its group's, if its type
/// is an `Args`), and the runtime options'; returns their names, each
/// with whether it may be a group.
fn parts(items: &mut Vec<TokenStream>, args: &[Arg], runtime: &[RuntimeRow]) -> Vec<(Ident, bool)> {
    let mut parts = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let id = format_ident!("__FLASH_P{}", i);
        let spec = arg::spec(a, None);
        let part = if a.maybe_group() {
            let ty = &a.param.ty;
            let group = quote_spanned!(ty.span()=> <#ty as ::flash::__private::Param>::GROUP);
            let message = format!(
                "`{}` is an `Args` group: its options take their keys in its own struct, not `#[arg]` here",
                a.name()
            );
            // The panic is in the user's crate, at the parameter's type,
            // so rustc's report holds no note into flash's source.
            if a.param.attr.has_argument_keys() {
                items.push(quote_spanned! {ty.span()=>
                    const _: () = if ::core::option::Option::is_some(&#group) {
                        ::core::panic!(#message)
                    };
                });
            }
            quote!(::flash::__private::args_of(#group, &[#spec]))
        } else {
            quote!(&[#spec])
        };
        items.push(quote! {
            const #id: &[::flash::__private::ArgSpec] = #part;
        });
        parts.push((id, a.maybe_group()));
    }
    if !runtime.is_empty() {
        let specs = runtime.iter().map(runtime::spec);
        items.push(quote! {
            const __FLASH_RT: &[::flash::__private::ArgSpec] = &[#(#specs),*];
        });
        parts.push((format_ident!("__FLASH_RT"), false));
    }
    parts
}

/// Two parameters of the command (groups, or a group and an argument) must
/// not declare the same flag: a compile error on the later one, naming it.
fn shared_flag_checks(args: &[Arg], parts: &[(Ident, bool)]) -> TokenStream {
    let mut checks = Vec::new();
    for j in 1..args.len() {
        for i in 0..j {
            // Two plain arguments are checked by `#[cmd]` itself.
            if !args[i].maybe_group() && !args[j].maybe_group() {
                continue;
            }
            let (a, b) = (&parts[i].0, &parts[j].0);
            let (first, second) = (args[i].name(), args[j].name());
            let ty = &args[j].param.ty;
            // Only a group can bring a flag `#[cmd]` has not seen: where
            // neither type is one, nothing is evaluated.
            let group = |a: &Arg| {
                let ty = &a.param.ty;
                if a.maybe_group() {
                    quote!(::core::option::Option::is_some(&<#ty as ::flash::__private::Param>::GROUP))
                } else {
                    quote!(false)
                }
            };
            let (group_a, group_b) = (group(&args[i]), group(&args[j]));
            checks.push(quote_spanned! {ty.span()=>
                const _: () = if #group_a || #group_b {
                    if let ::core::option::Option::Some(__flash_flag) =
                        ::flash::__private::shared_flag(#a, #b)
                    {
                    ::core::panic!("{}", ::flash::__private::Message::<256>::new(&[
                        "`", __flash_flag.as_str(), "` is declared by both `", #first,
                        "` and `", #second, "`; rename it in one of them",
                    ]).as_str())
                    }
                };
            });
        }
    }
    quote!(#(#checks)*)
}

/// A by-value parameter with no keys after a variadic or an optional
/// positional is fine if it is an `Args` group (options only) and a
/// mistake if it is one more positional: its type's constant says which,
/// at the parameter's type.
fn positional_order_checks(args: &[Arg]) -> TokenStream {
    let mut checks = Vec::new();
    let mut before: Option<&Arg> = None;
    for a in args {
        let unknown = a.maybe_group() && !a.param.attr.has_argument_keys();
        if unknown {
            if let Some(earlier) = before {
                let ty = &a.param.ty;
                let message = if earlier.multiple {
                    format!(
                        "the variadic positional `{}` must be the last positional argument; move it after `{}`",
                        earlier.param.ident, a.param.ident
                    )
                } else {
                    format!(
                        "the required positional `{}` cannot follow an optional one (`{}`); move it before, or make it optional",
                        a.param.ident, earlier.param.ident
                    )
                };
                checks.push(quote_spanned! {ty.span()=>
                    const _: () = if ::core::option::Option::is_none(
                        &<#ty as ::flash::__private::Param>::GROUP
                    ) {
                        ::core::panic!(#message)
                    };
                });
            }
        } else if a.kind == crate::expand::args::Kind::Positional
            && a.param.attr.last.is_none()
            && (a.multiple || !a.required)
        {
            before.get_or_insert(a);
        }
    }
    quote!(#(#checks)*)
}

/// Where each parameter's arguments start in the table: its position,
/// until a parameter that may be a group (whose length only the compiler
/// knows), then asked of the table at run time.
fn starts(args: &[Arg], inv: &TokenStream) -> Vec<TokenStream> {
    let mut known = true;
    (0..=args.len())
        .map(|i| {
            let start = if known {
                quote!(#i)
            } else {
                quote!(#inv.start(#i))
            };
            if args.get(i).is_some_and(Arg::maybe_group) {
                known = false;
            }
            start
        })
        .collect()
}

/// The `fn(Invocation) -> Result<(), Failed>` that takes the values out,
/// calls the handler (on its model) and reports its error.
fn run_fn(cmd: &Command, args: &[Arg], runtime: &[RuntimeRow]) -> TokenStream {
    let async_handler = is_async(cmd);
    // An async body returns `flash::Result` (through `outside_runtime`); a
    // sync one is the `run` itself.
    let usage = if async_handler {
        quote!(::flash::__private::Error::Usage)
    } else {
        quote!(::flash::__private::Failed::Usage)
    };
    let inv = quote!(__flash_inv);
    let starts = starts(args, &inv);
    let bindings = args.iter().enumerate().map(|(i, a)| {
        let (var, ty) = (format_ident!("__flash_arg_{}", i), &a.param.ty);
        let start = &starts[i];
        let value = arg::extract(a, &inv, &quote!(__flash_at), &usage);
        quote!(let #var: #ty = { let __flash_at: usize = #start; #value };)
    });
    let runtime_start = &starts[args.len()];
    let handler = handler_call(cmd, async_handler);
    let body = if async_handler {
        async_body(cmd, runtime_start, runtime, &usage, handler)
    } else {
        quote! {
            ::flash::__private::run_sync(__flash_owned, move |__flash_env: &::flash::__private::Env| #handler)
        }
    };
    let result = if async_handler {
        quote!(::flash::__private::Result<()>)
    } else {
        quote!(::core::result::Result<(), ::flash::__private::Failed>)
    };
    let body_fn = quote! {
        #[allow(unused_mut, unused_variables, clippy::redundant_closure_call)]
        fn __flash_body(mut __flash_owned: ::flash::__private::Invocation) -> #result {
            let __flash_inv = &mut __flash_owned;
            #(#bindings)*
            #body
        }
    };
    if async_handler {
        requires_async(cmd, body_fn)
    } else {
        quote! {{
            #body_fn
            __flash_body
        }}
    }
}

/// The handler's call, its `&T`s extracted from `__flash_env` first.
fn handler_call(cmd: &Command, async_handler: bool) -> TokenStream {
    let ident = &cmd.ident;
    let mut lets = Vec::new();
    let mut call_args = Vec::new();
    let (mut arg_i, mut ref_i) = (0usize, 0usize);
    for p in &cmd.params {
        match &p.shape {
            Shape::Context => {
                lets.push(quote!(let __flash_ctx = __flash_env.ctx();));
                call_args.push(quote!(__flash_ctx));
            }
            Shape::Ref(ty) => {
                let var = format_ident!("__flash_ref_{}", ref_i);
                ref_i += 1;
                let get = if async_handler {
                    quote_spanned!(ty.span()=> __flash_env.get_async::<#ty>().await?)
                } else {
                    quote_spanned!(ty.span()=> __flash_env.get::<#ty>()?)
                };
                lets.push(quote!(let #var: &#ty = #get;));
                call_args.push(quote!(#var));
            }
            _ => {
                let var = format_ident!("__flash_arg_{}", arg_i);
                arg_i += 1;
                call_args.push(quote!(#var));
            }
        }
    }
    // Errors about the return type land on it.
    let span = cmd
        .output
        .as_ref()
        .map_or_else(|| ident.span(), |ty| ty.span());
    let out = quote_spanned!(span=> __flash_out);
    let call = if async_handler {
        quote!(#ident(#(#call_args),*).await)
    } else {
        quote!(#ident(#(#call_args),*))
    };
    quote! {{
        #(#lets)*
        let #out = #call;
        ::flash::__private::IntoResult::into_result(#out)
    }}
}

/// An async command's body: its runtime options, then the handler on its
/// model's runtime.
fn async_body(
    cmd: &Command,
    runtime_start: &TokenStream,
    runtime: &[RuntimeRow],
    usage: &TokenStream,
    handler: TokenStream,
) -> TokenStream {
    let model = cmd.attr.model.map_or(Model::Io, |(m, _)| m);
    let model = format_ident!("{}", model.variant());
    let slot = |long: &str| -> TokenStream {
        match runtime.iter().position(|r| r.long == long) {
            Some(i) => quote!(::core::option::Option::Some(__flash_rt + #i)),
            None => quote!(::core::option::Option::None),
        }
    };
    let (t, c, m, x) = (
        slot("timeout"),
        slot("max-concurrency"),
        slot("memory-limit"),
        slot("metrics"),
    );
    // Typed values, parsed at compile time by the runtime's grammar.
    let timeout = match &cmd.attr.timeout {
        Some(t) => {
            let (secs, nanos) = (t.value.as_secs(), t.value.subsec_nanos());
            quote!(::core::option::Option::Some(::core::time::Duration::new(#secs, #nanos)))
        }
        None => quote!(::core::option::Option::None),
    };
    let memory = match &cmd.attr.memory_limit {
        Some(m) => {
            let bytes = m.value;
            quote!(::core::option::Option::Some(#bytes))
        }
        None => quote!(::core::option::Option::None),
    };
    let concurrency = match &cmd.attr.max_concurrency {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        let __flash_rt: usize = #runtime_start;
        let __flash_options = __flash_inv.runtime_options(
            &::flash::__private::RuntimeDefaults { timeout: #timeout, max_concurrency: #concurrency, memory_limit: #memory },
            &::flash::__private::RuntimeArgs { timeout: #t, max_concurrency: #c, memory_limit: #m, metrics: #x },
        ).map_err(#usage)?;
        ::flash::__private::run_command(
            ::flash::__private::Model::#model,
            __flash_options,
            __flash_owned,
            move |__flash_env: ::std::rc::Rc<::flash::__private::Env>| async move #handler,
        )
    }
}

/// Without the `async` feature the async body is one error, on
/// `run_async`; with it, the body and the `run` that moves it off any
/// runtime the caller is in.
fn requires_async(cmd: &Command, body_fn: TokenStream) -> TokenStream {
    let requires = cmd
        .attr
        .handlers
        .first()
        .map_or_else(proc_macro2::Span::call_site, |(_, span)| *span);
    let items = quote! {
        #body_fn
        fn __flash_run(__flash_inv: ::flash::__private::Invocation) -> ::core::result::Result<(), ::flash::__private::Failed> {
            let __flash_stderr = ::core::clone::Clone::clone(__flash_inv.stderr());
            ::flash::__private::finish(
                &__flash_stderr,
                ::flash::__private::outside_runtime(__flash_inv, __flash_body),
            )
        }
    };
    // Every token of the call on `run_async`, braces included: that is
    // where the error lands.
    let call = quote_spanned!(requires=> ::flash::__private::requires_async! { #items });
    quote! {{
        #call
        __flash_run
    }}
}
