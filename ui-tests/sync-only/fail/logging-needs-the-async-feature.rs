/// Greet.
#[flash::cmd(run)]
fn greet(name: String) -> flash::Result<()> {
    let _ = name;
    Ok(())
}

fn main() -> std::process::ExitCode {
    flash::app! { name: "hi", logging: true, commands: [greet] }.run()
}
