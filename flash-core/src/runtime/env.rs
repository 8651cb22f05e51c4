//! The environment of one run of a command: what its `&T` parameters (and
//! its hooks' and state providers') are extracted from. The context, the
//! app's globals, and the app's state, each state built once, on first
//! use, by its provider. One per run: each `try_run_from` builds its own.

use std::any::{Any, TypeId};
use std::cell::{Cell, OnceCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use crate::cli::error::{Error, Result};
use crate::cli::exec::RuntimeOptions;
use crate::cli::extract::{AppEnv, Resolve};
use crate::cli::invoke::Invocation;
use crate::cli::output::Streams;
use crate::runtime::context::Context;

/// The environment of one run. Cheap to clone.
#[derive(Clone)]
pub struct Env {
    inner: Rc<Inner>,
}

struct Inner {
    options: RuntimeOptions,
    path: String,
    streams: Streams,
    globals: Option<Box<dyn Any + Send + Sync>>,
    app: AppEnv,
    /// Made on first use for a sync command; given for an async one.
    ctx: OnceCell<Context>,
    /// The signals a sync command catches once it has a context (its
    /// scope may hold temp files).
    #[cfg(feature = "async")]
    signals: OnceCell<Option<crate::runtime::signals::Caught>>,
    state: Box<[Slot]>,
}

/// One provider's state.
#[derive(Default)]
struct Slot {
    value: OnceCell<Box<dyn Any>>,
    /// Its provider is running: asking for it again is a circle.
    building: Cell<bool>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env")
            .field("command", &self.inner.path)
            .finish_non_exhaustive()
    }
}

impl Env {
    /// The environment of `inv`'s command; `ctx` for an async command.
    pub(crate) fn new(inv: Invocation, options: RuntimeOptions, ctx: Option<Context>) -> Env {
        let app = inv.env();
        let cell = OnceCell::new();
        if let Some(ctx) = ctx {
            let _ = cell.set(ctx);
        }
        Env {
            inner: Rc::new(Inner {
                options,
                path: inv.command_path(),
                streams: inv.streams(),
                globals: inv.into_globals(),
                app,
                ctx: cell,
                #[cfg(feature = "async")]
                signals: OnceCell::new(),
                state: app.providers.iter().map(|_| Slot::default()).collect(),
            }),
        }
    }

    /// The command's context (made now for a sync command that had none).
    pub fn ctx(&self) -> &Context {
        self.inner.ctx.get_or_init(|| {
            let inner = &self.inner;
            // A sync command's temp files are unlinked on a signal (it has no
            // cancellation point to stop at). Not in an embedded run: the
            // process's signals are not this command's to take.
            #[cfg(feature = "async")]
            let _ = inner
                .signals
                .set(inner.streams.stdout.is_process_stdout().then(|| {
                    use crate::runtime::signals::{Caught, OnSignal};
                    Caught::install(OnSignal::Exit)
                }));
            Context::blocking(
                inner.options.clone(),
                inner.path.clone(),
                inner.streams.clone(),
            )
        })
    }

    /// The `T` of the app, for a `&T` parameter of a sync command.
    pub fn get<T: 'static>(&self) -> Result<&T> {
        crate::cli::extract::get(self)
    }

    /// The `T` of the app, for a `&T` parameter of an async command.
    pub async fn get_async<T: 'static>(&self) -> Result<&T> {
        crate::cli::extract::get_async(self).await
    }

    /// Runs the `before` hook, `body`, and the `after` hook (whatever
    /// `body` gave): the command's result, or the first hook error.
    pub(crate) fn around(&self, body: impl FnOnce() -> Result<()>) -> Result<()> {
        if let Some(before) = self.inner.app.before {
            before.call(self)?;
        }
        let result = body();
        self.after(result)
    }

    /// Runs the `after` hook with the command's `result`; the command's
    /// error wins over the hook's.
    pub(crate) fn after(&self, result: Result<()>) -> Result<()> {
        let Some(after) = self.inner.app.after else {
            return result;
        };
        let hook = after.call(self);
        result.and(hook)
    }

    /// Runs the `before` hook.
    #[cfg(feature = "async")]
    pub(crate) fn before(&self) -> Result<()> {
        match self.inner.app.before {
            Some(before) => before.call(self),
            None => Ok(()),
        }
    }

    /// Ends a sync command: releases its context's scope, if it had one.
    pub(crate) fn finish(&self, result: Result<()>) -> Result<()> {
        #[cfg(feature = "async")]
        if let Some(ctx) = self.inner.ctx.get() {
            return ctx.finish(result);
        }
        result
    }

    /// The given value of type `id`, if it is the context or the globals.
    fn given(&self, id: TypeId) -> Option<&dyn Any> {
        if id == TypeId::of::<Context>() {
            return Some(self.ctx());
        }
        let globals = self.inner.globals.as_deref()?;
        (globals.type_id() == id).then_some(globals as &dyn Any)
    }

    /// The provider of type `id`, and its slot.
    fn provider(&self, id: TypeId, name: &'static str) -> Result<(usize, &Slot)> {
        let found = self
            .inner
            .app
            .providers
            .iter()
            .position(|p| p.provider.state_type() == id);
        match found {
            Some(i) => Ok((i, &self.inner.state[i])),
            None => Err(Error::msg(format!(
                "no state provider of this app returns `{name}`"
            ))),
        }
    }

    /// Marks slot `i` as building; an error if it already is.
    fn start(&self, i: usize, slot: &Slot) -> Result<()> {
        if slot.building.replace(true) {
            let spec = &self.inner.app.providers[i];
            return Err(Error::msg(format!(
                "state provider `{}` needs its own `{}`: the providers depend on each other in a circle",
                spec.name,
                spec.provider.state_name()
            )));
        }
        Ok(())
    }

    fn store<'a>(&'a self, slot: &'a Slot, value: Result<Box<dyn Any>>) -> Result<&'a dyn Any> {
        slot.building.set(false);
        let value = value?;
        let _ = slot.value.set(value);
        Ok(slot.value.get().expect("just set").as_ref())
    }
}

impl Resolve for Env {
    fn resolve(&self, id: TypeId, name: &'static str) -> Result<&dyn Any> {
        if let Some(found) = self.given(id) {
            return Ok(found);
        }
        let (i, slot) = self.provider(id, name)?;
        if let Some(value) = slot.value.get() {
            return Ok(value.as_ref());
        }
        self.start(i, slot)?;
        let spec = &self.inner.app.providers[i];
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
            if let Some(found) = self.given(id) {
                return Ok(found);
            }
            let (i, slot) = self.provider(id, name)?;
            if let Some(value) = slot.value.get() {
                return Ok(value.as_ref());
            }
            self.start(i, slot)?;
            let value = self.inner.app.providers[i].provider.make_async(self).await;
            self.store(slot, value)
        })
    }
}
