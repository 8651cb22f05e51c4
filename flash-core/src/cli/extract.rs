//! Parameters taken by reference (`&T`) are extracted from the app, as
//! axum extracts from a request: the runtime context (`&Context`), the
//! app's globals (`&Global`), or app state (`&Db`), built on first use by
//! the provider in `app! { state: [...] }` that returns it. The same goes
//! for the parameters of providers and hooks.
//!
//! This layer holds the app's tables of providers and hooks and the
//! [`Resolve`] trait the runtime's environment implements; it names no
//! runtime type. It also holds the compile-time check that every `&T` a
//! command takes has a provider: traits over a type-level list that
//! `app!` builds from its providers' return types.

use std::any::{Any, TypeId};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use crate::cli::arg::Candidate;
use crate::cli::error::{Error, Result};

/// A value of the app a parameter can take by reference, found by type.
pub trait Resolve {
    /// The value of the type `id` (named `name` in errors): the context,
    /// the globals, or a state, built on first use by its provider.
    fn resolve(&self, id: TypeId, name: &'static str) -> Result<&dyn Any>;

    /// As [`Resolve::resolve`], where the provider may be async.
    fn resolve_async<'a>(
        &'a self,
        id: TypeId,
        name: &'static str,
    ) -> Pin<Box<dyn Future<Output = Result<&'a dyn Any>> + 'a>>;
}

/// The `T` of the app, for a `&T` parameter of a sync command or hook.
pub fn get<T: 'static>(env: &dyn Resolve) -> Result<&T> {
    let found = env.resolve(TypeId::of::<T>(), std::any::type_name::<T>())?;
    found.downcast_ref().ok_or_else(|| mismatch::<T>())
}

/// The `T` of the app, for a `&T` parameter of an async command.
pub async fn get_async<T: 'static>(env: &dyn Resolve) -> Result<&T> {
    let found = env
        .resolve_async(TypeId::of::<T>(), std::any::type_name::<T>())
        .await?;
    found.downcast_ref().ok_or_else(|| mismatch::<T>())
}

#[cold]
fn mismatch<T>() -> Error {
    Error::msg(format!(
        "internal error: the app's `{}` is of another type",
        std::any::type_name::<T>()
    ))
}

/// A boxed future of a state's value.
pub type StateFuture<'a> = Pin<Box<dyn Future<Output = Result<Box<dyn Any>>> + 'a>>;

/// A state provider, type-erased: `app!` puts one per provider in a static.
pub trait ErasedProvider: Sync {
    /// The type of the state it returns.
    fn state_type(&self) -> TypeId;
    /// That type's name, for errors.
    fn state_name(&self) -> &'static str;
    /// Builds the state, if the provider is a plain `fn`.
    fn make_sync(&self, env: &dyn Resolve) -> Option<Result<Box<dyn Any>>>;
    /// Builds the state (either kind of provider).
    fn make_async<'a>(&'a self, env: &'a dyn Resolve) -> StateFuture<'a>;
}

/// A hook (`before:`, `after:`), type-erased.
///
/// `env` is the runtime's environment as `&dyn Any`, not `&dyn Resolve`:
/// the runtime implements this trait for [`WrappedHook`] and turns it into
/// its resolver there, so an app without hooks links neither the resolver
/// nor error reporting for them.
pub trait ErasedHook: Sync {
    /// Runs it, its parameters extracted from `env`.
    fn call(&self, env: &dyn Any) -> Result<()>;

    /// Runs it and reports its error on `stderr` (the sync commands' way).
    fn call_reported(
        &self,
        env: &dyn Any,
        stderr: &crate::cli::output::Output,
    ) -> std::result::Result<(), crate::cli::report::Failed> {
        crate::cli::report::finish(stderr, self.call(env))
    }
}

/// A state provider of the app (`app! { state: [open_db] }`).
#[derive(Clone, Copy)]
pub struct ProviderSpec {
    /// The provider's own name (`open_db`), for errors.
    pub name: &'static str,
    /// The provider.
    pub provider: &'static dyn ErasedProvider,
}

impl std::fmt::Debug for ProviderSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSpec")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The app's state providers and hooks.
#[derive(Clone, Copy)]
pub struct AppEnv {
    /// `state: [...]`.
    pub providers: &'static [ProviderSpec],
    /// `before: hook`: runs before every command; an error stops it.
    pub before: Option<&'static dyn ErasedHook>,
    /// `after: hook`: runs after every command, on every exit path (see
    /// `app!`'s documentation).
    pub after: Option<&'static dyn ErasedHook>,
}

impl std::fmt::Debug for AppEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppEnv")
            .field("providers", &self.providers)
            .field("before", &self.before.is_some())
            .field("after", &self.after.is_some())
            .finish()
    }
}

impl AppEnv {
    /// No state, no hooks.
    pub const EMPTY: AppEnv = AppEnv {
        providers: &[],
        before: None,
        after: None,
    };
}

/// What a state provider returns: `Result<T, E>`.
pub trait IntoState {
    /// The state.
    type State: 'static;
    /// The state, or the provider's error.
    fn into_state(self) -> Result<Self::State>;
}

impl<T: 'static, E: Into<Error>> IntoState for std::result::Result<T, E> {
    type State = T;
    fn into_state(self) -> Result<T> {
        self.map_err(Into::into)
    }
}

/// A `fn` that returns a state of the app from parameters extracted from
/// it: `fn(&A, &B, ...) -> Result<T, E>` or the `async` kind, up to four
/// parameters. `M` tells the impls apart; [`wrap`] infers it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot provide app state",
    label = "not a `fn(&A, ...) -> Result<T, E>` (or `async fn`)",
    note = "a state provider takes its inputs by reference (`&Context`, `&Global`, other state) and returns `Result<T, E>`"
)]
pub trait Provider<M>: Copy + Sync + 'static {
    /// The state it returns.
    type State: 'static;
    /// [`SyncKind`] or [`AsyncKind`].
    type Kind;
    /// Builds the state, if `Self` is a plain `fn`.
    fn build_sync(self, env: &dyn Resolve) -> Option<Result<Box<dyn Any>>>;
    /// Builds the state.
    fn build<'a>(self, env: &'a dyn Resolve) -> StateFuture<'a>;
}

/// A provider that runs as a plain `fn`.
pub struct SyncKind;
/// A provider that runs as an `async fn`.
pub struct AsyncKind;

macro_rules! providers {
    ($($a:ident),*) => {
        impl<F, R, $($a),*> Provider<(SyncKind, fn($(&$a),*) -> R)> for F
        where
            F: Fn($(&$a),*) -> R + Copy + Sync + 'static,
            R: IntoState,
            $($a: 'static,)*
        {
            type State = R::State;
            type Kind = SyncKind;
            #[allow(unused_variables)]
            fn build_sync(self, env: &dyn Resolve) -> Option<Result<Box<dyn Any>>> {
                Some((|| {
                    let out = self($(get::<$a>(env)?),*).into_state()?;
                    Ok(Box::new(out) as Box<dyn Any>)
                })())
            }
            fn build<'a>(self, env: &'a dyn Resolve) -> StateFuture<'a> {
                let out = self.build_sync(env);
                Box::pin(async move { out.unwrap_or_else(|| Err(Error::msg("unreachable"))) })
            }
        }

        impl<F, R, $($a),*> Provider<(AsyncKind, fn($(&$a),*) -> R)> for F
        where
            F: AsyncFn($(&$a),*) -> R + Copy + Sync + 'static,
            R: IntoState,
            $($a: 'static,)*
        {
            type State = R::State;
            type Kind = AsyncKind;
            fn build_sync(self, _: &dyn Resolve) -> Option<Result<Box<dyn Any>>> {
                None
            }
            #[allow(unused_variables)]
            fn build<'a>(self, env: &'a dyn Resolve) -> StateFuture<'a> {
                Box::pin(async move {
                    let out = self($(get_async::<$a>(env).await?),*).await.into_state()?;
                    Ok(Box::new(out) as Box<dyn Any>)
                })
            }
        }
    };
}

providers!();
providers!(A);
providers!(A, B);
providers!(A, B, C);
providers!(A, B, C, D);

/// A provider with its `M` inferred, erased by [`ErasedProvider`].
pub struct Wrapped<F, M>(F, PhantomData<fn() -> M>);

/// Wraps `provider` for `app!`'s static table.
pub const fn wrap<F: Provider<M>, M>(provider: F) -> Wrapped<F, M> {
    Wrapped(provider, PhantomData)
}

impl<F: Provider<M>, M> ErasedProvider for Wrapped<F, M> {
    fn state_type(&self) -> TypeId {
        TypeId::of::<F::State>()
    }
    fn state_name(&self) -> &'static str {
        std::any::type_name::<F::State>()
    }
    fn make_sync(&self, env: &dyn Resolve) -> Option<Result<Box<dyn Any>>> {
        self.0.build_sync(env)
    }
    fn make_async<'a>(&'a self, env: &'a dyn Resolve) -> StateFuture<'a> {
        self.0.build(env)
    }
}

/// A hook: `fn(&A, &B, ...) -> Result<(), E>`, up to four parameters.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a hook",
    label = "not a `fn(&A, ...) -> flash::Result<()>`",
    note = "a hook takes what it needs by reference (`&Context`, `&Global`, state) and returns `flash::Result<()>`"
)]
pub trait Hook<M>: Copy + Sync + 'static {
    /// Runs it.
    fn run(self, env: &dyn Resolve) -> Result<()>;
}

macro_rules! hooks {
    ($($a:ident),*) => {
        impl<F, R, $($a),*> Hook<fn($(&$a),*) -> R> for F
        where
            F: Fn($(&$a),*) -> R + Copy + Sync + 'static,
            R: crate::cli::error::IntoResult,
            $($a: 'static,)*
        {
            #[allow(unused_variables)]
            fn run(self, env: &dyn Resolve) -> Result<()> {
                self($(get::<$a>(env)?),*).into_result()
            }
        }
    };
}

hooks!();
hooks!(A);
hooks!(A, B);
hooks!(A, B, C);
hooks!(A, B, C, D);

/// A hook with its `M` inferred, erased by [`ErasedHook`] (which the
/// runtime implements for it).
pub struct WrappedHook<F, M>(pub F, PhantomData<fn() -> M>);

/// Wraps `hook` for `app!`'s static.
pub const fn wrap_hook<F: Hook<M>, M>(hook: F) -> WrappedHook<F, M> {
    WrappedHook(hook, PhantomData)
}

/// A completer (`#[arg(complete = f)]`): `fn(&A, …, &str) -> I`, its
/// parameters extracted as a hook's (up to four), the word being completed
/// last, returning anything iterable of [`Candidate`]s (or what converts
/// into one: a `String`, a `&str`, a `(value, help)` pair).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot complete values",
    label = "not a `fn(&A, ..., &str) -> impl IntoIterator<Item = impl Into<flash::Candidate>>`",
    note = "a completer takes what it needs by reference (`&Global`, state), then the word being completed (`&str`), and returns its candidates"
)]
pub trait Completes<M>: Copy + 'static {
    /// Its candidates for `word`.
    fn complete(self, env: &dyn Resolve, word: &str) -> Result<Vec<Candidate>>;
}

macro_rules! completers {
    ($($a:ident),*) => {
        impl<F, I, $($a),*> Completes<fn($(&$a,)* &str) -> I> for F
        where
            F: Fn($(&$a,)* &str) -> I + Copy + 'static,
            I: IntoIterator,
            I::Item: Into<Candidate>,
            $($a: 'static,)*
        {
            fn complete(self, env: &dyn Resolve, word: &str) -> Result<Vec<Candidate>> {
                let _ = env;
                Ok(self($(get::<$a>(env)?,)* word).into_iter().map(Into::into).collect())
            }
        }
    };
}

completers!();
completers!(A);
completers!(A, B);
completers!(A, B, C);
completers!(A, B, C, D);

// ------------------------------------------------------------ the check

/// One entry of the type-level list `app!` builds: something the app
/// gives of type `T`, sync or async (`K`).
pub struct Gives<T, K>(PhantomData<(T, K)>);

/// The first entry of a list holds it.
pub struct Here;
/// A later entry does.
pub struct There<I>(PhantomData<I>);

/// The app's list (`Self`) gives a `T` a sync command or hook can take.
#[diagnostic::on_unimplemented(
    message = "no state provider of this app returns `{T}` for a sync command",
    label = "this takes `&{T}`",
    note = "add a `fn` returning `flash::Result<{T}>` to `state: [...]` in `app!` (a sync command cannot use an `async fn` provider), name `{T}` in `globals:`, or take `{T}` by value"
)]
pub trait GivesSync<T, I> {}
#[diagnostic::do_not_recommend]
impl<T, Tail> GivesSync<T, Here> for (Gives<T, SyncKind>, Tail) {}
#[diagnostic::do_not_recommend]
impl<T, H, Tail: GivesSync<T, I>, I> GivesSync<T, There<I>> for (H, Tail) {}

/// The app's list (`Self`) gives a `T` an async command can take.
#[diagnostic::on_unimplemented(
    message = "no state provider of this app returns `{T}`",
    label = "this takes `&{T}`",
    note = "add a `fn` (or `async fn`) returning `flash::Result<{T}>` to `state: [...]` in `app!`, name `{T}` in `globals:`, or take `{T}` by value"
)]
pub trait GivesAny<T, I> {}
#[diagnostic::do_not_recommend]
impl<T, K, Tail> GivesAny<T, Here> for (Gives<T, K>, Tail) {}
#[diagnostic::do_not_recommend]
impl<T, H, Tail: GivesAny<T, I>, I> GivesAny<T, There<I>> for (H, Tail) {}

/// Everything a command takes by reference is given by the app's list
/// `L`: implemented by each command's marker type, with its `&T`s in the
/// where clause; `I` is inferred.
pub trait Takes<L, I> {}

/// Compiles only where the app's list `L` gives every `&T` command `C`
/// takes (`app!` calls it in a function that never runs).
pub fn check_takes<C: Takes<L, I>, L, I>(_: &L) {}

/// The list entry of a provider, for the check.
pub fn gives<F: Provider<M>, M>(_: F) -> Gives<F::State, F::Kind> {
    Gives(PhantomData)
}

/// The parameters of a provider or hook (its `M`) are given by the app's
/// list `L`: what a sync command could take, for a `fn`; anything, for an
/// `async fn` provider.
pub trait ParamsGiven<L, I> {}

macro_rules! params_given {
    ($($a:ident $i:ident),*) => {
        impl<L, R, $($a, $i),*> ParamsGiven<L, ($($i,)*)> for (SyncKind, fn($(&$a),*) -> R)
        where $(L: GivesSync<$a, $i>),* {}
        impl<L, R, $($a, $i),*> ParamsGiven<L, ($($i,)*)> for (AsyncKind, fn($(&$a),*) -> R)
        where $(L: GivesAny<$a, $i>),* {}
        impl<L, R, $($a, $i),*> ParamsGiven<L, ($($i,)*)> for fn($(&$a),*) -> R
        where $(L: GivesSync<$a, $i>),* {}
    };
}

params_given!();
params_given!(A IA);
params_given!(A IA, B IB);
params_given!(A IA, B IB, C IC);
params_given!(A IA, B IB, C IC, D ID);

/// Fails to compile where provider `F` takes a `&T` the app does not give.
pub fn check_provider<F: Provider<M>, M: ParamsGiven<L, I>, L, I>(_: F, _: &L) {}

/// Fails to compile where hook `F` takes a `&T` the app does not give to a
/// sync command (a hook runs around every command).
pub fn check_hook<F: Hook<M>, M: ParamsGiven<L, I>, L, I>(_: F, _: &L) {}

/// The list entry of the context and of the globals, given to every
/// command.
pub fn gives_sync<T>() -> Gives<T, SyncKind> {
    Gives(PhantomData)
}
