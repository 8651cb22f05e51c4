//! `flash::app! { name, version, about, commands, globals, state, before,
//! after, config, logging }`: an expression of type `::flash::App`, its tables in
//! `const` items, and a function that is never called, whose only use is
//! that it type-checks: every `&T` a command, provider or hook takes is
//! given by the app.

mod groups;
mod input;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::ParseStream;
use syn::spanned::Spanned;

use crate::ctxt::Ctxt;
use groups::{check_groups, group_items};
use input::{parse_input, AppInput, Entry};

/// Expands `app! { ... }` to an expression of type `::flash::App`.
pub fn expand(input: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let app =
        match syn::parse::Parser::parse2(|input: ParseStream| parse_input(&mut cx, input), input) {
            Ok(app) => app,
            Err(e) => return e.to_compile_error(),
        };
    let Some((entries, span)) = &app.commands else {
        cx.error_spanned(
            Span::call_site(),
            "`app!` needs its commands: add `commands: [name, ...]` listing your `#[flash::cmd]` functions",
        );
        return error_tokens(cx);
    };
    if entries.is_empty() {
        cx.error_spanned(
            *span,
            "an app needs at least one command in `commands: [...]`",
        );
    }
    check_groups(&mut cx, entries);
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
    let mut items = vec![globals_items(&app), config_item(&app), logging_item(&app)];
    let mut counter = 0;
    let root = group_items(
        &mut items,
        &mut counter,
        entries,
        &name,
        &quote!(#name),
        &about,
        true,
    );
    let env = env_tokens(&app);
    let config = config_loader(&app);
    let logging = logging_maker(&app);
    let check = check_fn(&app, entries);
    quote! {{
        #(#items)*
        #check
        const __FLASH_APP: ::flash::__private::AppSpec = ::flash::__private::AppSpec {
            name: #name,
            version: #version,
            about: #about,
            root: &#root,
            globals: __FLASH_GLOBALS,
            global_relations: __FLASH_GLOBAL_RELATIONS,
            parse_globals: __FLASH_PARSE_GLOBALS,
            globals_help: __FLASH_GLOBALS_HELP,
            env: #env,
            config: #config,
            logging: #logging,
        };
        ::flash::__private::App::new(&__FLASH_APP)
    }}
}

fn error_tokens(cx: Ctxt) -> TokenStream {
    let error = cx.finish().map(|e| e.to_compile_error());
    // An expression of the right type, so the user's `.run()` adds no error.
    quote! {{
        #error
        ::flash::__private::App::new(&::flash::__private::INVALID_APP)
    }}
}

/// The globals' table, parser and `Global Options:` help (the built-in
/// `-v`/`-q` alone when there is no `globals:`).
fn globals_items(app: &AppInput) -> TokenStream {
    let (args, rows, parse) = match &app.globals {
        Some(ty) => (
            quote_spanned!(ty.span()=> <#ty as ::flash::__private::Args>::ARGS),
            quote_spanned!(ty.span()=> <#ty as ::flash::__private::Args>::ROWS),
            quote_spanned! {ty.span()=>
                ::core::option::Option::Some(<#ty as ::flash::__private::Args>::parse_globals)
            },
        ),
        None => (
            quote!(&[]),
            quote!(&[]),
            quote!(::core::option::Option::None),
        ),
    };
    let config_rows = match app.config {
        Some((true, _)) => {
            let default = config_default(app);
            quote!(, &[::flash::__private::config_row(#default)])
        }
        _ => quote!(),
    };
    let logging = logging_on(app);
    quote! {
        const __FLASH_GLOBALS: &[::flash::__private::ArgSpec] = #args;
        const __FLASH_GLOBALS_ROWS: &[&[::flash::__private::HelpRow]] = &[#rows #config_rows];
        const __FLASH_PARSE_GLOBALS: ::core::option::Option<::flash::__private::ParseGlobals> = #parse;
        const __FLASH_GLOBAL_RELATIONS: ::core::option::Option<::flash::__private::Relations> =
            if ::flash::__private::has_relations(__FLASH_GLOBALS, &[]) {
                ::core::option::Option::Some(::flash::__private::check_relations)
            } else {
                ::core::option::Option::None
            };
        const __FLASH_GLOBALS_LEN: (usize, usize) =
            ::flash::__private::render_globals(__FLASH_GLOBALS_ROWS, #logging, &mut [], &mut []);
        const __FLASH_GLOBALS_BYTES: [u8; __FLASH_GLOBALS_LEN.0] = {
            let mut buf = [0u8; __FLASH_GLOBALS_LEN.0];
            ::flash::__private::render_globals(__FLASH_GLOBALS_ROWS, #logging, &mut buf, &mut [0u32; __FLASH_GLOBALS_LEN.1]);
            buf
        };
        const __FLASH_GLOBALS_MARKS: [u32; __FLASH_GLOBALS_LEN.1] = {
            let mut marks = [0u32; __FLASH_GLOBALS_LEN.1];
            ::flash::__private::render_globals(__FLASH_GLOBALS_ROWS, #logging, &mut [0u8; __FLASH_GLOBALS_LEN.0], &mut marks);
            marks
        };
        const __FLASH_GLOBALS_HELP: (&str, &[u32]) = (
            ::flash::__private::help_str(&__FLASH_GLOBALS_BYTES),
            &__FLASH_GLOBALS_MARKS,
        );
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

/// `logging: true` needs the `async` feature (tracing): one error naming
/// it, on the key, when the feature is off.
fn logging_item(app: &AppInput) -> TokenStream {
    match app.logging {
        Some((true, span)) => quote_spanned!(span=> ::flash::__private::requires_logging!{}),
        _ => quote!(),
    }
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

/// Where the config file is read from by default, for help:
/// `$XDG_CONFIG_HOME/<name>/config.toml`, the name spelled out when it is
/// a literal (or the package's).
fn config_default(app: &AppInput) -> TokenStream {
    match &app.name {
        None => quote!(::core::concat!(
            "$XDG_CONFIG_HOME/",
            ::core::env!("CARGO_PKG_NAME"),
            "/config.toml"
        )),
        Some(syn::Expr::Lit(lit)) => {
            quote!(::core::concat!("$XDG_CONFIG_HOME/", #lit, "/config.toml"))
        }
        Some(_) => quote!("$XDG_CONFIG_HOME/<app>/config.toml"),
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
    commands(entries, &mut |path| {
        checks.push(quote_spanned! {path.span()=>
            ::flash::__private::check_takes::<<#path as ::flash::__private::Command>::Itself, _, _>(
                &__flash_list,
            );
        });
    });
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
fn commands(entries: &[Entry], f: &mut impl FnMut(&syn::Path)) {
    for entry in entries {
        match entry {
            Entry::Command(path) => f(path),
            Entry::Group { entries, .. } => commands(entries, f),
        }
    }
}
