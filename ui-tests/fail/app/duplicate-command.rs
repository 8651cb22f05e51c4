/// One.
#[flash::cmd(run)]
fn deploy() -> flash::Result<()> { Ok(()) }

mod other {
    /// Two.
    #[flash::cmd(run, name = "deploy")]
    pub fn ship() -> flash::Result<()> { Ok(()) }
}

fn main() { flash::app! { commands: [deploy, other::ship] }.run(); }
