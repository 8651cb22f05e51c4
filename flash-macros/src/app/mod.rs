//! `flash::app! { name, version, about, commands, root, external,
//! multicall, globals, state, before, after, config, logging, completions,
//! runtime_flags, help_if_no_args, propagate_version }`: an expression of
//! type `::flash::App`, its tables in `const` items, and a function that is
//! never called, whose only use is that it type-checks: every `&T` a
//! command, provider or hook takes is given by the app.

mod groups;
mod input;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::ParseStream;
use syn::spanned::Spanned;

use quote::ToTokens;

use crate::ctxt::Ctxt;
use groups::{check_groups, group_items, GroupMeta};
use input::{parse_input, AppInput, Completions, Entry};

/// Expands `app! { ... }` to an expression of type `::flash::App`.
pub fn expand(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let app =
        match syn::parse::Parser::parse2(|input: ParseStream| parse_input(&mut cx, input), input) {
            Ok(app) => app,
            Err(e) => return e.to_compile_error(),
        };
    let no_entries = Vec::new();
    let (entries, span) = match &app.commands {
        Some((entries, span)) => (entries, Some(*span)),
        None => (&no_entries, None),
    };
    match span {
        None if app.root.is_none() && app.external.is_none() => cx.error_spanned(
            Span::call_site(),
            "`app!` needs something to run: add `root: cmd` (the program's own arguments) or `commands: [name, ...]` listing your `#[flash::cmd]` functions",
        ),
        Some(span) if entries.is_empty() => cx.error_spanned(
            span,
            "an app needs at least one command in `commands: [...]`; for a program with no commands, write `root: cmd`",
        ),
        _ => {}
    }
    check_groups(&mut cx, entries);
    check_listed_once(&mut cx, &app, entries);
    if cx.has_errors() {
        return error_tokens(cx);
    }
    let name = app
        .name
        .as_ref()
        .map_or_else(|| quote!(::core::env!("CARGO_PKG_NAME")), |e| quote!(#e));
    let version = app
        .version
        .as_ref()
        .map_or_else(|| quote!(::core::env!("CARGO_PKG_VERSION")), |e| quote!(#e));
    let about = app.about.as_ref().map_or_else(
        || quote!(::core::env!("CARGO_PKG_DESCRIPTION")),
        |e| quote!(#e),
    );
    let root_spec = command_spec(app.root.as_ref());
    let logging = logging_on(&app);
    let mut items = vec![globals_items(&app), config_item(&app), logging_item(&app)];
    items.push(quote! {
        const __FLASH_ROOT: ::core::option::Option<&'static ::flash::__private::CommandSpec> = #root_spec;
    });
    let mut counter = 0;
    let commands = group_items(
        &mut items,
        &mut counter,
        entries,
        &GroupMeta {
            name: &name,
            path: &quote!(#name),
            about: &about,
            long_about: "",
            top: true,
            logging,
        },
    );
    let env = env_tokens(&app);
    let config = config_loader(&app);
    let check = check_fn(&app, entries);
    let external = command_spec(app.external.as_ref());
    let settings = settings(&app, &commands, &external);
    let logger = logging_maker(&app);
    quote! {{
        #(#items)*
        #check
        const __FLASH_APP: ::flash::__private::AppSpec = ::flash::__private::AppSpec {
            name: #name,
            version: #version,
            about: #about,
            commands: &#commands,
            root: __FLASH_ROOT,
            external: #external,
            globals: ::flash::__private::Table(&[__FLASH_GLOBALS]),
            global_relations: __FLASH_GLOBAL_RELATIONS,
            parse_globals: __FLASH_PARSE_GLOBALS,
            env: #env,
            config: #config,
            settings: #settings,
            logging: #logger,
        };
        ::flash::__private::App::new(&__FLASH_APP)
    }}
}

/// `Some(<cmd as Command>::SPEC)` for `root:` or `external:`.
fn command_spec(path: Option<&syn::Path>) -> TokenStream {
    match path {
        Some(p) => quote_spanned! {p.span()=>
            ::core::option::Option::Some(<#p as ::flash::__private::Command>::SPEC)
        },
        None => quote!(::core::option::Option::None),
    }
}

/// A command is the root, the external command, or in `commands`: in one
/// place only.
fn check_listed_once(cx: &mut Ctxt, app: &AppInput, entries: &[Entry]) {
    let text = |p: &syn::Path| p.to_token_stream().to_string();
    let mut listed = Vec::new();
    commands(entries, &mut |p| listed.push(text(p)));
    for (key, path) in [("root", &app.root), ("external", &app.external)] {
        let Some(path) = path else { continue };
        if listed.contains(&text(path)) {
            cx.error_tokens(
                path,
                format!(
                    "`{}` is the `{key}` command and also in `commands`; list it in one place",
                    text(path).replace(' ', "")
                ),
            );
        }
    }
    if let (Some(root), Some(external)) = (&app.root, &app.external) {
        if text(root) == text(external) {
            cx.error_tokens(
                external,
                "the `root` command cannot also be the `external` one",
            );
        }
    }
}

/// The settings of `app!`'s keys.
/// `commands` (the top group's const) and `external` give what the app
/// has of runtime options: only those are offered (see `runtime_offered`).
fn settings(app: &AppInput, commands: &syn::Ident, external: &TokenStream) -> TokenStream {
    let on = |key: &Option<(bool, Span)>| key.is_some_and(|(on, _)| on);
    let multicall = on(&app.multicall);
    let (help_if_no_args, propagate_version) =
        (on(&app.help_if_no_args), on(&app.propagate_version));
    let completions = match app.completions.map(|(c, _)| c) {
        None | Some(Completions::Listed) => quote!(Listed),
        Some(Completions::Hidden) => quote!(Hidden),
        Some(Completions::Off) => quote!(Off),
    };
    let runtime_flags: u8 = match &app.runtime_flags {
        None => 15,
        Some(names) => names
            .iter()
            .map(|(n, _)| match n.as_str() {
                "timeout" => 1,
                "max_concurrency" => 2,
                "memory_limit" => 4,
                _ => 8,
            })
            .fold(0, |a, b| a | b),
    };
    quote! {
        ::flash::__private::Settings {
            completions: ::flash::__private::Listing::#completions,
            runtime_flags: ::flash::__private::runtime_offered(
                #runtime_flags, &#commands, __FLASH_ROOT, #external,
            ),
            help_if_no_args: #help_if_no_args,
            propagate_version: #propagate_version,
            multicall: #multicall,
        }
    }
}

/// `logging: true` needs the `async` feature (tracing's subscriber): one
/// error naming it, on the key, when the feature is off.
fn logging_item(app: &AppInput) -> TokenStream {
    match app.logging {
        Some((true, span)) => quote_spanned!(span=> ::flash::__private::requires_logging!{}),
        _ => quote!(),
    }
}

fn error_tokens(cx: Ctxt) -> TokenStream {
    let error = cx.finish().map(|e| e.to_compile_error());
    // An expression of the right type, so the user's `.run()` adds no error.
    quote! {{
        #error
        ::flash::__private::App::new(&::flash::__private::INVALID_APP)
    }}
}

/// The globals' table and parser.
fn globals_items(app: &AppInput) -> TokenStream {
    let (args, parse, relations) = match &app.globals {
        Some(ty) => (
            quote_spanned!(ty.span()=> <#ty as ::flash::__private::Args>::ARGS),
            quote_spanned! {ty.span()=>
                ::core::option::Option::Some(<#ty as ::flash::__private::Args>::parse_globals)
            },
            quote!(::core::option::Option::Some(
                ::flash::__private::check_relations
            )),
        ),
        None => (
            quote!(&[]),
            quote!(::core::option::Option::None),
            quote!(::core::option::Option::None),
        ),
    };
    quote! {
        const __FLASH_GLOBALS: &[::flash::__private::ArgSpec] = #args;
        const __FLASH_PARSE_GLOBALS: ::core::option::Option<::flash::__private::ParseGlobals> = #parse;
        const __FLASH_GLOBAL_RELATIONS: ::core::option::Option<::flash::__private::Relations> = #relations;
    }
}

/// `config: true` needs the `config` feature: one error naming it, on the
/// key, when the feature is off.
fn config_item(app: &AppInput) -> TokenStream {
    match app.config {
        Some((true, span)) => quote_spanned!(span=> ::flash::__private::requires_config!{}),
        _ => quote!(),
    }
}

/// The config file's reader in the app's table: `None` without
/// `config: true` (or without the feature, which is then an error).
fn config_loader(app: &AppInput) -> TokenStream {
    match app.config {
        Some((true, _)) => quote!(::flash::__private::config_loader!()),
        _ => quote!(::core::option::Option::None),
    }
}

/// Whether the app has `logging: true`.
fn logging_on(app: &AppInput) -> bool {
    matches!(app.logging, Some((true, _)))
}

/// The log dispatcher's maker in the app's table: `None` without
/// `logging: true`, so the app links no subscriber and `-v`/`-q` are not
/// built-ins.
fn logging_maker(app: &AppInput) -> TokenStream {
    if logging_on(app) {
        quote!(::flash::__private::logger!())
    } else {
        quote!(::core::option::Option::None)
    }
}

/// The app's providers and hooks.
fn env_tokens(app: &AppInput) -> TokenStream {
    let providers = app.state.iter().map(|p| {
        let name = p
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        quote_spanned! {p.span()=>
            ::flash::__private::ProviderSpec { name: #name, provider: &::flash::__private::wrap(#p) }
        }
    });
    let hook = |h: &Option<syn::Path>| match h {
        Some(p) => {
            quote_spanned!(p.span()=> ::core::option::Option::Some(&::flash::__private::wrap_hook(#p)))
        }
        None => quote!(::core::option::Option::None),
    };
    let (before, after) = (hook(&app.before), hook(&app.after));
    quote! {
        ::flash::__private::AppEnv {
            providers: &[#(#providers),*],
            before: #before,
            after: #after,
        }
    }
}

/// Every command's `&T`s (and every provider's and hook's) are given by
/// the app: a type-level list of what it gives (the context, the globals,
/// each provider's state, sync or async), checked against each one's
/// `Takes`. Never called: it only has to compile.
fn check_fn(app: &AppInput, entries: &[Entry]) -> TokenStream {
    let mut gives = vec![quote!(::flash::__private::gives_sync::<
        ::flash::__private::Context,
    >())];
    if let Some(ty) = &app.globals {
        gives.push(quote_spanned!(ty.span()=> ::flash::__private::gives_sync::<#ty>()));
    }
    for p in &app.state {
        gives.push(quote_spanned!(p.span()=> ::flash::__private::gives(#p)));
    }
    let list = gives
        .iter()
        .rev()
        .fold(quote!(()), |tail, head| quote!((#head, #tail)));
    // Each provider and hook is wrapped here as in `AppEnv` first: where one
    // is not a provider (or hook), rustc reports that once, identically in
    // both places, and takes the later uses here for the same mistake.
    let wraps: Vec<TokenStream> = app
        .state
        .iter()
        .map(|p| quote_spanned!(p.span()=> let _ = ::flash::__private::wrap(#p);))
        .chain(
            app.before
                .iter()
                .chain(&app.after)
                .map(|h| quote_spanned!(h.span()=> let _ = ::flash::__private::wrap_hook(#h);)),
        )
        .collect();
    let mut checks = Vec::new();
    let mut all: Vec<&syn::Path> = app.root.iter().chain(&app.external).collect();
    commands(entries, &mut |path| all.push(path));
    for path in all {
        checks.push(quote_spanned! {path.span()=>
            ::flash::__private::check_takes::<<#path as ::flash::__private::Command>::Itself, _, _>(
                &__flash_list,
            );
        });
    }
    for p in &app.state {
        checks.push(
            quote_spanned!(p.span()=> ::flash::__private::check_provider(#p, &__flash_list);),
        );
    }
    for h in app.before.iter().chain(&app.after) {
        checks.push(quote_spanned!(h.span()=> ::flash::__private::check_hook(#h, &__flash_list);));
    }
    quote! {
        #[allow(dead_code, clippy::unit_arg)]
        fn __flash_check_state() {
            #(#wraps)*
            let __flash_list = #list;
            #(#checks)*
        }
    }
}

/// Calls `f` with the path of every command, groups included.
fn commands<'e>(entries: &'e [Entry], f: &mut impl FnMut(&'e syn::Path)) {
    for entry in entries {
        match entry {
            Entry::Command(path) => f(path),
            Entry::Group { entries, .. } => commands(entries, f),
        }
    }
}
