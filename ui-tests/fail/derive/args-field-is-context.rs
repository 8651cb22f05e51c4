/// Options.
#[derive(flash::Args)]
struct Options {
    /// The context
    ctx: flash::Context,
}

fn main() {}
