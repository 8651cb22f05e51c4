//! What help shows of an argument: a row, as `#[cmd]`, `#[derive(Args)]`
//! and `app!` describe it at compile time. Rows are only read by the
//! `const` renderer (`render`), so they are not in the binary: the help
//! text rendered from them is.

/// The section of help a row is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `Arguments:`: positionals.
    Arguments,
    /// `Options:`: flags and options of the command.
    Options,
    /// `Runtime Options:`: `--timeout` and the other built-ins of async
    /// commands.
    Runtime,
}

/// A possible value and its help line (a `ValueEnum` variant's doc).
#[derive(Debug, Clone, Copy)]
pub struct ValueHelp {
    /// The value as typed.
    pub name: &'static str,
    /// Its help line (may be empty).
    pub help: &'static str,
}

/// One row of a command's help.
#[derive(Debug, Clone, Copy)]
pub struct HelpRow {
    /// Where it is listed.
    pub section: Section,
    /// `-s`.
    pub short: Option<char>,
    /// `--long`, without dashes.
    pub long: Option<&'static str>,
    /// Whether `--no-LONG` turns it off (shown as `--[no-]LONG`).
    pub negate: bool,
    /// The value's name for an option (`<VALUE>`), `None` for a flag.
    pub value: Option<&'static str>,
    /// A positional's placeholder: `<NAME>`, `[NAME]`, `<FILES>...`.
    pub placeholder: &'static str,
    /// Given many times (`-vvv`, `--tag a --tag b`): shown with `...`.
    pub repeats: bool,
    /// Must be given: a required option is in the usage line.
    pub required: bool,
    /// The help line.
    pub help: &'static str,
    /// `[default: …]`, if any.
    pub default: Option<&'static str>,
    /// `[env: …]`, if any.
    pub env: Option<&'static str>,
    /// `[possible values: …]`.
    pub possible: &'static [ValueHelp],
    /// `[range: …]`, if any.
    pub range: Option<&'static str>,
    /// Parsed, but not shown.
    pub hidden: bool,
}

impl HelpRow {
    /// A row with nothing but its section: the start of every row.
    pub const EMPTY: HelpRow = HelpRow {
        section: Section::Options,
        short: None,
        long: None,
        negate: false,
        value: None,
        placeholder: "",
        repeats: false,
        required: false,
        help: "",
        default: None,
        env: None,
        possible: &[],
        range: None,
        hidden: false,
    };
}
