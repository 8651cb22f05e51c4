struct Id(u32);
fn parse_id(s: &str) -> Result<Id, String> { s.parse().map(Id).map_err(|_| "bad id".into()) }
/// Show.
#[flash::cmd(run)]
fn show(#[arg(parse = parse_id)] id: Id, #[arg(long, parse = parse_id)] other: Option<Id>, #[arg(long, parse = parse_id)] many: Vec<Id>) -> flash::Result<()> { let _ = (id.0, other.map(|o| o.0), many.len()); Ok(()) }
fn main() { let _app = flash::app! { name: "x", commands: [show] }; }
