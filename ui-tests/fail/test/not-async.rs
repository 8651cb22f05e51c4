#[flash::test]
fn plain() {
    assert_eq!(1 + 1, 2);
}

fn main() {}
