//! Library operations a command can use: concurrent reads, zero-copy copy,
//! hashing and encryption on the CPU pool, chunked stream processing.
//!
//! Every op takes the command's `Context`: heavy work runs on its
//! CPU pool, loops stop at the next chunk on cancellation, output files go
//! through its resource scope (temp file + rename), and progress bars show
//! only when stderr is a terminal.

pub mod crypto;
pub mod fs;
pub mod hash;
pub mod progress;
pub mod stream;
pub mod wc;
