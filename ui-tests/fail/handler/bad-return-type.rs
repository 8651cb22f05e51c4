/// Deploy.
#[flash::cmd(run)]
fn deploy() -> u32 { 7 }

fn main() { flash::app! { commands: [deploy] }.run(); }
