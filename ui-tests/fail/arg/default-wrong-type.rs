/// A depth, parsed from its digits.
struct Depth(u32);

impl std::str::FromStr for Depth {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Depth)
    }
}

/// Copy.
#[flash::cmd(run)]
fn copy(#[arg(long, default = "three")] depth: Depth) -> flash::Result<()> { let _ = depth.0; Ok(()) }

fn main() { flash::app! { commands: [copy] }.run(); }
