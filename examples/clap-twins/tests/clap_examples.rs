//! Every case of clap's console sessions against its flash twin, with the
//! binaries Cargo built for this test: none may behave differently, and at
//! least 125 of the counted (not excluded) cases must be exact or the same
//! modulo layout. Every failure's diff is printed.
//!
//! It builds every twin, so it compiles once the contract's keys all exist;
//! until then, `./run` reports twin by twin.

use std::collections::HashMap;
use std::path::PathBuf;

use clap_twins::catalog::{self, TWINS};
use clap_twins::exec::{self, Binaries, Verdict};
use clap_twins::report::{self, Totals};

/// At least this many counted cases must be exact or the same (issue 15).
const REQUIRED: usize = 125;

macro_rules! twins {
    ($($name:literal),* $(,)?) => {
        &[$(($name, env!(concat!("CARGO_BIN_EXE_", $name)))),*]
    };
}

const BINARIES: &[(&str, &str)] = twins![
    "01_quick_derive",
    "02_app_settings_derive",
    "02_apps_derive",
    "02_crate_derive",
    "03_01_flag_bool_derive",
    "03_01_flag_count_derive",
    "03_02_option_derive",
    "03_02_option_mult_derive",
    "03_03_positional_derive",
    "03_03_positional_mult_derive",
    "03_04_subcommands_derive",
    "03_05_default_values_derive",
    "03_06_optional_derive",
    "04_01_enum_derive",
    "04_02_parse_derive",
    "04_02_validate_derive",
    "04_03_relations_derive",
    "04_04_custom_derive",
    "cargo-example-derive",
    "demo",
    "escaped-positional-derive",
    "find",
    "git-derive",
    "busybox",
    "hostname",
    "pacman",
    "typed-derive",
];

struct Cargo(HashMap<&'static str, PathBuf>);

impl Binaries for Cargo {
    fn get(&self, name: &str) -> Option<PathBuf> {
        self.0.get(name).cloned()
    }
}

#[test]
fn the_twins_behave_as_clap_documents() {
    let listed: Vec<&str> = BINARIES.iter().map(|(name, _)| *name).collect();
    let catalogued: Vec<&str> = TWINS.iter().map(|t| t.name).collect();
    assert_eq!(
        listed, catalogued,
        "this test's binaries and the catalog's twins differ"
    );

    let examples = clap_twins::clap_source::examples_dir(&clap_twins::clap_source::own_manifest())
        .unwrap_or_else(|e| panic!("clap's examples: {e}"));
    let cases = catalog::cases(&examples).unwrap_or_else(|e| panic!("clap's sessions: {e}"));
    let stale = catalog::stale(&cases);
    assert!(
        stale.is_empty(),
        "the catalog is stale:\n{}",
        stale.join("\n")
    );

    let bins = Cargo(
        BINARIES
            .iter()
            .map(|(name, path)| (*name, PathBuf::from(path)))
            .collect(),
    );
    let scratch = std::env::temp_dir().join(format!("clap-twins-test-{}", std::process::id()));
    let outcomes = exec::classify(&cases, &bins, &scratch, false);
    let _ = std::fs::remove_dir_all(&scratch);

    let totals = Totals::of(&outcomes);
    println!("{}", report::case_lines(&outcomes));
    println!("{}", report::failures(&outcomes));
    println!("{}", totals.table());

    let different: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Different(_)))
        .map(|o| format!("{}:{} $ {}", o.case.file, o.case.line, o.case.command))
        .collect();
    assert!(
        different.is_empty(),
        "cases behaving differently (diffs above):\n{}",
        different.join("\n")
    );
    assert_eq!(totals.not_compiling, 0);
    assert!(
        totals.exact + totals.same >= REQUIRED,
        "{} of {} counted cases exact or same; {REQUIRED} required",
        totals.exact + totals.same,
        totals.counted()
    );
}
