//! The generated items: a marker type named like the function, implementing
//! `Command` with the static tables and the function that runs the handler,
//! and `Takes` with what the command takes by reference (checked by `app!`).
//!
//! The tables are put together in `const` items: a by-value parameter may
//! be an `Args` group, which only its type's constants can say, so every
//! parameter's arguments and help rows come through `Param`, and the help
//! text is rendered from them by `const fn`.

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

/// The `&'static CommandSpec` of a command: a block of `const` items.
pub fn spec(cmd: &Command, args: &[Arg]) -> TokenStream {
    let runtime = runtime::runtime_rows(cmd, args);
    let mut items = Vec::new();
    let (arg_parts, row_parts) = parts(&mut items, args, &runtime);
    items.push(shared_flag_checks(args, &arg_parts));
    let table = quote! {
        const __FLASH_PARTS: &[&[::flash::__private::ArgSpec]] = &[#(#arg_parts),*];
        const __FLASH_N: usize = ::flash::__private::total_len(__FLASH_PARTS);
        const __FLASH_ARGS: [::flash::__private::ArgSpec; __FLASH_N] =
            ::flash::__private::concat_args(__FLASH_PARTS);
        const __FLASH_ROWS: &[&[::flash::__private::HelpRow]] = &[#(#row_parts),*];
        const __FLASH_OWNS_H: bool = ::flash::__private::declares_short(&__FLASH_ARGS, 'h');
        const __FLASH_OWNS_HELP: bool = ::flash::__private::declares_long(&__FLASH_ARGS, "help");
    };
    let help = help_items(cmd);
    let run = run_fn(cmd, args, &arg_parts, &runtime);
    let name = name(cmd);
    let aliases: Vec<String> = cmd.attr.aliases.iter().map(|a| a.value()).collect();
    let about = &cmd.doc.short;
    let (short_about, long_about) = (about_text(&cmd.doc.short), about_text(&cmd.doc.long));
    let hidden = cmd.attr.hidden.is_some();
    let one_of: Vec<String> = cmd
        .attr
        .one_of
        .iter()
        .flat_map(|(names, _)| names.iter().map(|n| n.value()))
        .collect();
    quote! {{
        #(#items)*
        #table
        #help
        &::flash::__private::CommandSpec {
            name: #name,
            aliases: &[#(#aliases),*],
            about: #about,
            help_short: ::flash::__private::HelpText {
                about: #short_about,
                body: ::flash::__private::help_str(&__FLASH_BODY_S),
                styles: &__FLASH_MARKS_S,
            },
            help_long: ::flash::__private::HelpText {
                about: #long_about,
                body: ::flash::__private::help_str(&__FLASH_BODY_L),
                styles: &__FLASH_MARKS_L,
            },
            usage: ::flash::__private::help_str(&__FLASH_USAGE),
            args: &__FLASH_ARGS,
            owns_short_help: __FLASH_OWNS_H,
            hidden: #hidden,
            one_of: &[#(#one_of),*],
            relations: if ::flash::__private::has_relations(&__FLASH_ARGS, &[#(#one_of),*]) {
                ::core::option::Option::Some(::flash::__private::check_relations)
            } else {
                ::core::option::Option::None
            },
            run: #run,
        }
    }}
}

fn about_text(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n\n")
    }
}

/// One `const` pair per argument (its table entries and help rows: its
/// group's, if its type is an `Args`), and the runtime options'; returns
/// the names of the pairs.
fn parts(
    items: &mut Vec<TokenStream>,
    args: &[Arg],
    runtime: &[RuntimeRow],
) -> (Vec<Ident>, Vec<Ident>) {
    let (mut arg_parts, mut row_parts) = (Vec::new(), Vec::new());
    for (i, a) in args.iter().enumerate() {
        let (args_id, rows_id) = (
            format_ident!("__FLASH_P{}_ARGS", i),
            format_ident!("__FLASH_P{}_ROWS", i),
        );
        let (spec, row) = (arg::spec(a), arg::row(a));
        let (group_args, group_rows) = match &a.param.shape {
            // With its own parser it is one argument, whatever its type.
            Shape::One if a.param.attr.parse.is_none() => {
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
                (
                    quote!(::flash::__private::args_of(#group, &[#spec])),
                    quote!(::flash::__private::rows_of(#group, &[#row])),
                )
            }
            _ => (quote!(&[#spec]), quote!(&[#row])),
        };
        items.push(quote! {
            const #args_id: &[::flash::__private::ArgSpec] = #group_args;
            const #rows_id: &[::flash::__private::HelpRow] = #group_rows;
        });
        arg_parts.push(args_id);
        row_parts.push(rows_id);
    }
    let (rt_specs, rt_rows) = (
        runtime.iter().map(runtime::spec),
        runtime.iter().map(runtime::row),
    );
    items.push(quote! {
        const __FLASH_RT_ARGS: &[::flash::__private::ArgSpec] = &[#(#rt_specs),*];
        const __FLASH_RT_ROWS: &[::flash::__private::HelpRow] = &[#(#rt_rows),*];
    });
    arg_parts.push(format_ident!("__FLASH_RT_ARGS"));
    row_parts.push(format_ident!("__FLASH_RT_ROWS"));
    (arg_parts, row_parts)
}

/// Two parameters of the command (groups, or a group and an argument) must
/// not declare the same flag: a compile error on the later one, naming it.
fn shared_flag_checks(args: &[Arg], parts: &[Ident]) -> TokenStream {
    let mut checks = Vec::new();
    for j in 1..args.len() {
        for i in 0..j {
            // Two plain arguments are checked by `#[cmd]` itself.
            let group = |k: usize| matches!(args[k].param.shape, Shape::One);
            if !group(i) && !group(j) {
                continue;
            }
            let (a, b) = (&parts[i], &parts[j]);
            let (first, second) = (args[i].name(), args[j].name());
            let ty = &args[j].param.ty;
            checks.push(quote_spanned! {ty.span()=>
                const _: () = if let ::core::option::Option::Some(__flash_flag) =
                    ::flash::__private::shared_flag(#a, #b)
                {
                    ::core::panic!("{}", ::flash::__private::Message::<256>::new(&[
                        "`", __flash_flag.as_str(), "` is declared by both `", #first,
                        "` and `", #second, "`; rename it in one of them",
                    ]).as_str())
                };
            });
        }
    }
    quote!(#(#checks)*)
}

/// The rendered help (`-h` and `--help`) and usage line.
fn help_items(cmd: &Command) -> TokenStream {
    let has_long = cmd.doc.long != cmd.doc.short;
    let mut out = Vec::new();
    for (suffix, long) in [("S", false), ("L", true)] {
        let (flags, len) = (
            format_ident!("__FLASH_FLAGS_{}", suffix),
            format_ident!("__FLASH_LEN_{}", suffix),
        );
        let (body, marks) = (
            format_ident!("__FLASH_BODY_{}", suffix),
            format_ident!("__FLASH_MARKS_{}", suffix),
        );
        out.push(quote! {
            const #flags: ::flash::__private::HelpFlags = ::flash::__private::HelpFlags {
                long: #long,
                has_long: #has_long,
                owns_short: __FLASH_OWNS_H,
                owns_long: __FLASH_OWNS_HELP,
            };
            const #len: (usize, usize) =
                ::flash::__private::render_command_body(__FLASH_ROWS, #flags, &mut [], &mut []);
            const #body: [u8; #len.0] = {
                let mut buf = [0u8; #len.0];
                ::flash::__private::render_command_body(__FLASH_ROWS, #flags, &mut buf, &mut [0u32; #len.1]);
                buf
            };
            const #marks: [u32; #len.1] = {
                let mut marks = [0u32; #len.1];
                ::flash::__private::render_command_body(__FLASH_ROWS, #flags, &mut [0u8; #len.0], &mut marks);
                marks
            };
        });
    }
    out.push(quote! {
        const __FLASH_USAGE_LEN: usize = ::flash::__private::render_usage(__FLASH_ROWS, &mut []);
        const __FLASH_USAGE: [u8; __FLASH_USAGE_LEN] = {
            let mut buf = [0u8; __FLASH_USAGE_LEN];
            ::flash::__private::render_usage(__FLASH_ROWS, &mut buf);
            buf
        };
    });
    quote!(#(#out)*)
}

/// `const __FLASH_I{i}: usize`: where argument `i` starts in the table
/// (after the arguments or groups before it).
fn indices(parts: &[Ident]) -> Vec<TokenStream> {
    (0..parts.len())
        .map(|i| {
            let before = &parts[..i];
            let id = format_ident!("__FLASH_I{}", i);
            quote!(const #id: usize = ::flash::__private::total_len(&[#(#before),*]);)
        })
        .collect()
}

/// The `fn(Invocation) -> Result<(), Failed>` that takes the values out,
/// calls the handler (on its model) and reports its error.
fn run_fn(cmd: &Command, args: &[Arg], parts: &[Ident], runtime: &[RuntimeRow]) -> TokenStream {
    let async_handler = is_async(cmd);
    // An async body returns `flash::Result` (through `outside_runtime`); a
    // sync one is the `run` itself.
    let usage = if async_handler {
        quote!(::flash::__private::Error::Usage)
    } else {
        quote!(::flash::__private::Failed::Usage)
    };
    let index_items = indices(parts);
    let inv = quote!(__flash_inv);
    let bindings = args.iter().enumerate().map(|(i, a)| {
        let (var, ty) = (format_ident!("__flash_arg_{}", i), &a.param.ty);
        let index = format_ident!("__FLASH_I{}", i);
        let value = arg::extract(a, &inv, &quote!(#index), &usage);
        quote!(let #var: #ty = #value;)
    });
    let handler = handler_call(cmd, async_handler);
    let body = if async_handler {
        async_body(cmd, args.len(), runtime, &usage, handler)
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
        #(#index_items)*
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
    arg_count: usize,
    runtime: &[RuntimeRow],
    usage: &TokenStream,
    handler: TokenStream,
) -> TokenStream {
    let model = cmd.attr.model.map_or(Model::Io, |(m, _)| m);
    let model = format_ident!("{}", model.variant());
    let rt_base = format_ident!("__FLASH_I{}", arg_count);
    let slot = |long: &str| -> TokenStream {
        match runtime.iter().position(|r| r.long == long) {
            Some(i) => quote!(::core::option::Option::Some(#rt_base + #i)),
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
