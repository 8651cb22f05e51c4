//! The app of this crate as a binary.

fn main() -> std::process::ExitCode {
    flash_facade_tests::app().run()
}
