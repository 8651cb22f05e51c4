//! The harness that runs flash's twins of clap's examples against clap's
//! own console sessions.
//!
//! clap documents each example with a Markdown file of console sessions
//! that `trycmd` checks against the real program (`$ cmd args`, the
//! expected output, `? status`). [`session`] reads those files as trycmd
//! does, [`catalog`] says which files count, which twin runs each, and which
//! cases are excluded and why, [`exec`] runs a case and classifies the
//! result, [`pattern`] matches output with trycmd's wildcards, and
//! [`report`] prints the table and writes `REPORT.md`.
//!
//! `run` (next to `Cargo.toml`) builds the twins one by one and runs
//! `twins-harness`; `tests/clap_examples.rs` runs every case once all the
//! twins compile.

pub mod catalog;
pub mod clap_source;
pub mod diff;
pub mod exec;
pub mod pattern;
pub mod report;
pub mod session;
