fn main() { flash::app! { name: "demo" }.run(); }
