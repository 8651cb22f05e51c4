//! What a command line must satisfy once it is read: required arguments,
//! `conflicts_with`, `requires`, `one_of`.

use crate::cli::arg::ArgSpec;
use crate::cli::text::concat;
use crate::cli::values::{given, Values};

use super::{Failure, State};

/// Every check, in the order clap makes them.
pub(super) fn check(state: &State) -> Result<(), Failure> {
    let own = Present {
        args: state.own(),
        values: &state.values,
        state,
    };
    let globals = Present {
        args: state.app.globals,
        values: &state.globals,
        state,
    };
    own.conflicts()?;
    globals.conflicts()?;
    let mut message = String::new();
    own.missing(&mut message);
    globals.missing(&mut message);
    own.requires(&mut message);
    if !message.is_empty() {
        return Err(message.into());
    }
    own.one_of()
}

/// The arguments of one table, and which of them were given.
struct Present<'a> {
    args: &'static [ArgSpec],
    values: &'a Values,
    state: &'a State<'a>,
}

impl Present<'_> {
    /// Given on the command line or by its `env` variable.
    fn has(&self, index: usize) -> bool {
        given(self.values, index)
            || self.args[index]
                .env
                .is_some_and(|var| self.state.vars.get(var).is_some())
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.args.iter().position(|a| a.name == name)
    }

    /// `the following required arguments were not provided:` and a line per
    /// argument, added to `message`.
    fn missing(&self, message: &mut String) {
        for (index, arg) in self.args.iter().enumerate() {
            if arg.required && !self.has(index) {
                not_provided(message, arg.display);
            }
        }
    }

    /// An argument given with one it conflicts with.
    fn conflicts(&self) -> Result<(), Failure> {
        for (index, arg) in self.args.iter().enumerate() {
            if arg.conflicts.is_empty() || !self.has(index) {
                continue;
            }
            for name in arg.conflicts {
                if let Some(other) = self.find(name).filter(|&o| self.has(o)) {
                    return Err(concat(&[
                        "the argument '",
                        arg.display,
                        "' cannot be used with '",
                        self.args[other].display,
                        "'",
                    ])
                    .into());
                }
            }
        }
        Ok(())
    }

    /// Arguments an argument given requires, and that are missing.
    fn requires(&self, message: &mut String) {
        for (index, arg) in self.args.iter().enumerate() {
            if arg.requires.is_empty() || !self.has(index) {
                continue;
            }
            for name in arg.requires {
                if let Some(other) = self.find(name).filter(|&o| !self.has(o)) {
                    if !message.contains(self.args[other].display) {
                        not_provided(message, self.args[other].display);
                    }
                }
            }
        }
    }

    /// `#[cmd(one_of = [...])]`: exactly one of them.
    fn one_of(&self) -> Result<(), Failure> {
        let Some(spec) = self.state.command else {
            return Ok(());
        };
        if spec.one_of.is_empty() {
            return Ok(());
        }
        let members: Vec<usize> = spec.one_of.iter().filter_map(|n| self.find(n)).collect();
        let present: Vec<usize> = members.iter().copied().filter(|&i| self.has(i)).collect();
        match present.as_slice() {
            [_] => Ok(()),
            [] => {
                let mut list = String::from("<");
                for (n, &i) in members.iter().enumerate() {
                    if n > 0 {
                        list.push('|');
                    }
                    list.push_str(self.args[i].display);
                }
                list.push('>');
                let mut message = String::new();
                not_provided(&mut message, &list);
                Err(message.into())
            }
            [first, second, ..] => Err(concat(&[
                "the argument '",
                self.args[*second].display,
                "' cannot be used with '",
                self.args[*first].display,
                "'",
            ])
            .into()),
        }
    }
}

fn not_provided(message: &mut String, display: &str) {
    if message.is_empty() {
        message.push_str("the following required arguments were not provided:");
    }
    message.push_str("\n  ");
    message.push_str(display);
}
