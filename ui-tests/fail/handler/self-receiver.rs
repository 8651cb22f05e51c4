struct S;
impl S {
    /// Deploy.
    #[flash::cmd(run)]
    fn deploy(&self) -> flash::Result<()> { Ok(()) }
}

fn main() {}
