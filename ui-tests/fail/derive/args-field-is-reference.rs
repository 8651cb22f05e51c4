struct Db;

/// Options.
#[derive(flash::Args)]
struct Options<'a> {
    /// The database
    db: &'a Db,
}

fn main() {}
