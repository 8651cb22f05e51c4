//! Test probe: a sync command writing temp files in a loop until a signal.
//!
//! `probe_blocking DIR` prints `ready` on stdout once the handler runs.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use flash_core::cli::output::Streams;
use flash_core::runtime::run_blocking;

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: probe_blocking DIR");
        return std::process::ExitCode::from(2);
    };
    let result = run_blocking(Default::default(), Streams::process(), |ctx| {
        println!("ready");
        let _ = std::io::stdout().flush();
        let mut held = Vec::new();
        for n in 0u64.. {
            let mut tmp = ctx.scope().temp_file(&dir.join(format!("out-{n}")))?;
            tmp.file().write_all(&[b'x'; 512])?;
            held.push(tmp);
            if held.len() > 4 {
                held.remove(0).commit()?;
                let _ = std::fs::remove_file(dir.join(format!("out-{}", n - 4)));
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        Ok(())
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(e.exit_code())
        }
    }
}
