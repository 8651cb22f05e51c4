//! What generated code needs beyond the public tables: the `Command` trait,
//! the compile-time checks `app!` runs, and placeholders that keep one
//! mistake to one diagnostic.

use crate::cli::arg::{ArgSpec, Table};
use crate::cli::error::Error;
use crate::cli::invoke::{finish, Failed, Invocation};
use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, Node, Settings};

/// Implemented by the marker type `#[flash::cmd]` puts beside each command fn.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a flash command",
    label = "not a `#[flash::cmd]` function",
    note = "mark the function with `#[flash::cmd(run)]` or `#[flash::cmd(run_async)]`"
)]
pub trait Command {
    /// The command's tables.
    const SPEC: &'static CommandSpec;

    /// One message per name in `[name, aliases...]`, for when two commands
    /// of an app share it. Only `duplicate_name` reads it, at compile time,
    /// so it is a constant of the trait rather than a field of the spec,
    /// which would carry it into every binary.
    const DUPLICATE_MESSAGES: &'static [&'static str];

    /// The marker type itself. `app!` checks what a command takes through
    /// `<C as Command>::Itself`: where `C` is not a command, the type is an
    /// error and rustc reports the one missing `Command`, not also a
    /// missing `Takes`.
    type Itself;
}

/// `a` and `b` are the same text (in `const` code, where `==` on `str` is
/// not available).
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Name `i` of a node: its name, then its aliases.
const fn name_at(node: &Node, i: usize) -> Option<&'static str> {
    match node {
        Node::Command(c) if i == 0 => Some(c.name),
        Node::Command(c) if i <= c.aliases.len() => Some(c.aliases[i - 1]),
        Node::Group(g) if i == 0 => Some(g.name),
        _ => None,
    }
}

/// The first problem among the entries of one group: a name two entries
/// answer to, or a command's `short_flag`/`long_flag` that the level
/// already has (a global, an option of the root command, a built-in, or
/// another command's flag). One `const` evaluation per group, however many
/// entries it has; `app!` then fails at the later entry's token (see
/// [`problem_message`]).
#[derive(Debug, Clone, Copy)]
pub struct Problem {
    /// The entry at fault.
    pub at: usize,
    kind: ProblemKind,
}

#[derive(Debug, Clone, Copy)]
enum ProblemKind {
    /// Its name `name` (0: its name, then its aliases) is entry `earlier`'s.
    Duplicate { earlier: usize, name: usize },
    /// Its `short_flag` is taken.
    Short(char),
    /// Its `long_flag` is taken.
    Long(&'static str),
}

/// The runtime options (bits of [`Settings::runtime_flags`]) that some
/// command of the app offers: `declared` (`app! { runtime_flags }`) less
/// those no command has, so that an app without async commands takes no
/// `--timeout` before a command name, lists none and completes none.
pub const fn runtime_offered(
    declared: u8,
    commands: &GroupSpec,
    root: Option<&CommandSpec>,
    external: Option<&CommandSpec>,
) -> u8 {
    const fn of_command(c: &CommandSpec) -> u8 {
        let mut bits = 0;
        let mut p = 0;
        while p < c.args.0.len() {
            let part = c.args.0[p];
            let mut i = 0;
            while i < part.len() {
                bits |= part[i].runtime;
                i += 1;
            }
            p += 1;
        }
        bits
    }
    const fn of_group(g: &GroupSpec) -> u8 {
        let mut bits = 0;
        let mut i = 0;
        while i < g.children.len() {
            bits |= match g.children[i] {
                Node::Command(c) => of_command(c),
                Node::Group(g) => of_group(g),
            };
            i += 1;
        }
        bits
    }
    let mut bits = of_group(commands);
    if let Some(root) = root {
        bits |= of_command(root);
    }
    if let Some(external) = external {
        bits |= of_command(external);
    }
    declared & bits
}

/// How many names the entries of one group answer to (each command's name
/// and aliases, each group's name): the size [`check_group`] hashes them
/// into.
pub const fn name_count(children: &[Node]) -> usize {
    let mut count = 0;
    let mut j = 0;
    while j < children.len() {
        count += match &children[j] {
            Node::Command(c) => 1 + c.aliases.len(),
            Node::Group(_) => 1,
        };
        j += 1;
    }
    count
}

/// FNV-1a of a name: two names are compared byte by byte only when their
/// hashes agree.
const fn name_hash(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// See [`Problem`]: `globals` and `root` (the root command's arguments,
/// at the top) are what the level parses besides the commands' flags;
/// `logging`: `-v`/`-q` are built-ins. `N` is [`name_count`] of
/// `children`.
///
/// rustc evaluates this at compile time, where each step costs far more
/// than at run time: names are hashed and sorted (N log N steps) rather
/// than compared pairwise (an app of 200 commands has some 20,000 pairs).
pub const fn check_group<const N: usize>(
    children: &[Node],
    globals: &[ArgSpec],
    root: &[&[ArgSpec]],
    logging: bool,
) -> Option<Problem> {
    // Entry-major: entry `owner[n].0`'s name `owner[n].1` hashes to
    // `hashes[n]`.
    let mut hashes = [0u64; N];
    let mut owner = [(0usize, 0usize); N];
    let mut n = 0;
    let mut j = 0;
    while j < children.len() {
        let mut k = 0;
        while let Some(name) = name_at(&children[j], k) {
            if n < N {
                hashes[n] = name_hash(name);
                owner[n] = (j, k);
            }
            n += 1;
            k += 1;
        }
        j += 1;
    }
    // Sorted by hash (then position), equal names sit side by side: the
    // duplicate reported is the first name (in entry order) that an earlier
    // entry has, and that entry the first to have it.
    let order = sorted_by_hash(&hashes);
    let mut found: Option<(usize, usize)> = None;
    let mut run = 0;
    while run < N {
        let mut end = run + 1;
        while end < N && hashes[order[end]] == hashes[order[run]] {
            end += 1;
        }
        let mut x = run + 1;
        while x < end {
            let later = order[x];
            let mut y = run;
            while y < x {
                let earlier = order[y];
                let ((i, m), (j, k)) = (owner[earlier], owner[later]);
                let same = match (name_at(&children[i], m), name_at(&children[j], k)) {
                    (Some(a), Some(b)) => i != j && !b.is_empty() && str_eq(a, b),
                    _ => false,
                };
                if same {
                    let first = match found {
                        Some((l, _)) => later < l,
                        None => true,
                    };
                    if first {
                        found = Some((later, earlier));
                    }
                    break;
                }
                y += 1;
            }
            x += 1;
        }
        run = end;
    }
    if let Some((later, earlier)) = found {
        return Some(Problem {
            at: owner[later].0,
            kind: ProblemKind::Duplicate {
                earlier: owner[earlier].0,
                name: owner[later].1,
            },
        });
    }
    let taken: (&[ArgSpec], &[&[ArgSpec]]) = (globals, root);
    let mut j = 0;
    while j < children.len() {
        if let Node::Command(c) = &children[j] {
            if let Some(short) = c.short_flag {
                if short_taken(short, taken, logging) || flag_before(children, j, Some(short), None)
                {
                    return Some(Problem {
                        at: j,
                        kind: ProblemKind::Short(short),
                    });
                }
            }
            if let Some(long) = c.long_flag {
                if long_taken(long, taken, logging) || flag_before(children, j, None, Some(long)) {
                    return Some(Problem {
                        at: j,
                        kind: ProblemKind::Long(long),
                    });
                }
            }
        }
        j += 1;
    }
    None
}

/// The positions `0..N` ordered by `(hashes[position], position)`: a heap
/// sort, as `const` code has no `sort`.
const fn sorted_by_hash<const N: usize>(hashes: &[u64; N]) -> [usize; N] {
    const fn less(hashes: &[u64], a: usize, b: usize) -> bool {
        hashes[a] < hashes[b] || hashes[a] == hashes[b] && a < b
    }
    const fn sift_down(order: &mut [usize], hashes: &[u64], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && less(hashes, order[child], order[child + 1]) {
                child += 1;
            }
            if !less(hashes, order[root], order[child]) {
                return;
            }
            let swap = order[root];
            order[root] = order[child];
            order[child] = swap;
            root = child;
        }
    }
    let mut order = [0usize; N];
    let mut i = 0;
    while i < N {
        order[i] = i;
        i += 1;
    }
    let mut start = N / 2;
    while start > 0 {
        start -= 1;
        sift_down(&mut order, hashes, start, N);
    }
    let mut end = N;
    while end > 1 {
        end -= 1;
        let swap = order[0];
        order[0] = order[end];
        order[end] = swap;
        sift_down(&mut order, hashes, 0, end);
    }
    order
}

const fn short_taken(c: char, taken: (&[ArgSpec], &[&[ArgSpec]]), logging: bool) -> bool {
    if c == 'h' || c == 'V' || logging && (c == 'v' || c == 'q') {
        return true;
    }
    let mut i = 0;
    while i < taken.0.len() {
        if let Some(s) = taken.0[i].short {
            if s == c {
                return true;
            }
        }
        i += 1;
    }
    let taken = taken.1;
    let mut p = 0;
    while p < taken.len() {
        let mut i = 0;
        while i < taken[p].len() {
            if let Some(s) = taken[p][i].short {
                if s == c {
                    return true;
                }
            }
            i += 1;
        }
        p += 1;
    }
    false
}

const fn long_taken(long: &str, taken: (&[ArgSpec], &[&[ArgSpec]]), logging: bool) -> bool {
    if str_eq(long, "help")
        || str_eq(long, "version")
        || logging && (str_eq(long, "verbose") || str_eq(long, "quiet"))
    {
        return true;
    }
    let mut i = 0;
    while i < taken.0.len() {
        if let Some(l) = taken.0[i].long {
            if str_eq(l, long) {
                return true;
            }
        }
        i += 1;
    }
    let taken = taken.1;
    let mut p = 0;
    while p < taken.len() {
        let mut i = 0;
        while i < taken[p].len() {
            if let Some(l) = taken[p][i].long {
                if str_eq(l, long) {
                    return true;
                }
            }
            i += 1;
        }
        p += 1;
    }
    false
}

/// Whether a command before entry `j` is selected by the same flag.
const fn flag_before(children: &[Node], j: usize, short: Option<char>, long: Option<&str>) -> bool {
    let mut i = 0;
    while i < j {
        if let Node::Command(c) = &children[i] {
            if let (Some(a), Some(b)) = (short, c.short_flag) {
                if a == b {
                    return true;
                }
            }
            if let (Some(a), Some(b)) = (long, c.long_flag) {
                if str_eq(a, b) {
                    return true;
                }
            }
        }
        i += 1;
    }
    false
}

/// The message to fail compilation with at entry `at` of `children`, when
/// `problem` is there; `messages` are the entry's
/// [`Command::DUPLICATE_MESSAGES`] (none for a group).
///
/// It returns the message rather than panicking itself: `app!` panics in
/// its own `const` item, at the user's token, so rustc's report does not
/// point into flash's source.
pub const fn problem_message(
    children: &[Node],
    problem: Option<Problem>,
    at: usize,
    messages: &'static [&'static str],
) -> Option<Message<256>> {
    let Some(problem) = problem else {
        return None;
    };
    if problem.at != at {
        return None;
    }
    match problem.kind {
        ProblemKind::Duplicate { earlier, name } => {
            match (&children[earlier], &children[at]) {
                (Node::Command(_), Node::Command(_)) if name < messages.len() => {
                    Some(Message::new(&[messages[name]]))
                }
                _ => {
                    let name = match name_at(&children[at], name) {
                        Some(name) => name,
                        None => "",
                    };
                    Some(Message::new(&[
                        "a command and a group of this app are both named `",
                        name,
                        "`; rename one",
                    ]))
                }
            }
        }
        ProblemKind::Short(c) => {
            let mut buf = [0u8; 4];
            Some(Message::new(&[
                "`short_flag = '",
                c.encode_utf8(&mut buf),
                "'` is already an option where this command is listed (a global, an option of the root command, a built-in or another command's flag); pick another letter",
            ]))
        }
        ProblemKind::Long(long) => Some(Message::new(&[
            "`long_flag = \"",
            long,
            "\"` is already an option where this command is listed (a global, an option of the root command, a built-in or another command's flag); pick another name",
        ])),
    }
}

/// The arguments of the root command (none without one), for
/// [`check_group`].
pub const fn root_args(root: Option<&'static CommandSpec>) -> &'static [&'static [ArgSpec]] {
    match root {
        Some(r) => r.args.0,
        None => &[],
    }
}

fn invalid_run(invocation: Invocation) -> std::result::Result<(), Failed> {
    finish(
        invocation.stderr(),
        Err(Error::msg("this command did not compile")),
    )
}

/// Stands in for a command whose `#[cmd]` reported an error.
pub const INVALID_COMMAND: &CommandSpec = &CommandSpec {
    name: "",
    aliases: &[],
    about: "",
    long_about: "",
    args: Table::EMPTY,
    hidden: false,
    one_of: &[],
    short_flag: None,
    long_flag: None,
    help_if_no_args: false,
    relations: None,
    run: invalid_run,
};

/// Stands in for an app whose `app!` reported an error.
pub static INVALID_APP: AppSpec = AppSpec {
    name: "",
    version: "",
    about: "",
    commands: &GroupSpec {
        name: "",
        about: "",
        long_about: "",
        path: "",
        children: &[],
    },
    root: None,
    external: None,
    globals: Table::EMPTY,
    global_relations: None,
    parse_globals: None,
    env: crate::cli::extract::AppEnv::EMPTY,
    config: None,
    logging: None,
    settings: Settings::DEFAULT,
};

/// A message built at compile time, for a `const` panic (which can show
/// one `&str`, not format one).
pub struct Message<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Message<N> {
    /// `parts`, joined (cut at `N` bytes, on a char boundary).
    pub const fn new(parts: &[&str]) -> Self {
        let mut buf = [0u8; N];
        let mut len = 0;
        let mut p = 0;
        while p < parts.len() {
            let bytes = parts[p].as_bytes();
            let mut i = 0;
            while i < bytes.len() && len < N {
                buf[len] = bytes[i];
                len += 1;
                i += 1;
            }
            p += 1;
        }
        // Back off to a char boundary if the cut fell inside one.
        while len > 0 && len < N && buf[len] & 0xC0 == 0x80 {
            len -= 1;
        }
        Message { buf, len }
    }

    /// The text.
    pub const fn as_str(&self) -> &str {
        let (text, _) = self.buf.split_at(self.len);
        match std::str::from_utf8(text) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

/// The flag both `a` and `b` declare, as typed (`--dir`, `-d`), if any:
/// two `Args` groups (or a group and a parameter) of one command.
pub const fn shared_flag(a: &[ArgSpec], b: &[ArgSpec]) -> Option<Message<64>> {
    let mut i = 0;
    while i < a.len() {
        let mut j = 0;
        while j < b.len() {
            if let (Some(x), Some(y)) = (a[i].long, b[j].long) {
                if str_eq(x, y) {
                    return Some(Message::new(&["--", x]));
                }
            }
            if let (Some(x), Some(y)) = (a[i].short, b[j].short) {
                if x == y {
                    let mut buf = [0u8; 4];
                    let c = x.encode_utf8(&mut buf);
                    return Some(Message::new(&["-", c]));
                }
            }
            j += 1;
        }
        i += 1;
    }
    None
}
