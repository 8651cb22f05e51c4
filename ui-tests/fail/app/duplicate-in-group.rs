/// One.
#[flash::cmd(run)]
fn add() -> flash::Result<()> { Ok(()) }

mod again {
    /// Two.
    #[flash::cmd(run)]
    pub fn add() -> flash::Result<()> { Ok(()) }
}

fn main() { flash::app! { commands: [remote { add, again::add }] }.run(); }
