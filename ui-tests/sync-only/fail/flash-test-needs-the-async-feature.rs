#[flash::test]
async fn waits() {}

fn main() {}
