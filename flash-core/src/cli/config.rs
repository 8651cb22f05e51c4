//! Config files (`app! { config: true }`, feature `config`): a TOML file
//! whose top-level keys set the app's globals and whose tables set the
//! options of a command (`[tag.add]`), by their long names.
//!
//! The file is read when a command runs, after the command line: what it
//! gives an argument the command line and the environment did not is laid
//! under them (command line > environment > config file > default). The
//! whole file is checked against the app's tables, so a key no command
//! knows is an error even when another command runs.
//!
//! A value from the file never makes a valid command line fail: one that
//! conflicts with an argument given on the command line (or by its
//! environment variable), or that `requires` one nobody gave, is set aside
//! as if the file did not hold it. What still fails because of the file
//! (two of its own values in conflict, a value of the wrong type) names
//! the file.
//!
//! Only a regular file of at most [`MAX_LEN`] bytes is read: a FIFO or a
//! device (`--config /dev/zero`) is refused at once, never waited on or
//! read without end. A default file that is there but cannot be read (a
//! directory, no permission) is an error naming it (exit 1), for the
//! commands that have something the file could set.
//!
//! The types it uses are plain and live with the tables
//! ([`crate::cli::spec`]); only `load_config` (feature `config`) reads TOML, and a table
//! names it only for an app with `config: true`, so other apps link none
//! of it.

pub use crate::cli::spec::{ConfigError, ConfigRun as Run, LoadConfig};

/// The largest config file read, in bytes.
pub const MAX_LEN: u64 = 4 << 20;

#[cfg(feature = "config")]
pub use toml_layer::load_config;

#[cfg(feature = "config")]
mod toml_layer {
    use std::ffi::{OsStr, OsString};
    use std::path::PathBuf;

    use toml::de::{DeTable, DeValue};
    use toml::Spanned;

    use super::{ConfigError, Run, MAX_LEN};
    use crate::cli::arg::{check_value, ArgKind, ArgSpec, Table};
    use crate::cli::relations::{Relations, Violation};
    use crate::cli::spec::{AppSpec, CommandSpec, GroupSpec, Node};
    use crate::cli::suggest::Closest;
    use crate::cli::values::{given, Values};
    use crate::cli::vars::Vars;

    /// What a config file gives one run of a command.
    #[derive(Debug, Default)]
    struct Layer {
        /// Values for the command's own arguments.
        own: Vec<Setting>,
        /// Values for the app's globals.
        globals: Vec<Setting>,
    }

    /// The raw values of one argument from the file.
    #[derive(Debug)]
    struct Setting {
        /// The argument's index in its table.
        index: usize,
        /// Its raw values, as the command line would give them (a flag set to
        /// `true` is one empty value, a count of 3 three).
        raws: Vec<OsString>,
        /// Where it was written: `notes.toml:3:1, key 'limit' in [tag.add]`.
        place: String,
    }

    /// The most a count may be set to in a file.
    const MAX_COUNT: u64 = 255;

    /// The [`super::LoadConfig`] of an app with `config: true`. The file
    /// is `--config`'s, else `$XDG_CONFIG_HOME/<app>/config.toml`, else
    /// `~/.config/<app>/config.toml`; a default file that does not exist
    /// is no config, a given one that does not is an error.
    pub fn load_config(run: Run<'_>) -> Result<Vec<(usize, String)>, ConfigError> {
        // A command with nothing the file could set does not read it.
        if run.command.args.is_empty() && run.app.globals.is_empty() {
            return Ok(Vec::new());
        }
        // The command's names under the app: `["tag", "add"]` (none for
        // the root command).
        let path: Vec<&str> = run.path.split(' ').filter(|s| !s.is_empty()).collect();
        let (shown, layer) = read(run.app, run.file, run.vars, &path, run.command)?;
        let table = |args, relations, one_of| Settable {
            args,
            relations,
            one_of,
            file: &shown,
        };
        let globals = table(run.app.globals, run.app.global_relations, &[]);
        let given = run.globals.len();
        let mut places = lay(run.app.globals, run.globals, run.vars, layer.globals)?;
        globals.set_aside(run.globals, given, run.vars, &mut places)?;
        let own = table(run.command.args, run.command.relations, run.command.one_of);
        let given = run.own.len();
        let mut places = lay(run.command.args, run.own, run.vars, layer.own)?;
        own.set_aside(run.own, given, run.vars, &mut places)?;
        Ok(places)
    }

    /// One table of arguments whose values the file may set.
    struct Settable<'a> {
        args: Table,
        relations: Option<Relations>,
        one_of: &'static [&'static str],
        /// The file, as errors name it.
        file: &'a str,
    }

    impl Settable<'_> {
        /// Sets aside the values the file laid under `values` (those from
        /// index `given` on) that break a relation with what the command
        /// line or the environment gave: a value that conflicts with one
        /// of theirs, or that requires an argument nobody gave. Two values
        /// of the file in conflict are an error naming it.
        fn set_aside(
            &self,
            values: &mut Values,
            given: usize,
            vars: &Vars,
            places: &mut Vec<(usize, String)>,
        ) -> Result<(), ConfigError> {
            let Some(relations) = self.relations else {
                return Ok(());
            };
            // Each round sets one value aside (or ends): at most one round
            // per argument the file gave.
            loop {
                let from_file = |i: usize| {
                    values[given..].iter().any(|(j, _)| *j == i)
                        && !values[..given].iter().any(|(j, _)| *j == i)
                };
                let violations = relations(self.args, values, vars, self.one_of).violations;
                let mut aside = None;
                for violation in violations {
                    match violation {
                        Violation::Conflict { arg, other } => {
                            match (from_file(arg), from_file(other)) {
                                (true, true) => return Err(self.conflict(arg, other, places)),
                                (true, false) => aside = Some(arg),
                                (false, true) => aside = Some(other),
                                (false, false) => {}
                            }
                        }
                        Violation::Missing { by, .. } if from_file(by) => aside = Some(by),
                        _ => {}
                    }
                    if aside.is_some() {
                        break;
                    }
                }
                let Some(index) = aside else {
                    return Ok(());
                };
                let mut at = 0;
                values.retain(|(j, _)| {
                    at += 1;
                    at <= given || *j != index
                });
                places.retain(|(j, _)| *j != index);
            }
        }

        /// Two values of the file that cannot be used together.
        fn conflict(&self, arg: usize, other: usize, places: &[(usize, String)]) -> ConfigError {
            let place = |i: usize| {
                places
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map_or_else(|| self.file.to_owned(), |(_, p)| p.clone())
            };
            let display = |i: usize| self.args.get(i).map_or("", |a| a.display);
            plain(format!(
                "the argument '{}' cannot be used with '{}', both set by config file '{}' ({}; {})",
                display(arg),
                display(other),
                self.file,
                place(arg),
                place(other)
            ))
        }
    }

    /// Lays `settings` under `values` (see [`super::LoadConfig`]).
    fn lay(
        args: Table,
        values: &mut Values,
        vars: &Vars,
        settings: Vec<Setting>,
    ) -> Result<Vec<(usize, String)>, ConfigError> {
        let mut places = Vec::new();
        for Setting { index, raws, place } in settings {
            let Some(arg) = args.get(index) else {
                continue;
            };
            if given(values, index) || arg.env.is_some_and(|var| vars.get(var).is_some()) {
                continue;
            }
            for raw in raws {
                check_value(arg, &raw).map_err(|m| plain(format!("{m} ({place})")))?;
                values.push((index, raw));
            }
            places.push((index, place));
        }
        Ok(places)
    }

    /// Reads and checks the whole file: the file as errors name it, and
    /// what it gives the command at `path` and the globals.
    fn read(
        app: &'static AppSpec,
        file: Option<&OsStr>,
        vars: &Vars,
        path: &[&str],
        command: &'static CommandSpec,
    ) -> Result<(String, Layer), ConfigError> {
        let (file, given) = match file {
            Some(file) => (PathBuf::from(file), true),
            None => match default_path(app.name, vars) {
                Some(file) => (file, false),
                None => return Ok((String::new(), Layer::default())),
            },
        };
        let shown = file.display().to_string();
        let bytes = match read_capped(&file) {
            Ok(bytes) => bytes,
            Err(e) if !given && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((shown, Layer::default()))
            }
            Err(e) => {
                return Err(ConfigError {
                    message: format!("cannot read config file '{shown}': {e}"),
                    tip: None,
                    unreadable_default: !given,
                })
            }
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| plain(format!("config file '{shown}' is not UTF-8 text")))?;
        let table = DeTable::parse(&text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            plain(format!(
                "{}: invalid TOML: {}",
                place(&shown, &text, at),
                e.message().trim()
            ))
        })?;
        let mut reader = Reader {
            app,
            file: &shown,
            text: &text,
            path,
            command,
            layer: Layer::default(),
        };
        reader.root(table.get_ref())?;
        let layer = reader.layer;
        Ok((shown, layer))
    }

    /// The bytes of the regular file `path`, at most [`MAX_LEN`] of them.
    /// Opened without waiting (`O_NONBLOCK`: a FIFO without a writer would
    /// block the open itself), then refused unless it is a regular file.
    fn read_capped(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
        let file = options.open(path)?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory",
            ));
        }
        if !meta.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        let mut bytes = Vec::new();
        file.take(MAX_LEN + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_LEN {
            return Err(std::io::Error::other(format!(
                "larger than {} MiB",
                MAX_LEN >> 20
            )));
        }
        Ok(bytes)
    }

    /// `$XDG_CONFIG_HOME/<name>/config.toml`, else under `$HOME/.config`.
    fn default_path(name: &str, vars: &Vars) -> Option<PathBuf> {
        let base = match vars.get("XDG_CONFIG_HOME") {
            Some(dir) => PathBuf::from(dir),
            None => PathBuf::from(vars.get("HOME")?).join(".config"),
        };
        Some(base.join(name).join("config.toml"))
    }

    fn plain(message: String) -> ConfigError {
        ConfigError {
            message,
            tip: None,
            unreadable_default: false,
        }
    }

    /// `file:line:column` of byte `at` of `text` (both from 1; the column
    /// in characters).
    fn place(file: &str, text: &str, at: usize) -> String {
        let before = &text[..at.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{file}:{line}:{column}")
    }

    /// `[tag.add]`, or `the top level`.
    fn table_name(scope: &[&str]) -> String {
        if scope.is_empty() {
            "the top level".to_owned()
        } else {
            format!("[{}]", scope.join("."))
        }
    }

    struct Reader<'a> {
        app: &'static AppSpec,
        file: &'a str,
        text: &'a str,
        path: &'a [&'a str],
        command: &'static CommandSpec,
        layer: Layer,
    }

    impl Reader<'_> {
        fn at(&self, span: std::ops::Range<usize>) -> String {
            place(self.file, self.text, span.start)
        }

        /// The top level: the globals (and the root command's options), and
        /// a table per command or group.
        fn root(&mut self, table: &DeTable<'_>) -> Result<(), ConfigError> {
            for (key, value) in table {
                let name: &str = key.get_ref();
                let globals = self.app.globals;
                let global = globals.position(|a| a.long == Some(name));
                if let Some(node) = child(self.app.commands, name) {
                    match value.get_ref() {
                        DeValue::Table(inner) => {
                            self.node(node, vec![name], inner)?;
                            continue;
                        }
                        // A global of the same name takes the value.
                        _ if global.is_some() => {}
                        _ => return Err(self.not_a_table(&[name], value)),
                    }
                }
                if let Some(index) = global {
                    let arg = globals.get(index).expect("found above");
                    let setting = self.setting(arg, index, key, value, &[])?;
                    self.layer.globals.extend(setting);
                    continue;
                }
                let root = self.app.root;
                let own =
                    root.and_then(|r| r.args.position(|a| a.long == Some(name)).map(|i| (r, i)));
                match own {
                    Some((root, index)) => {
                        let arg = root.args.get(index).expect("found above");
                        let setting = self.setting(arg, index, key, value, &[])?;
                        if std::ptr::eq(root, self.command) && self.path.is_empty() {
                            self.layer.own.extend(setting);
                        }
                    }
                    None => {
                        let names = globals.iter().filter_map(|a| a.long);
                        let rooted = root
                            .into_iter()
                            .flat_map(|r| r.args.iter())
                            .filter(|a| !a.hidden)
                            .filter_map(|a| a.long);
                        let children = self.app.commands.children.iter().map(|n| n.name());
                        return Err(self.unknown(key, &[], names.chain(rooted).chain(children)));
                    }
                }
            }
            Ok(())
        }

        /// The table of a command or a group, at `scope`.
        fn node(
            &mut self,
            node: Node,
            scope: Vec<&str>,
            table: &DeTable<'_>,
        ) -> Result<(), ConfigError> {
            match node {
                Node::Group(group) => self.group(group, scope, table),
                Node::Command(spec) => self.command_table(spec, &scope, table),
            }
        }

        fn group(
            &mut self,
            group: &'static GroupSpec,
            scope: Vec<&str>,
            table: &DeTable<'_>,
        ) -> Result<(), ConfigError> {
            for (key, value) in table {
                let name: &str = key.get_ref();
                match (child(group, name), value.get_ref()) {
                    (Some(node), DeValue::Table(inner)) => {
                        let mut inner_scope = scope.clone();
                        inner_scope.push(name);
                        self.node(node, inner_scope, inner)?;
                    }
                    (Some(_), _) => {
                        let mut inner_scope = scope.clone();
                        inner_scope.push(name);
                        return Err(self.not_a_table(&inner_scope, value));
                    }
                    _ => {
                        let names = group.children.iter().map(|n| n.name());
                        return Err(self.unknown(key, &scope, names));
                    }
                }
            }
            Ok(())
        }

        fn command_table(
            &mut self,
            spec: &'static CommandSpec,
            scope: &[&str],
            table: &DeTable<'_>,
        ) -> Result<(), ConfigError> {
            let running = std::ptr::eq(spec, self.command) && scope == self.path;
            for (key, value) in table {
                let name: &str = key.get_ref();
                let Some(index) = spec.args.position(|a| a.long == Some(name)) else {
                    let names = spec
                        .args
                        .iter()
                        .filter(|a| !a.hidden)
                        .filter_map(|a| a.long);
                    return Err(self.unknown(key, scope, names));
                };
                let arg = spec.args.get(index).expect("found above");
                let setting = self.setting(arg, index, key, value, scope)?;
                if running {
                    self.layer.own.extend(setting);
                }
            }
            Ok(())
        }

        /// `'add' must be a table ([tag.add]), not a string`: a command or
        /// a group given a value.
        fn not_a_table(&self, scope: &[&str], value: &Spanned<DeValue<'_>>) -> ConfigError {
            plain(format!(
                "{}: '{}' names a command; it must be a table ({}), not {}",
                self.at(value.span()),
                scope.last().copied().unwrap_or_default(),
                table_name(scope),
                value.get_ref().type_str()
            ))
        }

        /// `unknown key 'limt' in [tag.add]`, with a did-you-mean.
        fn unknown<'n>(
            &self,
            key: &Spanned<toml::de::DeString<'_>>,
            scope: &[&str],
            names: impl Iterator<Item = &'n str>,
        ) -> ConfigError {
            let name: &str = key.get_ref();
            let mut near = Closest::new(name);
            names.for_each(|n| near.offer(n));
            ConfigError {
                message: format!(
                    "{}: unknown key '{name}' in {}",
                    self.at(key.span()),
                    table_name(scope)
                ),
                tip: near.get().map(|n| format!("a similar key exists: '{n}'")),
                unreadable_default: false,
            }
        }

        /// The raw values `value` gives `arg`, checked against its kind;
        /// `None` for a flag set to `false` that cannot be negated (as
        /// if absent).
        fn setting(
            &self,
            arg: &ArgSpec,
            index: usize,
            key: &Spanned<toml::de::DeString<'_>>,
            value: &Spanned<DeValue<'_>>,
            scope: &[&str],
        ) -> Result<Option<Setting>, ConfigError> {
            let name: &str = key.get_ref();
            let place = format!(
                "{}, key '{name}' in {}",
                self.at(key.span()),
                table_name(scope)
            );
            let wrong = |expected: &str| {
                plain(format!(
                    "{}: '{name}' in {} must be {expected}, not {}",
                    self.at(value.span()),
                    table_name(scope),
                    value.get_ref().type_str()
                ))
            };
            let raws = match arg.kind {
                ArgKind::Flag => match value.get_ref() {
                    DeValue::Boolean(true) => vec![OsString::new()],
                    DeValue::Boolean(false) if arg.negate => vec![OsString::from("no")],
                    DeValue::Boolean(false) => return Ok(None),
                    _ => return Err(wrong("true or false")),
                },
                ArgKind::Count => {
                    let n = match value.get_ref() {
                        DeValue::Integer(n) => integer(n).and_then(|n| u64::try_from(n).ok()),
                        _ => None,
                    };
                    match n {
                        Some(n) if n <= MAX_COUNT => (0..n).map(|_| OsString::new()).collect(),
                        _ => return Err(wrong(&format!("a count from 0 to {MAX_COUNT}"))),
                    }
                }
                ArgKind::Option | ArgKind::Positional => match value.get_ref() {
                    DeValue::Array(items) if arg.multiple => {
                        let mut raws = Vec::new();
                        for item in items.iter() {
                            raws.push(
                                scalar(item.get_ref()).ok_or_else(|| wrong("a list of values"))?,
                            );
                        }
                        raws
                    }
                    DeValue::Array(_) => return Err(wrong("one value")),
                    other => vec![scalar(other).ok_or_else(|| wrong("a value"))?],
                },
            };
            Ok(Some(Setting { index, raws, place }))
        }
    }

    /// The node of `group` named `name` (its name or an alias).
    fn child(group: &'static GroupSpec, name: &str) -> Option<Node> {
        group.children.iter().copied().find(|n| n.answers_to(name))
    }

    /// A scalar as the command line would give it: strings as they are,
    /// numbers in decimal, booleans as `true`/`false`.
    fn scalar(value: &DeValue<'_>) -> Option<OsString> {
        let text = match value {
            DeValue::String(s) => s.to_string(),
            DeValue::Integer(n) => integer(n)?.to_string(),
            DeValue::Float(f) => f.as_str().to_owned(),
            DeValue::Boolean(b) => b.to_string(),
            DeValue::Datetime(d) => d.to_string(),
            DeValue::Array(_) | DeValue::Table(_) => return None,
        };
        Some(OsString::from(text))
    }

    /// A TOML integer's value, whatever base it was written in.
    fn integer(n: &toml::de::DeInteger<'_>) -> Option<i128> {
        i128::from_str_radix(n.as_str(), n.radix()).ok()
    }
}
