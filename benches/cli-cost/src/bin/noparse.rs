//! Baseline: the same program with no parser, argv read by hand.
//! `noparse copy FROM TO [-l|--loud]`, `noparse copy --help`.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("copy") {
        eprintln!("usage: noparse copy <FROM> <TO> [-l]");
        return std::process::ExitCode::from(2);
    }
    let mut loud = false;
    let mut pos = Vec::new();
    for a in &args[1..] {
        match a.as_str() {
            "-l" | "--loud" => loud = true,
            "-h" | "--help" => {
                println!("Usage: noparse copy <FROM> <TO> [-l]");
                return std::process::ExitCode::SUCCESS;
            }
            _ => pos.push(a),
        }
    }
    if pos.len() != 2 {
        eprintln!("usage: noparse copy <FROM> <TO> [-l]");
        return std::process::ExitCode::from(2);
    }
    println!("copy {} -> {}{}", pos[0], pos[1], if loud { " (loud)" } else { "" });
    std::process::ExitCode::SUCCESS
}
