//! A sync app builds with no default features: commands, the context's
//! outputs and its name, errors, nested groups, testing with try_run_from.
use std::io::Write;

/// Greet someone.
#[flash::cmd(run)]
fn greet(ctx: &flash::Context, name: String, #[arg(short, long)] loud: bool) -> flash::Result<()> {
    let line = format!("hello, {name} (from `{}`)", ctx.command());
    writeln!(ctx.stdout(), "{}", if loud { line.to_uppercase() } else { line })?;
    Ok(())
}

/// Fail.
#[flash::cmd(run)]
fn fail() -> flash::Result<()> {
    Err(flash::Error::validation("no"))
}

mod remote {
    /// Add a remote.
    #[flash::cmd(run)]
    pub fn add(name: String) {
        let _ = name;
    }
}

fn app() -> flash::App {
    flash::app! { name: "demo", commands: [greet, fail, remote { remote::add }] }
}

fn main() {
    let out = app().try_run_from(["demo", "greet", "ada", "-l"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "HELLO, ADA (FROM `GREET`)\n"));
    assert_eq!(app().try_run_from(["demo", "fail"]).code, 1);
    assert_eq!(app().try_run_from(["demo", "remote", "add", "x"]).code, 0);
}
