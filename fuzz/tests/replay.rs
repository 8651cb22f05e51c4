//! Replays the seed corpora (and any saved reproducers under
//! `regressions/<target>/`) through the targets' checks, without libFuzzer:
//! `cargo test` here on stable.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            let data = std::fs::read(&path).expect("a seed");
            if std::env::var_os("FUZZ_REPLAY_SHOW").is_some() && target == "parse_argv" {
                let (case, out, _) = flash_fuzz::argv::run(&data);
                let first = |t: &str| t.lines().next().unwrap_or_default().to_owned();
                eprintln!(
                    "{:>20} {:?} -> {} | {} | {}",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    case.args,
                    out.code,
                    first(&out.stdout),
                    first(&out.stderr)
                );
            }
            if std::env::var_os("FUZZ_REPLAY_SHOW").is_some() && target == "decrypt" {
                let file = flash_fuzz::decrypt::normalise(&data);
                eprintln!(
                    "{:>24} {} bytes -> reference {:?}",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    data.len(),
                    flash_fuzz::decrypt::reference(&file)
                        .map(|p| p.len())
                        .map_err(|p| p.len())
                );
            }
            check(&data);
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn parse_argv_corpus() {
    replay("parse_argv", flash_fuzz::argv::check);
}

#[test]
fn decrypt_corpus() {
    replay("decrypt", flash_fuzz::decrypt::check);
}
