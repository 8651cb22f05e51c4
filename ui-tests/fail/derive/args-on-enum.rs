/// Options.
#[derive(flash::Args)]
enum Options {
    Fast,
    Slow,
}

fn main() {}
