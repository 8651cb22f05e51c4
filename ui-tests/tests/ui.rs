//! Compile-time diagnostics of `#[flash::cmd]` and `flash::app!`: every
//! `fail/` case must fail with exactly its `.stderr` snapshot; every `pass/`
//! case must build. Regenerate snapshots with `TRYBUILD=overwrite` and read
//! the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("fail/*/*.rs");
    t.pass("pass/*.rs");
}
