//! The built-in runtime options an async command offers (`--timeout`,
//! `--max-concurrency`, `--memory-limit`, `--metrics`): their table
//! entries and help rows, with the command's own defaults shown.

use proc_macro2::TokenStream;
use quote::quote;

use flash_grammar::exec::{DEFAULT_MAX_CONCURRENCY, RUNTIME_FLAGS};

use crate::ast::Command;
use crate::attr::Handler;
use crate::expand::args::Arg;

/// A built-in runtime option offered by an async command.
pub struct RuntimeRow {
    pub long: &'static str,
    pub value_name: Option<&'static str>,
    pub help: &'static str,
    pub default: Option<String>,
}

/// The runtime options an async command offers: every one whose long name
/// the command does not declare itself.
pub fn runtime_rows(cmd: &Command, args: &[Arg]) -> Vec<RuntimeRow> {
    if cmd.attr.handlers.first().map(|(h, _)| *h) != Some(Handler::Async) {
        return Vec::new();
    }
    let taken = |long: &str| {
        args.iter()
            .any(|a| a.long.as_ref().is_some_and(|(l, _)| l == long))
    };
    let attr = &cmd.attr;
    let rows = RUNTIME_FLAGS.map(|flag| {
        let default = match flag.long {
            "timeout" => attr.timeout.as_ref().map(|t| t.lit.value()),
            "max-concurrency" => Some(attr.max_concurrency.as_ref().map_or_else(
                || DEFAULT_MAX_CONCURRENCY.to_string(),
                |n| n.base10_digits().to_owned(),
            )),
            "memory-limit" => attr.memory_limit.as_ref().map(|m| m.lit.value()),
            _ => None,
        };
        RuntimeRow {
            long: flag.long,
            value_name: flag.value_name,
            help: flag.help,
            default,
        }
    });
    rows.into_iter().filter(|r| !taken(r.long)).collect()
}

/// The table entry of a runtime option: listed under `Runtime Options:`,
/// with the command's own default shown.
pub fn spec(r: &RuntimeRow) -> TokenStream {
    let (long, help) = (r.long, r.help);
    let bit: u8 = match long {
        "timeout" => 1,
        "max-concurrency" => 2,
        "memory-limit" => 4,
        _ => 8,
    };
    let (kind, value_name, display) = match r.value_name {
        Some(v) => (quote!(Option), v, format!("--{long} <{v}>")),
        None => (quote!(Flag), "", format!("--{long}")),
    };
    let default = match &r.default {
        Some(d) => quote!(::core::option::Option::Some(::flash::__private::ShownDefault::Text(#d))),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::flash::__private::ArgSpec {
            kind: ::flash::__private::ArgKind::#kind,
            long: ::core::option::Option::Some(#long),
            value_name: #value_name,
            display: #display,
            hint: ::flash::__private::ValueHint::None,
            default: #default,
            help: #help,
            heading: ::core::option::Option::Some("Runtime Options"),
            runtime: #bit,
            ..::flash::__private::ArgSpec::EMPTY
        }
    }
}
