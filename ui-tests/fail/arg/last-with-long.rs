/// Run a program.
#[flash::cmd(run)]
fn exec(program: String, #[arg(long, last)] args: Vec<String>) -> flash::Result<()> {
    let _ = (program, args);
    Ok(())
}

fn main() {}
