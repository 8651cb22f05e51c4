//! Library operations a command can use: concurrent reads, zero-copy copy,
//! hashing and encryption on the CPU pool, and chunked stream processing.
//! (What only the showcase needs, such as its GNU-exact `wc` kernels and
//! `b3sum`-style lines, lives in the showcase, `examples/fl`.)
//!
//! Every op takes the command's `Context`: heavy work runs on its
//! CPU pool, loops stop at the next chunk or read on cancellation (the key
//! derivation too), output files go through its resource scope (temp file
//! + rename), and progress bars show only when stderr is a terminal.

pub mod crypto;
pub mod fs;
pub mod hash;
mod mapped;
pub mod progress;
pub mod stream;
