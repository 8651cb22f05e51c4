//! The command as flash sees it, built from the user's `fn`.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{FnArg, GenericArgument, ItemFn, Pat, PathArguments, Type};

use crate::attr::{ArgAttr, CmdAttr};
use crate::ctxt::Ctxt;
use crate::docs::Doc;

/// A `#[flash::cmd]` function.
pub struct Command {
    pub attr: CmdAttr,
    pub ident: syn::Ident,
    pub asyncness: Option<Span>,
    pub doc: Doc,
    pub params: Vec<Param>,
    /// The declared return type (`None` for `()`).
    pub output: Option<Type>,
}

/// One parameter of the function.
pub struct Param {
    pub ident: syn::Ident,
    pub ty: Type,
    pub shape: Shape,
    pub attr: ArgAttr,
    /// Its doc comment: help and long help.
    pub doc: Doc,
}

/// What a parameter's type makes it.
pub enum Shape {
    /// `&Context`: not an argument.
    Context,
    /// `&T`: not an argument either; the app's globals or state.
    Ref(Type),
    /// `bool`: a flag.
    Flag,
    /// `T`: an argument, or an `Args` group (only `const` evaluation can
    /// tell).
    One,
    /// `Option<T>`.
    Optional(Type),
    /// `Option<Option<T>>`: an option whose value may be left out.
    OptionalValue(Type),
    /// `Vec<T>`.
    Many(Type),
}

impl Shape {
    /// Whether the parameter is a command-line argument (or group).
    pub fn is_arg(&self) -> bool {
        !matches!(self, Shape::Context | Shape::Ref(_))
    }
}

impl Command {
    /// Reads the command from the function, and strips from the function
    /// what only flash understands (`#[arg]`, parameter doc comments).
    pub fn from_syn(cx: &mut Ctxt, attr: CmdAttr, item: &mut ItemFn) -> Command {
        let mut params = Vec::new();
        for input in &mut item.sig.inputs {
            let pat_type = match input {
                FnArg::Typed(pat_type) => pat_type,
                FnArg::Receiver(r) => {
                    cx.error_tokens(&*r, "a command is a free function; it cannot take `self`");
                    continue;
                }
            };
            let mut arg_attr = ArgAttr::default();
            let doc = Doc::from_attrs(&pat_type.attrs);
            let mut kept = Vec::new();
            for a in pat_type.attrs.drain(..) {
                if a.path().is_ident("arg") {
                    arg_attr.parse_into(cx, &a);
                } else if !a.path().is_ident("doc") {
                    kept.push(a);
                }
            }
            pat_type.attrs = kept;
            let ident = match &*pat_type.pat {
                Pat::Ident(p) => p.ident.clone(),
                Pat::Wild(w) => syn::Ident::new("_arg", w.span()),
                other => {
                    cx.error_tokens(
                        other,
                        "a command parameter must be a plain name, e.g. `files: Vec<PathBuf>`",
                    );
                    continue;
                }
            };
            let ty = (*pat_type.ty).clone();
            let shape = shape_of(&ty);
            params.push(Param {
                ident,
                ty,
                shape,
                attr: arg_attr,
                doc,
            });
        }
        Command {
            attr,
            ident: item.sig.ident.clone(),
            asyncness: item.sig.asyncness.map(|a| a.span()),
            doc: Doc::from_attrs(&item.attrs),
            params,
            output: match &item.sig.output {
                syn::ReturnType::Type(_, ty) => Some((**ty).clone()),
                syn::ReturnType::Default => None,
            },
        }
    }
}

pub fn shape_of(ty: &Type) -> Shape {
    if is_context(ty) {
        return Shape::Context;
    }
    if let Type::Reference(r) = ty {
        return Shape::Ref((*r.elem).clone());
    }
    if let Type::Path(p) = ty {
        if p.qself.is_none() && p.path.is_ident("bool") {
            return Shape::Flag;
        }
        if let Some(last) = p.path.segments.last() {
            if let PathArguments::AngleBracketed(args) = &last.arguments {
                if let (1, Some(GenericArgument::Type(inner))) =
                    (args.args.len(), args.args.first())
                {
                    match last.ident.to_string().as_str() {
                        "Option" => {
                            return match shape_of(inner) {
                                Shape::Optional(value) => Shape::OptionalValue(value),
                                _ => Shape::Optional(inner.clone()),
                            }
                        }
                        "Vec" => return Shape::Many(inner.clone()),
                        _ => {}
                    }
                }
            }
        }
    }
    Shape::One
}

/// `&Context` or `&flash::Context` (any path ending in `Context`).
fn is_context(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => names_context(&r.elem),
        _ => false,
    }
}

/// A path type whose last segment is `Context`.
pub fn names_context(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Context" && s.arguments.is_empty()))
}
