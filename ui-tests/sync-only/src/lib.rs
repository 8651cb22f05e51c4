//! trybuild cases for flash without its default features; see `tests/ui.rs`.
