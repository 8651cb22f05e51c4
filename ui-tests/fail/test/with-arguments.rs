#[flash::test(flavor = "multi_thread")]
async fn threaded() {}

fn main() {}
