//! Twin of clap's `examples/multicall-busybox.rs` (a builder example; there
//! is no derive one): one binary, many applets, chosen by the name it is
//! run as (`ln -s busybox true`), or named after it (`busybox true`).
//!
//! clap's `busybox` also takes `--install` (exclusive: no key for that in
//! flash, and no case shows it) and names its commands `APPLET`, listed
//! under `APPLETS:` (no key for either: that case is excluded).

use std::path::PathBuf;

use flash::Result;

// Run as `busybox` (a name that is no applet), the program takes
// `--install` or an applet's name, and shows its help when given nothing
// (clap's `busybox` subcommand has `arg_required_else_help`; run as an
// applet, nothing is needed).
#[flash::cmd(run, help_if_no_args)]
fn busybox(
    /// Install hardlinks for all subcommands in path
    #[arg(long, value_name = "install", default_missing = "/usr/local/bin")]
    install: Option<PathBuf>,
) -> Result<()> {
    // clap's example stops here with `unimplemented!`: installing links is
    // not what it shows. A twin never panics; it says so and fails, as
    // clap's documented case expects (`? failed`).
    if let Some(dir) = install {
        return Err(flash::Error::msg(format!(
            "installing applet links in {} is not part of this example",
            dir.display()
        )));
    }
    Ok(())
}

/// does nothing successfully
#[flash::cmd(run, name = "true")]
fn true_() {
    std::process::exit(0);
}

/// does nothing unsuccessfully
#[flash::cmd(run, name = "false")]
fn false_() {
    std::process::exit(1);
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "busybox",
        // clap's has none (and this crate's description is clap's).
        about: "",
        multicall: true,
        root: busybox,
        commands: [true_, false_],
        completions: false,
    }
    .run()
}
