#[flash::cmd(run)]
struct Deploy;

fn main() {}
