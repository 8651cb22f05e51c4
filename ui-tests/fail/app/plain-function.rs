fn helper() {}

fn main() { helper(); flash::app! { commands: [helper] }.run(); }
