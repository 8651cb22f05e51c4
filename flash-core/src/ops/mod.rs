//! Library operations a command can use: concurrent reads, zero-copy copy,
//! hashing and encryption on the CPU pool, chunked stream processing.
