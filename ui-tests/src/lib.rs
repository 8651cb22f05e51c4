//! trybuild cases for flash; see `tests/ui.rs`.
