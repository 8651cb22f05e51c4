//! What the fuzz targets of flash run, in a library so `cargo test` here
//! can replay the seed corpora and the crash reproducers without libFuzzer.
//!
//! - [`argv`]: the parser, through `App::try_run_with`, over arbitrary argv
//!   bytes, against the apps of [`apps`].
//! - [`decrypt`]: `flash::ops::crypto::decrypt_stream` over arbitrary files,
//!   checked against an independent reading of the format.

pub mod apps;
pub mod argv;
pub mod decrypt;
