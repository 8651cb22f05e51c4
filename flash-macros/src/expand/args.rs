//! Parameters (and `Args` fields) → the arguments of the command line.

use proc_macro2::Span;
use quote::ToTokens;

use crate::ast::{Param, Shape};
use crate::names::{kebab, upper};

/// How an argument takes values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Flag,
    Count,
    Option,
    Positional,
}

/// A resolved argument: names, value name, arity.
pub struct Arg<'a> {
    pub param: &'a Param,
    pub kind: Kind,
    pub long: Option<(String, Span)>,
    pub short: Option<(char, Span)>,
    pub value_name: String,
    pub multiple: bool,
    pub required: bool,
    /// `--no-LONG` turns it off: `negate`, or a `bool` with `default = true`.
    pub negate: bool,
}

impl Arg<'_> {
    /// The Rust name, as `conflicts_with` and friends name it.
    pub fn name(&self) -> String {
        self.param
            .ident
            .to_string()
            .trim_start_matches("r#")
            .to_owned()
    }

    /// How the argument is named in errors and help: `--times <N>`, `<NAME>`.
    pub fn display(&self) -> String {
        let flag = match (&self.long, &self.short) {
            (Some((l, _)), _) => format!("--{l}"),
            (None, Some((s, _))) => format!("-{s}"),
            (None, None) => String::new(),
        };
        match self.kind {
            Kind::Flag => flag,
            Kind::Count => format!("{flag}..."),
            Kind::Option if self.optional_value() => format!("{flag}[=<{}>]", self.value_name),
            Kind::Option => format!("{flag} <{}>", self.value_name),
            Kind::Positional => self.placeholder(),
        }
    }

    /// `<NAME>`, `[NAME]`, `[FILES]...`, `<FILES>...`, as clap names a
    /// positional in errors and help rows.
    pub fn placeholder(&self) -> String {
        let v = &self.value_name;
        match (self.required, self.multiple) {
            (true, false) => format!("<{v}>"),
            (false, false) => format!("[{v}]"),
            (true, true) => format!("<{v}>..."),
            (false, true) => format!("[{v}]..."),
        }
    }

    /// The type whose `Param` constants describe the values (`T` of `T`,
    /// `Option<T>`, `Option<Option<T>>`, `Vec<T>`), if any.
    pub fn elem(&self) -> Option<&syn::Type> {
        match &self.param.shape {
            Shape::One => Some(&self.param.ty),
            Shape::Optional(inner) | Shape::OptionalValue(inner) | Shape::Many(inner) => {
                Some(inner)
            }
            _ => None,
        }
    }

    /// Its value may be left out, attached with `=` when given
    /// (`Option<Option<T>>`, `default_missing`).
    pub fn optional_value(&self) -> bool {
        self.kind == Kind::Option
            && (matches!(self.param.shape, Shape::OptionalValue(_))
                || self.param.attr.default_missing.is_some())
    }

    /// Whether it may be an `Args` group: a by-value parameter with no
    /// parser of its own, of a type that is not one of std's values (only
    /// the compiler knows what a type of the user's is).
    pub fn maybe_group(&self) -> bool {
        matches!(self.param.shape, Shape::One)
            && self.param.attr.parse.is_none()
            && !is_std_value(&self.param.ty)
    }

    /// `default = true` on a flag.
    pub fn default_true(&self) -> bool {
        matches!(&self.param.attr.default, Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. })) if b.value)
    }

    /// The text help shows for `default = EXPR`, when it can be written at
    /// expansion time: literals as their value, anything else as written.
    pub fn default_text(&self) -> Option<String> {
        self.param.attr.default.as_ref().map(|expr| match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value(),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(i),
                ..
            }) => i.base10_digits().to_owned(),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Float(f),
                ..
            }) => f.base10_digits().to_owned(),
            other => compact(&other.to_token_stream().to_string()),
        })
    }
}

/// std's types a command-line value converts into (by the last segment
/// of the path, with no generics): never an `Args` group.
fn is_std_value(ty: &syn::Type) -> bool {
    const STD: &[&str] = &[
        "String",
        "PathBuf",
        "OsString",
        "char",
        "bool",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "f32",
        "f64",
        "IpAddr",
        "Ipv4Addr",
        "Ipv6Addr",
        "SocketAddr",
        "SocketAddrV4",
        "SocketAddrV6",
    ];
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().is_some_and(|s| {
                s.arguments.is_empty() && STD.contains(&s.ident.to_string().as_str())
            })
        }
        _ => false,
    }
}

/// Tokens as written, without the spaces `to_string` puts around `::`,
/// `.`, `..`, `..=` and brackets: `Format::Plain`, not `Format :: Plain`;
/// `1..=65535`, not `1 ..= 65535`.
pub fn compact(text: &str) -> String {
    let mut out = text.to_owned();
    for (spaced, tight) in [
        (" :: ", "::"),
        (" . ", "."),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" ,", ","),
        (" ..= ", "..="),
        ("..= ", "..="),
        (" ..=", "..="),
        (" .. ", ".."),
        (".. ", ".."),
        (" ..", ".."),
    ] {
        out = out.replace(spaced, tight);
    }
    out
}

/// Resolves every parameter that is an argument (or a group).
pub fn resolve(params: &[Param]) -> Vec<Arg<'_>> {
    params
        .iter()
        .filter(|p| p.shape.is_arg())
        .map(resolve_one)
        .collect()
}

fn resolve_one(p: &Param) -> Arg<'_> {
    let a = &p.attr;
    let name = p.ident.to_string();
    let short = a.short.as_ref().map(|(c, span)| {
        (
            c.unwrap_or_else(|| kebab(&name).chars().next().unwrap_or('x')),
            *span,
        )
    });
    let explicit_long = a
        .long
        .as_ref()
        .map(|(l, span)| (l.clone().unwrap_or_else(|| kebab(&name)), *span));
    let flagged = matches!(p.shape, Shape::Flag) || a.count.is_some();
    let kind = match p.shape {
        Shape::Flag => Kind::Flag,
        _ if a.count.is_some() => Kind::Count,
        // Its value may be missing, so it is an option, named `--NAME`.
        Shape::OptionalValue(_) => Kind::Option,
        _ if explicit_long.is_some() || short.is_some() => Kind::Option,
        _ => Kind::Positional,
    };
    // A flag always has a long name (unless `no_long`); so does a count
    // without any name.
    let long = match explicit_long {
        Some(long) => Some(long),
        None if a.no_long.is_some() && short.is_some() => None,
        None if flagged && (matches!(p.shape, Shape::Flag) || short.is_none()) => {
            Some((kebab(&name), p.ident.span()))
        }
        None => None,
    };
    let (multiple, required) = match p.shape {
        Shape::Flag
        | Shape::Optional(_)
        | Shape::OptionalValue(_)
        | Shape::Context
        | Shape::Ref(_) => (false, false),
        _ if kind == Kind::Count => (false, false),
        Shape::One => (false, a.default.is_none()),
        Shape::Many(_) => (true, a.required.is_some()),
    };
    let value_name = a
        .value_name
        .as_ref()
        .map_or_else(|| upper(&name), |v| v.value());
    let mut arg = Arg {
        param: p,
        kind,
        long,
        short,
        value_name,
        multiple,
        required,
        negate: a.negate.is_some(),
    };
    arg.negate |= arg.default_true();
    arg
}
