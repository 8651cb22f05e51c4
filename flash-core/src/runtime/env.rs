//! The environment of one run of a command: what its `&T` parameters (and
//! its hooks' and state providers') are extracted from. The context, the
//! app's globals, and the app's state, each state built once, on first
//! use, by its provider. One per run: each `try_run_from` builds its own.

use std::any::{Any, TypeId};
use std::cell::{Cell, OnceCell};
use std::future::Future;
use std::pin::Pin;

use crate::cli::arg::Candidate;
use crate::cli::error::{Error, Result};
use crate::cli::exec::RuntimeOptions;
use crate::cli::extract::{AppEnv, Completes, ErasedHook, Hook, Resolve, WrappedHook};
use crate::cli::invoke::Failed;
use crate::cli::invoke::Invocation;
use crate::cli::output::Streams;
use crate::runtime::context::Context;

/// The environment of one run: a sync command borrows it, an async one
/// holds it in an `Rc` (its future and the hooks share it).
///
/// Built for every command, so it costs little: the command's path, its
/// options and its state slots are only made when something asks for
/// them.
pub struct Env {
    /// The command as typed after the app's name, for its context.
    path: std::borrow::Cow<'static, str>,
    /// Taken by the sync command's context when it is made.
    options: Cell<Option<RuntimeOptions>>,
    streams: Streams,
    globals: Option<Box<dyn Any + Send + Sync>>,
    app: AppEnv,
    /// The context: made on first use for a sync command, given for an
    /// async one. Behind a trait object, so that a command that never
    /// makes one links none of its code (its services, their release and
    /// their drop).
    ctx: OnceCell<Box<dyn HasContext>>,
    /// One per provider, made when the first state is asked for.
    state: OnceCell<Box<[Slot]>>,
}

/// One provider's state.
#[derive(Default)]
struct Slot {
    value: OnceCell<Box<dyn Any>>,
    /// Its provider is running: asking for it again is a circle.
    building: Cell<bool>,
}

/// A context an [`Env`] holds, and what ends it with the command.
trait HasContext {
    fn ctx(&self) -> &Context;
    /// The command is over: release what the context holds.
    fn end(&self);
}

/// An async command's context: the runtime ends it.
#[cfg(feature = "async")]
struct Given(Context);

#[cfg(feature = "async")]
impl HasContext for Given {
    fn ctx(&self) -> &Context {
        &self.0
    }
    fn end(&self) {}
}

/// A sync command's context, and the signals it catches once it has one
/// (its scope may hold temp files).
struct Made {
    ctx: Context,
    #[cfg(feature = "async")]
    _signals: Option<crate::runtime::signals::Caught>,
}

impl HasContext for Made {
    fn ctx(&self) -> &Context {
        &self.ctx
    }
    fn end(&self) {
        #[cfg(feature = "async")]
        self.ctx.release();
    }
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("command", &self.path)
            .finish_non_exhaustive()
    }
}

impl Env {
    /// The environment of `inv`'s command (an async command's context is
    /// given later, with [`Env::set_ctx`]).
    pub(crate) fn new(inv: Invocation, options: RuntimeOptions) -> Env {
        Env {
            path: inv.command_path(),
            options: Cell::new(Some(options)),
            streams: inv.streams(),
            app: inv.env(),
            globals: inv.into_globals(),
            ctx: OnceCell::new(),
            state: OnceCell::new(),
        }
    }

    /// The command's context (made now for a sync command that had none).
    pub fn ctx(&self) -> &Context {
        self.ctx
            .get_or_init(|| {
                // A sync command's temp files are unlinked on a signal (it
                // has no cancellation point to stop at). Not in an embedded
                // run: the process's signals are not this command's to take.
                #[cfg(feature = "async")]
                let signals = self.streams.stdout.is_process_stdout().then(|| {
                    use crate::runtime::signals::{Caught, OnSignal};
                    Caught::install(OnSignal::Exit)
                });
                let ctx = Context::blocking(
                    self.options.take().unwrap_or_default(),
                    self.path.clone(),
                    self.streams.clone(),
                );
                Box::new(Made {
                    ctx,
                    #[cfg(feature = "async")]
                    _signals: signals,
                })
            })
            .ctx()
    }

    /// The `T` of the app, for a `&T` parameter of a sync command.
    pub fn get<T: 'static>(&self) -> Result<&T> {
        crate::cli::extract::get(self)
    }

    /// The `T` of the app, for a `&T` parameter of an async command.
    pub async fn get_async<T: 'static>(&self) -> Result<&T> {
        crate::cli::extract::get_async(self).await
    }

    /// Runs a sync command: the `before` hook, `body`, and the `after` hook
    /// (whatever `body` gave). Each error is reported where it happens, so
    /// an app without hooks links no reporting for them, and a handler
    /// that cannot fail none at all; when the command and `after` both
    /// fail, both are shown and the command's exit code wins.
    pub(crate) fn around_sync(
        &self,
        body: impl FnOnce() -> std::result::Result<(), Failed>,
    ) -> std::result::Result<(), Failed> {
        let stderr = &self.streams.stderr;
        if let Some(before) = self.app.before {
            before.call_reported(self, stderr)?;
        }
        let result = body();
        match self.app.after {
            Some(after) => {
                let hook = after.call_reported(self, stderr);
                result.and(hook)
            }
            None => result,
        }
    }

    /// Runs the `before` hook of an async command.
    #[cfg(feature = "async")]
    pub(crate) fn before(&self) -> Result<()> {
        match self.app.before {
            Some(before) => before.call(self),
            None => Ok(()),
        }
    }

    /// Runs the `after` hook of an async command with its `result`. When
    /// both fail, the hook's error is shown here and the command's is
    /// returned (its exit code wins), as for a sync command. A panic of
    /// the hook is its error.
    #[cfg(feature = "async")]
    pub(crate) fn after(&self, result: Result<()>) -> Result<()> {
        let Some(after) = self.app.after else {
            return result;
        };
        let hook = crate::cli::panic::catch(|| after.call(self)).unwrap_or_else(|message| {
            Err(crate::cli::report::panic_error(
                &self.streams.stdout,
                message,
            ))
        });
        match (result, hook) {
            (Err(error), Err(hook)) => {
                crate::cli::report::print_error(&hook, self.streams.stderr.clone());
                Err(error)
            }
            (result, hook) => result.and(hook),
        }
    }

    /// Ends a sync command: releases its context's scope, if it had one.
    pub(crate) fn finish(&self, result: Result<()>) -> Result<()> {
        if let Some(ctx) = self.ctx.get() {
            ctx.end();
        }
        result
    }

    /// Gives an async command's environment its context, before anything
    /// asks for it.
    #[cfg(feature = "async")]
    pub(crate) fn set_ctx(&self, ctx: Context) {
        let _ = self.ctx.set(Box::new(Given(ctx)));
    }

    /// The given value of type `id`, if it is the context or the globals.
    fn given(&self, id: TypeId) -> Option<&dyn Any> {
        if id == TypeId::of::<Context>() {
            return Some(self.ctx());
        }
        let globals = self.globals.as_deref()?;
        (globals.type_id() == id).then_some(globals as &dyn Any)
    }

    /// The provider of type `id`, and its slot.
    fn provider(&self, id: TypeId, name: &'static str) -> Result<(usize, &Slot)> {
        let found = self
            .app
            .providers
            .iter()
            .position(|p| p.provider.state_type() == id);
        match found {
            Some(i) => {
                let state = self
                    .state
                    .get_or_init(|| self.app.providers.iter().map(|_| Slot::default()).collect());
                Ok((i, &state[i]))
            }
            None => Err(Error::msg(format!(
                "no state provider of this app returns `{name}`"
            ))),
        }
    }

    /// Marks slot `i` as building; an error if it already is.
    fn start(&self, i: usize, slot: &Slot) -> Result<()> {
        if slot.building.replace(true) {
            let spec = &self.app.providers[i];
            return Err(Error::msg(format!(
                "state provider `{}` needs its own `{}`: the providers depend on each other in a circle",
                spec.name,
                spec.provider.state_name()
            )));
        }
        Ok(())
    }

    /// A value given or already made, else its provider's slot, marked as
    /// being built: what `resolve` and `resolve_async` share.
    fn lookup(&self, id: TypeId, name: &'static str) -> Result<Lookup<'_>> {
        if let Some(found) = self.given(id) {
            return Ok(Lookup::Ready(found));
        }
        let (i, slot) = self.provider(id, name)?;
        if let Some(value) = slot.value.get() {
            return Ok(Lookup::Ready(value.as_ref()));
        }
        self.start(i, slot)?;
        Ok(Lookup::Build(i, slot))
    }

    fn store<'a>(&'a self, slot: &'a Slot, value: Result<Box<dyn Any>>) -> Result<&'a dyn Any> {
        slot.building.set(false);
        let value = value?;
        let _ = slot.value.set(value);
        Ok(slot.value.get().expect("just set").as_ref())
    }
}

/// What [`Env::lookup`] found.
enum Lookup<'a> {
    /// The value, to hand out.
    Ready(&'a dyn Any),
    /// The provider to call (by its index) and the slot to store into.
    Build(usize, &'a Slot),
}

impl Resolve for Env {
    fn resolve(&self, id: TypeId, name: &'static str) -> Result<&dyn Any> {
        let (i, slot) = match self.lookup(id, name)? {
            Lookup::Ready(found) => return Ok(found),
            Lookup::Build(i, slot) => (i, slot),
        };
        let spec = &self.app.providers[i];
        let value = spec.provider.make_sync(self).unwrap_or_else(|| {
            Err(Error::msg(format!(
                "`{name}` comes from the async provider `{}`: only async commands can take it",
                spec.name
            )))
        });
        self.store(slot, value)
    }

    fn resolve_async<'a>(
        &'a self,
        id: TypeId,
        name: &'static str,
    ) -> Pin<Box<dyn Future<Output = Result<&'a dyn Any>> + 'a>> {
        Box::pin(async move {
            let (i, slot) = match self.lookup(id, name)? {
                Lookup::Ready(found) => return Ok(found),
                Lookup::Build(i, slot) => (i, slot),
            };
            let value = self.app.providers[i].provider.make_async(self).await;
            self.store(slot, value)
        })
    }
}

/// The runtime's side of a hook: `env` is this module's [`Env`], whose
/// resolver the hook's parameters are extracted from.
impl<F: Hook<M>, M> ErasedHook for WrappedHook<F, M> {
    fn call(&self, env: &dyn Any) -> Result<()> {
        let env: &Env = env
            .downcast_ref()
            .expect("flash calls hooks with its own environment");
        self.0.run(env)
    }
}

/// Runs a completer (`#[arg(complete = f)]`) on what the words typed so
/// far gave (`inv`): its `&T`s are extracted as a sync command's are; a
/// parameter that cannot be had (a state whose provider fails) offers
/// nothing.
pub fn run_completer<F: Completes<M>, M>(inv: Box<dyn Any>, word: &str, f: F) -> Vec<Candidate> {
    let Some(inv) = crate::cli::complete::invocation(inv) else {
        return Vec::new();
    };
    let env = Env::new(inv, RuntimeOptions::default());
    f.complete(&env, word).unwrap_or_default()
}
