//! Library operations a command can use: concurrent reads, zero-copy copy,
//! hashing and encryption on the CPU pool, chunked stream processing, and
//! GNU-exact `wc` counts split across the CPU pool.
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
pub mod wc;
