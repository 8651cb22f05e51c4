/// Run a program.
#[flash::cmd(run)]
fn exec(program: String, #[arg(last)] args: String) -> flash::Result<()> {
    let _ = (program, args);
    Ok(())
}

fn main() {}
