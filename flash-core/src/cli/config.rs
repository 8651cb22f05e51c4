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
//! The types it uses are plain and live with the tables
//! ([`crate::cli::spec`]); only [`load_config`] reads TOML, and a table
//! names it only for an app with `config: true`, so other apps link none
//! of it.

pub use crate::cli::spec::{ConfigError, ConfigRun as Run, LoadConfig};

#[cfg(feature = "config")]
pub use toml_layer::load_config;

#[cfg(feature = "config")]
mod toml_layer {
    use std::ffi::{OsStr, OsString};
    use std::path::PathBuf;

    use toml::de::{DeTable, DeValue};
    use toml::Spanned;

    use super::{ConfigError, Run};
    use crate::cli::arg::{check_value, ArgKind, ArgSpec, Table};
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
        // The command's names under the app: `["tag", "add"]` (none for
        // the root command).
        let path: Vec<&str> = run.path.split(' ').filter(|s| !s.is_empty()).collect();
        let layer = read(run.app, run.file, run.vars, &path, run.command)?;
        lay(run.app.globals, run.globals, run.vars, layer.globals)?;
        lay(run.command.args, run.own, run.vars, layer.own)
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

    /// Reads and checks the whole file: what it gives the command at
    /// `path` and the globals.
    fn read(
        app: &'static AppSpec,
        file: Option<&OsStr>,
        vars: &Vars,
        path: &[&str],
        command: &'static CommandSpec,
    ) -> Result<Layer, ConfigError> {
        let (file, given) = match file {
            Some(file) => (PathBuf::from(file), true),
            None => match default_path(app.name, vars) {
                Some(file) => (file, false),
                None => return Ok(Layer::default()),
            },
        };
        let shown = file.display().to_string();
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) if !given && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Layer::default())
            }
            Err(e) => return Err(plain(format!("cannot read config file '{shown}': {e}"))),
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
        Ok(reader.layer)
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
        ConfigError { message, tip: None }
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
                if let DeValue::Table(inner) = value.get_ref() {
                    if let Some(node) = child(self.app.commands, name) {
                        self.node(node, vec![name], inner)?;
                        continue;
                    }
                }
                let globals = self.app.globals;
                if let Some(index) = globals.position(|a| a.long == Some(name)) {
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
