/// Build.
#[flash::cmd(run)]
fn build() -> flash::Result<()> { Ok(()) }

/// A plugin.
#[flash::cmd(run)]
fn plugin(name: String, args: Vec<std::ffi::OsString>) -> flash::Result<()> { let _ = (name, args); Ok(()) }

fn main() { flash::app! { commands: [build, plugin], external: plugin }.run(); }
