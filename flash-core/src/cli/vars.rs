//! What one run reads from its surroundings: the environment variables
//! (the process's, with `try_run_with`'s overrides laid over them; set but
//! empty counts as unset), and whether it may ask the terminal (never
//! under `try_run_from`).

use std::ffi::{OsStr, OsString};
use std::sync::Arc;

/// The environment of one run.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    /// Overrides of this run only, in the order given (the last wins).
    overrides: Option<Arc<[(OsString, OsString)]>>,
    /// The run is embedded (`try_run_from`): it never reads the terminal.
    embedded: bool,
}

impl Vars {
    /// The process's environment, for a run of the process (`App::run`).
    pub fn process() -> Self {
        Vars::default()
    }

    /// The process's environment with `overrides` laid over it, for a run
    /// embedded in another program (`try_run_with`): it asks the terminal
    /// nothing.
    pub fn captured(overrides: Vec<(OsString, OsString)>) -> Self {
        Vars {
            overrides: (!overrides.is_empty()).then(|| overrides.into()),
            embedded: true,
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

    /// Whether the run is embedded in another program (`try_run_from`):
    /// it never reads the terminal, so a prompt asks nothing.
    pub fn embedded(&self) -> bool {
        self.embedded
    }
}
