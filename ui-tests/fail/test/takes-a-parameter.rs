#[flash::test]
async fn with_input(n: u32) {
    assert_eq!(n, n);
}

fn main() {}
