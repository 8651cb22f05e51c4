//! The per-case table, the totals, and `REPORT.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::catalog::{self, Kind, TWINS};
use crate::diff;
use crate::exec::{Outcome, Verdict};

/// How many cases got each verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub exact: usize,
    pub same: usize,
    pub different: usize,
    pub excluded: usize,
    pub not_compiling: usize,
}

impl Totals {
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Self {
        let mut t = Totals::default();
        for o in outcomes {
            match o.verdict {
                Verdict::Exact(_) => t.exact += 1,
                Verdict::Same(_) => t.same += 1,
                Verdict::Different(_) => t.different += 1,
                Verdict::Excluded(..) => t.excluded += 1,
                Verdict::NotCompiling => t.not_compiling += 1,
            }
        }
        t
    }

    pub fn total(&self) -> usize {
        self.exact + self.same + self.different + self.excluded + self.not_compiling
    }

    /// The cases that count: all but the excluded ones.
    pub fn counted(&self) -> usize {
        self.total() - self.excluded
    }

    /// The totals as a Markdown table (also readable on a terminal).
    pub fn table(&self) -> String {
        format!(
            "| exact | same | different | excluded | not compiling | total |\n\
             |---:|---:|---:|---:|---:|---:|\n\
             | {} | {} | {} | {} | {} | {} |\n\n\
             Counted (not excluded): {}; exact or same: {}; different: {}; twin not compiling: {}.\n",
            self.exact,
            self.same,
            self.different,
            self.excluded,
            self.not_compiling,
            self.total(),
            self.counted(),
            self.exact + self.same,
            self.different,
            self.not_compiling,
        )
    }
}

/// One line per case, for a terminal: verdict, place, command.
pub fn case_lines(outcomes: &[Outcome]) -> String {
    let width = outcomes.iter().map(|o| place(o).len()).max().unwrap_or(0);
    let mut out = String::new();
    for o in outcomes {
        let _ = writeln!(
            out,
            "{:<13}  {:<width$}  $ {}",
            o.verdict.label(),
            place(o),
            o.case.command
        );
    }
    out
}

/// The diff of every case that is not exact and was run, for a terminal.
pub fn failures(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        if let Some((status, diff)) = failure(o) {
            let _ = writeln!(
                out,
                "── {} {}: $ {}",
                o.verdict.label(),
                place(o),
                o.case.command
            );
            let _ = writeln!(out, "{status}\n{diff}");
        }
    }
    out
}

fn place(o: &Outcome) -> String {
    format!("{}:{}", o.case.file, o.case.line)
}

/// Status line and diff of a case that was run and is not exact.
fn failure(o: &Outcome) -> Option<(String, String)> {
    let run = match &o.verdict {
        Verdict::Same(run) | Verdict::Different(run) => run,
        _ => return None,
    };
    let got = match (run.code, run.timed_out) {
        (_, true) => "ended after the time limit".to_owned(),
        (Some(code), _) => format!("exit {code}"),
        (None, _) => "ended by a signal".to_owned(),
    };
    let status = if o.case.status.accepts(run.code) && !run.timed_out {
        "same status"
    } else {
        "OTHER STATUS"
    };
    Some((
        format!(
            "expected `? {}`, got {got} ({status}); `-` clap's session, `+` the twin:",
            o.case.status
        ),
        diff::lines(
            &o.case
                .expected
                .replace("[EXE]", std::env::consts::EXE_SUFFIX),
            &run.output,
        ),
    ))
}

/// What the report says about the run, besides the outcomes.
pub struct Context<'a> {
    /// Which flash the twins were built against (`git describe`).
    pub flash: &'a str,
    /// The first errors of each twin that did not build.
    pub build_errors: &'a BTreeMap<String, String>,
    /// Problems with the catalog (stale exclusions…).
    pub stale: &'a [String],
}

/// `REPORT.md`.
pub fn markdown(outcomes: &[Outcome], cx: &Context) -> String {
    let mut md = String::new();
    let totals = Totals::of(outcomes);
    let _ = write!(
        md,
        "# flash's twins of clap's examples: report\n\n\
         Written by `examples/clap-twins/run`: every case (`$ …`) of clap {}'s console \
         sessions (`examples/**/*.md`, checked by clap with trycmd) run against its flash twin \
         (`src/bin/`), built against flash `{}`.\n\n\
         - **exact**: the same exit status and output, byte for byte outside trycmd's wildcards;\n\
         - **same**: the same exit status and the same words, modulo whitespace-only layout \
         (wrapping, alignment, blank lines);\n\
         - **different**: anything else;\n\
         - **excluded**: not counted, with the reason;\n\
         - **not compiling**: the twin did not build (its first errors are below).\n\n\
         ## Totals\n\n{}\n",
        crate::clap_source::CLAP_VERSION,
        cx.flash,
        totals.table()
    );
    if !cx.stale.is_empty() {
        md.push_str("**The catalog is stale:**\n\n");
        for problem in cx.stale {
            let _ = writeln!(md, "- {problem}");
        }
        md.push('\n');
    }
    twins_table(&mut md, outcomes, cx);
    cases_table(&mut md, outcomes);
    build_errors(&mut md, cx);
    differences(&mut md, outcomes);
    exclusions(&mut md, outcomes);
    md
}

fn twins_table(md: &mut String, outcomes: &[Outcome], cx: &Context) {
    md.push_str(
        "## Twins\n\n\
         | twin | clap's example | built | exact | same | different | excluded | written with |\n\
         |---|---|---|---:|---:|---:|---:|---|\n",
    );
    for twin in TWINS {
        let mine: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| o.case.bin == twin.name)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let t = Totals::of(mine.iter().copied());
        let built = if cx.build_errors.contains_key(twin.name) || t.not_compiling > 0 {
            "no"
        } else {
            "yes"
        };
        let _ = writeln!(
            md,
            "| `{}` | `{}` | {built} | {} | {} | {} | {} | {} |",
            twin.name,
            twin.source,
            t.exact,
            t.same,
            t.different,
            t.excluded,
            twin.keys.join(", ")
        );
    }
    md.push('\n');
}

fn cases_table(md: &mut String, outcomes: &[Outcome]) {
    md.push_str("## Cases\n\n| session | command | result | about |\n|---|---|---|---|\n");
    for o in outcomes {
        let about = match &o.verdict {
            Verdict::Excluded(kind, _) => kind.label().to_owned(),
            _ => catalog::note(&o.case).unwrap_or("").to_owned(),
        };
        let _ = writeln!(
            md,
            "| `{}:{}` | `$ {}` | {} | {} |",
            o.case.file,
            o.case.line,
            o.case.command.replace('|', "\\|"),
            o.verdict.label(),
            about.replace('|', "\\|")
        );
    }
    md.push('\n');
}

fn build_errors(md: &mut String, cx: &Context) {
    if cx.build_errors.is_empty() {
        return;
    }
    md.push_str(
        "## Twins that do not compile\n\nTheir first errors (`cargo build --bin NAME`):\n\n",
    );
    for (twin, errors) in cx.build_errors {
        let _ = writeln!(md, "### `{twin}`\n\n```text\n{}\n```\n", errors.trim_end());
    }
}

fn differences(md: &mut String, outcomes: &[Outcome]) {
    let shown: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Different(_) | Verdict::Same(_)))
        .collect();
    if shown.is_empty() {
        return;
    }
    md.push_str("## Cases that are not exact\n\n");
    for o in shown {
        let (status, diff) = failure(o).unwrap_or_default();
        let _ = writeln!(
            md,
            "### {} `{}:{}`: `$ {}`\n\n{status}\n\n```diff\n{diff}```\n",
            o.verdict.label(),
            o.case.file,
            o.case.line,
            o.case.command,
        );
    }
}

fn exclusions(md: &mut String, outcomes: &[Outcome]) {
    md.push_str("## Excluded cases\n\n");
    for kind in [Kind::BinName, Kind::ArgOrder, Kind::Gap] {
        let mine: Vec<(&Outcome, &str)> = outcomes
            .iter()
            .filter_map(|o| match o.verdict {
                Verdict::Excluded(k, reason) if k == kind => Some((o, reason)),
                _ => None,
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {} ({})\n", kind.label(), mine.len());
        for (o, reason) in mine {
            let _ = writeln!(
                md,
                "- `{}:{}` `$ {}`: {}",
                o.case.file, o.case.line, o.case.command, reason
            );
        }
        md.push('\n');
    }
}
