//! The log dispatcher of one run, as this layer carries it: made by the
//! runtime layer for an app with `app! { logging: true }` (its table
//! holds the maker, [`MakeLogger`]), put in place around the command by
//! the runtime. Opaque here: this layer names no `tracing` type.
//!
//! An app without `logging: true` has no maker in its table, so it links
//! no subscriber, and flash installs none: the app's own (a JSON one, an
//! OpenTelemetry one) is what `tracing` uses.

use std::any::Any;

use crate::cli::output::Output;
use crate::cli::vars::Vars;

/// Makes a run's [`Logger`]: from its `-v`/`-q` count (+1 per `-v`, -1 per
/// `-q`), the stderr its log lines go to, and its environment (`RUST_LOG`).
pub type MakeLogger = fn(verbosity: i8, stderr: &Output, vars: &Vars) -> Logger;

/// What a run's log dispatcher can do, seen from this layer.
pub trait LogScope: Send + Sync {
    /// Makes this the current thread's dispatcher until the returned guard
    /// is dropped.
    fn enter(&self) -> Box<dyn Any>;
    /// The runtime's own value, for it to hand to the threads it starts.
    fn as_any(&self) -> &dyn Any;
}

/// The log dispatcher of one run.
pub struct Logger(Box<dyn LogScope>);

impl Logger {
    /// Wraps the runtime's dispatcher.
    pub fn new(scope: impl LogScope + 'static) -> Self {
        Logger(Box::new(scope))
    }

    /// Makes it the current thread's dispatcher until the guard is dropped.
    pub fn enter(&self) -> Box<dyn Any> {
        self.0.enter()
    }

    /// The runtime's own value.
    pub fn get(&self) -> &dyn Any {
        self.0.as_any()
    }
}

impl std::fmt::Debug for Logger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Logger")
    }
}
