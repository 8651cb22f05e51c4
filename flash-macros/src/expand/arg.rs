//! The tokens of one argument: its entry in the command's table (what
//! the parser, help, completion, the docs and the config file read) and the
//! expression that takes its typed value out of the parsed command line.
//! Commands' parameters and `Args` fields alike.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::Type;

use crate::ast::Shape;
use crate::expand::args::{compact, Arg, Kind};

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn opt_char(value: Option<char>) -> TokenStream {
    match value {
        Some(c) => quote!(::core::option::Option::Some(#c)),
        None => quote!(::core::option::Option::None),
    }
}

/// `<T as Param>::POSSIBLE`, or `&[]` for an argument with no element type
/// or with its own parser (`parse = f`: its type need not be a `Param`).
fn possible_of(a: &Arg) -> TokenStream {
    match a.elem() {
        Some(ty) if a.param.attr.parse.is_none() => {
            quote_spanned!(ty.span()=> <#ty as ::flash::__private::Param>::POSSIBLE)
        }
        _ => quote!(&[]),
    }
}

/// The `ArgSpec` of `a`; `heading` is its group's (`#[args(heading)]`)
/// where it has none of its own.
pub fn spec(a: &Arg, heading: Option<&str>) -> TokenStream {
    let attr = &a.param.attr;
    let kind = match a.kind {
        Kind::Flag => quote!(Flag),
        Kind::Count => quote!(Count),
        Kind::Option => quote!(Option),
        Kind::Positional => quote!(Positional),
    };
    let name = a.name();
    let long = opt_str(a.long.as_ref().map(|(l, _)| l.as_str()));
    let short = opt_char(a.short.as_ref().map(|(c, _)| *c));
    let value_name = match a.kind {
        Kind::Option | Kind::Positional => a.value_name.clone(),
        Kind::Flag | Kind::Count => String::new(),
    };
    let display = a.display();
    let (negate, multiple, required) = (a.negate, a.multiple, a.required);
    let (last, hidden) = (attr.last.is_some(), attr.hidden.is_some());
    let optional_value = a.optional_value();
    let hint = hint(a);
    let env = opt_str(attr.env.as_ref().map(|e| e.value()).as_deref());
    let read_env = if attr.env.is_some() {
        quote!(::core::option::Option::Some(::flash::__private::read_env))
    } else {
        quote!(::core::option::Option::None)
    };
    let (possible, check) = match &attr.possible {
        Some((values, _)) => {
            let values = values.iter().map(|v| {
                let v = v.value();
                quote!(::flash::__private::PossibleValue { name: #v, help: "" })
            });
            (
                quote!(&[#(#values),*]),
                quote!(::core::option::Option::Some(
                    ::flash::__private::check_possible
                )),
            )
        }
        None => (possible_of(a), quote!(::core::option::Option::None)),
    };
    let prompt = match &attr.prompt {
        Some(title) => {
            let secret = attr.secret.is_some();
            quote!(::core::option::Option::Some(::flash::__private::Prompt {
                title: #title,
                secret: #secret,
                read: ::flash::__private::read_prompt,
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let conflicts: Vec<String> = attr.conflicts_with.iter().map(|s| s.value()).collect();
    let requires: Vec<String> = attr.requires.iter().map(|s| s.value()).collect();
    let default = shown_default(a);
    let (help, long_help) = (&a.param.doc.short, &a.param.doc.long);
    let heading = opt_str(
        attr.heading
            .as_ref()
            .map(|h| h.value())
            .as_deref()
            .or(heading),
    );
    let range = opt_str(
        attr.range
            .as_ref()
            .map(|r| compact(&r.to_token_stream().to_string()))
            .as_deref(),
    );
    let complete = completer(a);
    quote! {
        ::flash::__private::ArgSpec {
            name: #name,
            kind: ::flash::__private::ArgKind::#kind,
            long: #long,
            short: #short,
            negate: #negate,
            value_name: #value_name,
            display: #display,
            multiple: #multiple,
            required: #required,
            last: #last,
            hidden: #hidden,
            optional_value: #optional_value,
            hint: ::flash::__private::ValueHint::#hint,
            env: #env,
            read_env: #read_env,
            possible: #possible,
            check: #check,
            default: #default,
            help: #help,
            long_help: #long_help,
            heading: #heading,
            range: #range,
            conflicts: &[#(#conflicts),*],
            requires: &[#(#requires),*],
            prompt: #prompt,
            complete: #complete,
            runtime: 0,
        }
    }
}

/// `value_hint = …`, else `Path` for a `PathBuf` or `OsString`.
fn hint(a: &Arg) -> TokenStream {
    let word = match &a.param.attr.value_hint {
        Some((word, _)) => word.as_str(),
        None if a.elem().is_some_and(is_path) => "path",
        None => "unknown",
    };
    let variant = match word {
        "path" => "Path",
        "file" => "File",
        "dir" => "Dir",
        "executable" => "Executable",
        "command" => "Command",
        "none" => "None",
        _ => "Unknown",
    };
    let variant = quote::format_ident!("{}", variant);
    quote!(#variant)
}

/// Whether values of type `ty` are paths, completed as file names: a
/// `PathBuf` or an `OsString`, by the last segment of its path.
fn is_path(ty: &Type) -> bool {
    match ty {
        Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "PathBuf" || s.ident == "OsString"),
        _ => false,
    }
}

/// `complete = f` as the table's `Completer`: a `fn` that builds what `f`
/// takes from the words typed so far and calls it.
fn completer(a: &Arg) -> TokenStream {
    let Some(f) = &a.param.attr.complete else {
        return quote!(::core::option::Option::None);
    };
    quote_spanned! {f.span()=> ::core::option::Option::Some({
        fn __flash_complete(
            __flash_inv: ::std::boxed::Box<dyn ::core::any::Any>,
            __flash_word: &::core::primitive::str,
        ) -> ::std::vec::Vec<::flash::__private::Candidate> {
            ::flash::__private::run_completer(__flash_inv, __flash_word, #f)
        }
        __flash_complete
    })}
}

/// `[default: …]` as help shows it: a literal's value as written at
/// expansion, else computed when help is printed (a `ValueEnum`'s name,
/// the value's `Display`, else the expression as written).
fn shown_default(a: &Arg) -> TokenStream {
    let Some(expr) = &a.param.attr.default else {
        return quote!(::core::option::Option::None);
    };
    if matches!(a.kind, Kind::Flag | Kind::Count) {
        // A flag's default is shown by `--[no-]x` alone.
        return quote!(::core::option::Option::None);
    }
    let written = a.default_text().unwrap_or_default();
    if matches!(expr, syn::Expr::Lit(_)) {
        return quote!(::core::option::Option::Some(
            ::flash::__private::ShownDefault::Text(#written)
        ));
    }
    let ty = &a.param.ty;
    let value = typed_default(expr, ty);
    quote_spanned! {expr.span()=> ::core::option::Option::Some(
        ::flash::__private::ShownDefault::Computed({
            #[allow(unused_imports)]
            fn __flash_default() -> ::std::string::String {
                use ::flash::__private::{ShownAsDisplay as _, ShownAsName as _, ShownAsWritten as _};
                let __flash_value: #ty = #value;
                (&&&::flash::__private::Shown(&__flash_value)).shown(#written)
            }
            __flash_default
        })
    )}
}

/// The expression taking `a`'s typed value out of `inv` (an
/// `&mut Invocation`) at `index`; `usage` wraps an accessor's usage-error
/// message in the body's error type.
pub fn extract(
    a: &Arg,
    inv: &TokenStream,
    index: &TokenStream,
    usage: &TokenStream,
) -> TokenStream {
    let attr = &a.param.attr;
    let ty = &a.param.ty;
    let value = match (&a.param.shape, a.kind) {
        (_, Kind::Count) => quote_spanned!(ty.span()=> #inv.count::<#ty>(#index).map_err(#usage)?),
        (Shape::Flag, _) => flag(a, inv, index, usage),
        (Shape::One, _) if a.optional_value() => missing_value(a, inv, index, usage, ty, true),
        (Shape::One, _) => one(a, inv, index, usage),
        (Shape::Optional(inner), _) if a.optional_value() => {
            missing_value(a, inv, index, usage, inner, false)
        }
        (Shape::Optional(inner), _) => match &attr.parse {
            Some(f) => {
                let f = parser(f, inner);
                quote!(#inv.one_with(#index, #f).map_err(#usage)?)
            }
            None => quote_spanned!(inner.span()=>
                <#inner as ::flash::__private::Param>::optional(#inv, #index).map_err(#usage)?),
        },
        (Shape::OptionalValue(inner), _) => match &attr.parse {
            Some(f) => {
                let f = parser(f, inner);
                quote!(#inv.optional_value_with(#index, #f).map_err(#usage)?)
            }
            None => quote_spanned!(inner.span()=>
                #inv.optional_value::<#inner>(#index).map_err(#usage)?),
        },
        (Shape::Many(inner), _) => match &attr.parse {
            Some(f) => {
                let f = parser(f, inner);
                quote!(#inv.many_with(#index, #f).map_err(#usage)?)
            }
            None => quote_spanned!(inner.span()=>
                <#inner as ::flash::__private::Param>::many(#inv, #index).map_err(#usage)?),
        },
        (Shape::Context | Shape::Ref(_), _) => quote!(()),
    };
    match &attr.range {
        Some(range) => with_range(a, value, inv, index, usage, range),
        None => value,
    }
}

/// An option with `default_missing`: given alone it is that value; absent
/// it is its `default` (or missing, or `None` for an `Option<T>`).
fn missing_value(
    a: &Arg,
    inv: &TokenStream,
    index: &TokenStream,
    usage: &TokenStream,
    elem: &Type,
    plain: bool,
) -> TokenStream {
    let attr = &a.param.attr;
    let got = match &attr.parse {
        Some(f) => {
            let f = parser(f, elem);
            quote!(#inv.optional_value_with(#index, #f).map_err(#usage)?)
        }
        None => quote_spanned!(elem.span()=> #inv.optional_value::<#elem>(#index).map_err(#usage)?),
    };
    let missing = match &attr.default_missing {
        Some(expr) => typed_default(expr, elem),
        None => quote!(::core::unreachable!()),
    };
    let absent = if plain {
        match &attr.default {
            Some(default) => typed_default(default, &a.param.ty),
            None => quote! {
                return ::core::result::Result::Err((#usage)(::flash::__private::missing(#inv.arg(#index))))
            },
        }
    } else {
        quote!(::core::option::Option::None)
    };
    let given = |v: TokenStream| {
        if plain {
            v
        } else {
            quote!(::core::option::Option::Some(#v))
        }
    };
    let (value, default_missing) = (given(quote!(__flash_value)), given(missing));
    quote! {
        match #got {
            ::core::option::Option::Some(::core::option::Option::Some(__flash_value)) => #value,
            ::core::option::Option::Some(::core::option::Option::None) => #default_missing,
            ::core::option::Option::None => #absent,
        }
    }
}

/// A `bool`: given or not, or `--x`/`--no-x`, `env` and `default`.
fn flag(a: &Arg, inv: &TokenStream, index: &TokenStream, usage: &TokenStream) -> TokenStream {
    let attr = &a.param.attr;
    // Without `env`, `default` or `--no-x`, the lean accessor: an app
    // that uses none of them links no environment parsing.
    if attr.env.is_none() && attr.default.is_none() && !a.negate {
        return quote!(#inv.flag_given(#index));
    }
    let default = a.default_true();
    quote!(#inv.flag(#index, #default).map_err(#usage)?)
}

/// A plain `T`: one argument (required, or with `env`/`default`), or a
/// whole `Args` group.
fn one(a: &Arg, inv: &TokenStream, index: &TokenStream, usage: &TokenStream) -> TokenStream {
    let attr = &a.param.attr;
    let ty = &a.param.ty;
    if let Some(f) = &attr.parse {
        let f = parser(f, ty);
        let got = quote!(#inv.one_with(#index, #f).map_err(#usage)?);
        return or_default(a, got, inv, index, usage);
    }
    if attr.env.is_none() && attr.default.is_none() {
        return quote_spanned!(ty.span()=>
            <#ty as ::flash::__private::Param>::required(#inv, #index).map_err(#usage)?);
    }
    let got = quote_spanned!(ty.span()=>
        <#ty as ::flash::__private::Param>::optional(#inv, #index).map_err(#usage)?);
    or_default(a, got, inv, index, usage)
}

/// `parse = f` as a `fn(&str) -> Result<T, _>`: a function of another
/// signature is one type error, on `f`, saying which signature it needs.
fn parser(f: &syn::Path, elem: &Type) -> TokenStream {
    quote_spanned! {f.span()=> {
        let __flash_parse: fn(&::core::primitive::str) -> ::core::result::Result<#elem, _> = #f;
        __flash_parse
    }}
}

/// `got` (an `Option<T>`), else the `default`, else a missing-argument error.
fn or_default(
    a: &Arg,
    got: TokenStream,
    inv: &TokenStream,
    index: &TokenStream,
    usage: &TokenStream,
) -> TokenStream {
    let fallback = match &a.param.attr.default {
        Some(default) => typed_default(default, &a.param.ty),
        None => quote! {
            return ::core::result::Result::Err((#usage)(::flash::__private::missing(#inv.arg(#index))))
        },
    };
    quote! {
        match #got {
            ::core::option::Option::Some(__flash_value) => __flash_value,
            ::core::option::Option::None => #fallback,
        }
    }
}

/// `value` checked against `range` (each value of an `Option` or `Vec`).
fn with_range(
    a: &Arg,
    value: TokenStream,
    inv: &TokenStream,
    index: &TokenStream,
    usage: &TokenStream,
    range: &syn::Expr,
) -> TokenStream {
    let shown = compact(&range.to_token_stream().to_string());
    let check = quote_spanned! {range.span()=>
        #inv.in_range(#index, __flash_v, #range, #shown).map_err(#usage)?
    };
    match &a.param.shape {
        Shape::Optional(_) => quote! {{
            let __flash_value = #value;
            if let ::core::option::Option::Some(__flash_v) = &__flash_value { #check; }
            __flash_value
        }},
        Shape::OptionalValue(_) => quote! {{
            let __flash_value = #value;
            if let ::core::option::Option::Some(::core::option::Option::Some(__flash_v)) = &__flash_value { #check; }
            __flash_value
        }},
        Shape::Many(_) => quote! {{
            let __flash_value = #value;
            for __flash_v in &__flash_value { #check; }
            __flash_value
        }},
        _ => quote! {{
            let __flash_value = #value;
            { let __flash_v = &__flash_value; #check; }
            __flash_value
        }},
    }
}

/// `default = EXPR` converted with `Into`. An unsuffixed number literal gets
/// the parameter's numeric type as suffix, since `Into::into(1)` alone would
/// make it an `i32`.
pub fn typed_default(default: &syn::Expr, ty: &Type) -> TokenStream {
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

/// `Format::Plain`: a path whose last segment is in UpperCamelCase, as a
/// unit variant is.
pub fn looks_like_variant(expr: &syn::Expr) -> bool {
    let syn::Expr::Path(p) = expr else {
        return false;
    };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    p.path.segments.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase())
}
