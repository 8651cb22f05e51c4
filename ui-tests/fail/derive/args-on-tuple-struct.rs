/// Options.
#[derive(flash::Args)]
struct Options(#[arg(long)] bool);

fn main() {}
