//! The generated items: a marker type named like the function, implementing
//! `Command` with the static tables and the function that runs the handler.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, Type};

use flash_grammar::exec::Model;

use crate::ast::{Command, Shape};
use crate::attr::Handler;
use crate::expand::args::{Arg, Kind};
use crate::expand::help::{self, RuntimeRow};
use crate::names::kebab;

/// `struct name {}` in the type namespace (a braced struct has no value, so
/// it sits beside the `fn` of the same name) with its `Command` impl.
pub fn marker(item: &ItemFn, spec: TokenStream, duplicate_messages: &[String]) -> TokenStream {
    let vis = &item.vis;
    let ident = &item.sig.ident;
    quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        #[automatically_derived]
        impl ::flash::__private::Command for #ident {
            const SPEC: &'static ::flash::__private::CommandSpec = #spec;
            const DUPLICATE_MESSAGES: &'static [&'static str] = &[#(#duplicate_messages),*];
        }
    }
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The command's name: `name = "..."` or the fn name in kebab-case.
fn name(cmd: &Command) -> String {
    cmd.attr
        .name
        .as_ref()
        .map_or_else(|| kebab(&cmd.ident.to_string()), |n| n.value())
}

/// One message per name in `[name, aliases...]`, for `check_distinct`.
pub fn duplicate_messages(cmd: &Command) -> Vec<String> {
    std::iter::once(name(cmd))
        .chain(cmd.attr.aliases.iter().map(|a| a.value()))
        .map(|n| format!("two commands of this app answer to `{n}`; rename one with `#[flash::cmd(name = \"...\")]` or change its `alias`"))
        .collect()
}

/// The `&'static CommandSpec` of a command.
pub fn spec(cmd: &Command, args: &[Arg]) -> TokenStream {
    let name = name(cmd);
    let aliases: Vec<String> = cmd.attr.aliases.iter().map(|a| a.value()).collect();
    let runtime = help::runtime_rows(cmd, args);
    let help = help::build(cmd, args, &runtime);
    let about = &cmd.doc.short;
    let usage = &help.usage;
    let (short_about, long_about) = (&help.short_about, &help.long_about);
    let (short_body, short_marks) = &help.short_body;
    let (long_body, long_marks) = &help.long_body;

    let arg_specs = args.iter().map(arg_spec);
    let runtime_specs = runtime.iter().map(runtime_spec);
    let owns_short_help = args
        .iter()
        .any(|a| a.short.as_ref().is_some_and(|(s, _)| *s == 'h'));
    let run = run_fn(cmd, args, &runtime);

    quote! {
        &::flash::__private::CommandSpec {
            name: #name,
            aliases: &[#(#aliases),*],
            about: #about,
            help_short: ::flash::__private::HelpText {
                about: #short_about,
                body: #short_body,
                styles: &[#(#short_marks),*],
            },
            help_long: ::flash::__private::HelpText {
                about: #long_about,
                body: #long_body,
                styles: &[#(#long_marks),*],
            },
            usage: #usage,
            args: &[#(#arg_specs,)* #(#runtime_specs,)*],
            owns_short_help: #owns_short_help,
            run: #run,
        }
    }
}

fn arg_spec(a: &Arg) -> TokenStream {
    let kind = match a.kind {
        Kind::Flag => quote!(Flag),
        Kind::Option => quote!(Option),
        Kind::Positional => quote!(Positional),
    };
    let long = opt_str(a.long.as_ref().map(|(l, _)| l.as_str()));
    let short = match &a.short {
        Some((c, _)) => quote!(::core::option::Option::Some(#c)),
        None => quote!(::core::option::Option::None),
    };
    let display = a.display();
    let (multiple, required) = (a.multiple, a.required);
    let env = opt_str(a.param.attr.env.as_ref().map(|e| e.value()).as_deref());
    let possible: Vec<String> = a
        .param
        .attr
        .possible
        .iter()
        .flat_map(|(v, _)| v.iter().map(|s| s.value()))
        .collect();
    // Only an argument with `possible` links the check.
    let check = if possible.is_empty() {
        quote!(::core::option::Option::None)
    } else {
        quote!(::core::option::Option::Some(
            ::flash::__private::check_possible
        ))
    };
    quote! {
        ::flash::__private::ArgSpec {
            kind: ::flash::__private::ArgKind::#kind,
            long: #long,
            short: #short,
            display: #display,
            multiple: #multiple,
            required: #required,
            env: #env,
            possible: &[#(#possible),*],
            check: #check,
        }
    }
}

fn runtime_spec(r: &RuntimeRow) -> TokenStream {
    let long = r.long;
    let (kind, display) = match r.value_name {
        Some(v) => (quote!(Option), format!("--{long} <{v}>")),
        None => (quote!(Flag), format!("--{long}")),
    };
    quote! {
        ::flash::__private::ArgSpec {
            kind: ::flash::__private::ArgKind::#kind,
            long: ::core::option::Option::Some(#long),
            short: ::core::option::Option::None,
            display: #display,
            multiple: false,
            required: false,
            env: ::core::option::Option::None,
            possible: &[],
            check: ::core::option::Option::None,
        }
    }
}

/// The value of one argument, typed, with errors on the user's type.
/// `usage` wraps an accessor's usage-error message in the body's error type.
fn extract(index: usize, a: &Arg, usage: &TokenStream) -> TokenStream {
    let ty = &a.param.ty;
    let inv = quote!(__flash_inv);
    // Without `env` a value can only come from argv: the lean accessors, so
    // that an app using no `env` links no environment look-up or parsing.
    let from_argv_only = a.param.attr.env.is_none();
    match &a.param.shape {
        Shape::Flag if from_argv_only => quote!(#inv.flag_given(#index)),
        Shape::Flag => quote!(#inv.flag(#index).map_err(#usage)?),
        Shape::One if from_argv_only && a.param.attr.default.is_none() => {
            quote_spanned!(ty.span()=> #inv.required::<#ty>(#index).map_err(#usage)?)
        }
        Shape::Optional(inner) => {
            quote_spanned!(inner.span()=> #inv.one::<#inner>(#index).map_err(#usage)?)
        }
        Shape::Many(inner) => {
            quote_spanned!(inner.span()=> #inv.many::<#inner>(#index).map_err(#usage)?)
        }
        Shape::One => match &a.param.attr.default {
            None => {
                quote_spanned!(ty.span()=> #inv.required_or_env::<#ty>(#index).map_err(#usage)?)
            }
            Some(default) => {
                let default = typed_default(default, ty);
                quote_spanned! {ty.span()=>
                    match #inv.one::<#ty>(#index).map_err(#usage)? {
                        ::core::option::Option::Some(__flash_value) => __flash_value,
                        ::core::option::Option::None => #default,
                    }
                }
            }
        },
        Shape::Context => quote!(()),
    }
}

/// `default = EXPR` converted with `Into`. An unsuffixed number literal gets
/// the parameter's numeric type as suffix, since `Into::into(1)` alone would
/// make it an `i32`.
fn typed_default(default: &syn::Expr, ty: &Type) -> TokenStream {
    const NUMERIC: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64",
    ];
    let prim = match ty {
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        _ => None,
    };
    if let (syn::Expr::Lit(syn::ExprLit { lit, .. }), Some(prim)) = (default, prim.as_deref()) {
        let suffixed = match lit {
            syn::Lit::Int(i) if i.suffix().is_empty() && NUMERIC.contains(&prim) => {
                let lit = syn::LitInt::new(&format!("{}{prim}", i.base10_digits()), i.span());
                Some(quote!(#lit))
            }
            syn::Lit::Float(f) if f.suffix().is_empty() && prim.starts_with('f') => {
                let lit = syn::LitFloat::new(&format!("{}{prim}", f.base10_digits()), f.span());
                Some(quote!(#lit))
            }
            _ => None,
        };
        if let Some(lit) = suffixed {
            return lit;
        }
    }
    quote_spanned!(default.span()=> ::core::convert::Into::<#ty>::into(#default))
}

/// The `fn(Invocation) -> Result<(), Failed>` that converts values, calls
/// the handler and reports its error.
fn run_fn(cmd: &Command, args: &[Arg], runtime: &[RuntimeRow]) -> TokenStream {
    let ident = &cmd.ident;
    let async_handler = cmd.attr.handlers.first().map(|(h, _)| *h) == Some(Handler::Async);
    // An async body returns `flash::Result` (through `outside_runtime`); a
    // sync one is the `run` itself.
    let usage = if async_handler {
        quote!(::flash::__private::Error::Usage)
    } else {
        quote!(::flash::__private::Failed::Usage)
    };
    let mut bindings = Vec::new();
    let mut call_args = Vec::new();
    let mut arg_index = 0;
    let mut takes_ctx = false;
    for p in &cmd.params {
        if let Shape::Context = p.shape {
            takes_ctx = true;
            call_args.push(quote!(__flash_ctx));
            continue;
        }
        let a = &args[arg_index];
        let var = quote::format_ident!("__flash_arg_{}", arg_index);
        let ty = &p.ty;
        let value = extract(arg_index, a, &usage);
        bindings.push(quote!(let #var: #ty = #value;));
        call_args.push(quote!(#var));
        arg_index += 1;
    }
    // Errors about the return type land on it.
    let into_result = |call: TokenStream| {
        let span = cmd
            .output
            .as_ref()
            .map_or_else(|| ident.span(), |ty| ty.span());
        let out = quote_spanned!(span=> __flash_out);
        quote! {{
            let #out = #call;
            ::flash::__private::IntoResult::into_result(#out)
        }}
    };
    let body = if async_handler {
        let model = cmd.attr.model.map_or(Model::Io, |(m, _)| m);
        let model = quote::format_ident!("{}", model.variant());
        let slot = |long: &str| -> TokenStream {
            match runtime.iter().position(|r| r.long == long) {
                Some(i) => {
                    let i = args.len() + i;
                    quote!(::core::option::Option::Some(#i))
                }
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
        let call = into_result(quote!(#ident(#(#call_args),*).await));
        quote! {
            let __flash_options = __flash_inv.runtime_options(
                &::flash::__private::RuntimeDefaults { timeout: #timeout, max_concurrency: #concurrency, memory_limit: #memory },
                &::flash::__private::RuntimeArgs { timeout: #t, max_concurrency: #c, memory_limit: #m, metrics: #x },
            ).map_err(#usage)?;
            ::flash::__private::run_async(
                ::flash::__private::Model::#model,
                __flash_options,
                __flash_inv.streams(),
                move |__flash_owned_ctx: ::flash::__private::Context| async move {
                    let __flash_ctx = &__flash_owned_ctx;
                    #call
                },
            )
        }
    } else if takes_ctx {
        let call = into_result(quote!(#ident(#(#call_args),*)));
        quote! {
            ::flash::__private::finish(
                __flash_inv.stderr(),
                ::flash::__private::run_blocking(__flash_inv.options(), __flash_inv.streams(), move |__flash_ctx: &::flash::__private::Context| #call),
            )
        }
    } else {
        let call = into_result(quote!(#ident(#(#call_args),*)));
        quote!(::flash::__private::finish(__flash_inv.stderr(), #call))
    };
    let inv_mut = if args.is_empty() && !async_handler {
        quote!()
    } else {
        quote!(mut)
    };
    let body_result = if async_handler {
        quote!(::flash::__private::Result<()>)
    } else {
        quote!(::core::result::Result<(), ::flash::__private::Failed>)
    };
    let body_fn = quote! {
        #[allow(unused_mut, clippy::redundant_closure_call)]
        fn __flash_body(#inv_mut __flash_inv: ::flash::__private::Invocation) -> #body_result {
            #(#bindings)*
            #body
        }
    };
    if async_handler {
        // Without the `async` feature this is one error, on `run_async`.
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
        let requires_async =
            quote_spanned!(requires=> ::flash::__private::requires_async! { #items });
        quote! {{
            #requires_async
            __flash_run
        }}
    } else {
        quote! {{
            #body_fn
            __flash_body
        }}
    }
}
