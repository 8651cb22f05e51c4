//! `#[derive(flash::Args)]` and `#[derive(flash::ValueEnum)]`.

pub mod args;
pub mod value_enum;
