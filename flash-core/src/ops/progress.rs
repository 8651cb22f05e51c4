//! Progress bars for long operations: drawn on stderr when it is a terminal,
//! nothing at all when it is piped or captured.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::runtime::context::Context;

/// Below this many bytes an operation is over too fast for a bar to help.
pub const MIN_BYTES: u64 = 32 * 1024 * 1024;

/// A byte-count progress bar; a no-op when hidden. Cheap to clone, and
/// usable from many threads at once.
#[derive(Clone, Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar for `total` bytes labelled `label`, visible only when the
    /// command's stderr is a terminal and `total` is at least [`MIN_BYTES`].
    pub fn new(ctx: &Context, total: u64, label: &str) -> Self {
        if total < MIN_BYTES || !ctx.stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_string());
        Progress { bar }
    }

    /// A bar that draws nothing.
    pub fn hidden() -> Self {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// Advances the bar by `n` bytes.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
