//! Execution models and the built-in runtime options: their names, help
//! and defaults.

/// How a command runs, picked by `#[cmd(model = ...)]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// The calling thread; no async runtime at all. The model of every
    /// sync (`run`) command.
    Blocking,
    /// A tokio multi-thread runtime with one worker per core: for commands
    /// that wait on many files or sockets at once. The default of
    /// `run_async` commands.
    Io,
    /// The CPU pool (one thread per core, started with the command) does
    /// the work; a single-threaded tokio runtime drives the handler and
    /// hands work to the pool with `ctx.spawn_cpu`.
    Cpu,
    /// A single-threaded tokio runtime and chunked, bounded buffers: memory
    /// stays flat whatever the input size.
    Stream,
}

impl Model {
    /// Every model, in the order the docs list them.
    pub const ALL: [Model; 4] = [Model::Io, Model::Cpu, Model::Stream, Model::Blocking];

    /// The name used in `#[cmd(model = ...)]` and in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Model::Blocking => "blocking",
            Model::Io => "io",
            Model::Cpu => "cpu",
            Model::Stream => "stream",
        }
    }

    /// The model named `name` in `#[cmd(model = ...)]`.
    pub fn from_name(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The variant's name in Rust, for generated code.
    pub const fn variant(self) -> &'static str {
        match self {
            Model::Blocking => "Blocking",
            Model::Io => "Io",
            Model::Cpu => "Cpu",
            Model::Stream => "Stream",
        }
    }
}

/// How many tasks `Context::spawn` runs at once unless
/// `#[cmd(max_concurrency = N)]` or `--max-concurrency N` say otherwise.
pub const DEFAULT_MAX_CONCURRENCY: usize = 10;

/// A built-in runtime option: its long name, value name and help line.
#[derive(Debug, Clone, Copy)]
pub struct RuntimeFlag {
    /// The long name, without dashes.
    pub long: &'static str,
    /// The value's name, `None` for a flag.
    pub value_name: Option<&'static str>,
    /// How errors name it: `--timeout <DURATION>`.
    pub display: &'static str,
    /// The help line.
    pub help: &'static str,
}

/// The runtime options every async command offers, in help order.
pub const RUNTIME_FLAGS: [RuntimeFlag; 4] = [
    RuntimeFlag {
        long: "timeout",
        value_name: Some("DURATION"),
        display: "--timeout <DURATION>",
        help: "Cancel the command after this long and exit 124 (e.g. 500ms, 30s, 2m; 0: none)",
    },
    RuntimeFlag {
        long: "max-concurrency",
        value_name: Some("N"),
        display: "--max-concurrency <N>",
        help: "Most tasks the command runs at once",
    },
    RuntimeFlag {
        long: "memory-limit",
        value_name: Some("SIZE"),
        display: "--memory-limit <SIZE>",
        help: "Fail the command when it uses more memory than this (e.g. 64MiB)",
    },
    RuntimeFlag {
        long: "metrics",
        value_name: None,
        display: "--metrics",
        help: "Print the async performance report on stderr at exit",
    },
];
