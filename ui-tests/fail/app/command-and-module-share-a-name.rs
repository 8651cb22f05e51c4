// The one name collision flash cannot avoid: `#[flash::cmd]` puts a type
// named like the function beside it (so `use files::copy;` brings the
// command along with the function, and `app!` can name it), and a module
// of the same name in the same module takes that name too. rustc says so
// (E0428); the fix is to rename one: `#[flash::cmd(run, name = "greet")]
// fn greet_cmd` keeps the command's name on the command line.
mod greet {
    pub fn words() -> &'static str {
        "hello"
    }
}

/// Greet.
#[flash::cmd(run)]
fn greet() {
    let _ = greet::words();
}

fn main() {}
