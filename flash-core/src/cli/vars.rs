//! Environment variables as flash reads them for one run: the process's,
//! with `try_run_with`'s overrides laid over them. Set but empty counts as
//! unset.

use std::ffi::{OsStr, OsString};
use std::sync::Arc;

/// The environment of one run.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    /// Overrides of this run only, in the order given (the last wins).
    overrides: Option<Arc<[(OsString, OsString)]>>,
}

impl Vars {
    /// The process's environment.
    pub fn process() -> Self {
        Vars::default()
    }

    /// The process's environment with `overrides` laid over it.
    pub fn with(overrides: Vec<(OsString, OsString)>) -> Self {
        Vars {
            overrides: (!overrides.is_empty()).then(|| overrides.into()),
        }
    }

    /// The value of `name`; set but empty counts as unset.
    pub fn get(&self, name: &str) -> Option<OsString> {
        let over = self.overrides.as_deref().and_then(|o| {
            o.iter()
                .rev()
                .find(|(k, _)| k.as_os_str() == OsStr::new(name))
                .map(|(_, v)| v.clone())
        });
        over.or_else(|| std::env::var_os(name))
            .filter(|v| !v.is_empty())
    }
}
