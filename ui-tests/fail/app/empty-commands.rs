fn main() { flash::app! { commands: [] }.run(); }
