//! The `stream` model keeps memory flat through bounded buffers: a
//! gigabyte passes through a stream command and the process's peak
//! resident memory barely moves. A file of its own: the peak is the whole
//! process's, and another test running beside it would move it.

use flash_core::cli::exec::{Model, RuntimeOptions};
use flash_core::cli::output::Streams;
use flash_core::runtime::{run_async, Context};

/// The process's resident high-water mark, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("linux /proc");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kib: u64 = line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .expect("a number of kB");
    kib * 1024
}

/// A gigabyte of text, produced as it is read.
struct Gigabyte {
    left: u64,
}

impl std::io::Read for Gigabyte {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        const LINE: &[u8] = b"the quick brown fox jumps over the lazy dog\n";
        // Whole lines, copied: quick even in a debug build.
        let room = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let mut n = 0;
        while n + LINE.len() <= room {
            buf[n..n + LINE.len()].copy_from_slice(LINE);
            n += LINE.len();
        }
        if n == 0 {
            n = room;
            buf[..n].copy_from_slice(&LINE[..n]);
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[test]
fn stream_memory_stays_flat_while_a_gigabyte_passes_through() {
    const GIB: u64 = 1 << 30;
    let before = peak_rss();
    let seen = run_async(
        Model::Stream,
        RuntimeOptions::default(),
        Streams::captured(),
        |ctx: Context| async move {
            let (n, lines) = flash_core::ops::stream::process_chunks(
                &ctx,
                Gigabyte { left: GIB },
                flash_core::ops::stream::DEFAULT_CHUNK,
                0u64,
                |lines, chunk| {
                    *lines += u64::from(chunk.last() == Some(&b'\n'));
                    Ok(())
                },
            )
            .await?;
            assert_eq!(n, GIB);
            assert!(lines > 0);
            Ok(())
        },
    );
    seen.expect("command");
    let grown = peak_rss().saturating_sub(before);
    assert!(
        grown < 16 << 20,
        "a gigabyte through a stream command raised the peak by {grown} bytes"
    );
}
