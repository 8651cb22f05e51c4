struct Helper;

fn main() { flash::app! { commands: [Helper] }.run(); }
