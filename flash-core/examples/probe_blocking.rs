//! Test probe: a sync command writing temp files in a loop until a signal.
//!
//! `probe_blocking DIR` prints `ready` on stdout once the handler runs.
//!
//! `probe_blocking DIR --chdir`: makes four temp files beside `DIR/out-N`
//! (`DIR` relative), then changes its working directory to `/`, prints
//! `ready` and waits: the signal-time unlink must still find them.

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
    let chdir = std::env::args().nth(2).is_some_and(|a| a == "--chdir");
    let result = run_blocking(Default::default(), Streams::process(), |ctx| {
        if chdir {
            let held: Vec<_> = (0..4)
                .map(|n| ctx.scope().temp_file(&dir.join(format!("out-{n}"))))
                .collect::<Result<_, _>>()?;
            std::env::set_current_dir("/")?;
            println!("ready");
            let _ = std::io::stdout().flush();
            loop {
                std::thread::sleep(Duration::from_millis(10));
                let _ = &held;
            }
        }
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
