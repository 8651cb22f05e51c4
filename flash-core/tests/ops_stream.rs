//! `wc` against a plain reference counter on edge-case inputs.

use flash_core::ops::stream::{format_wc_line, wc, WcCounter, WcCounts};
use flash_core::runtime::run_async;
use flash_core::{cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams};

/// The obvious byte-at-a-time counter, GNU `wc` under `LC_ALL=C`.
fn reference(data: &[u8]) -> WcCounts {
    let mut c = WcCounts::default();
    let mut in_word = false;
    for &b in data {
        c.bytes += 1;
        if b == b'\n' {
            c.lines += 1;
        }
        // GNU wc 9 under LC_ALL=C: whitespace ends a word, a printable byte
        // starts one, any other byte changes nothing.
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            in_word = false;
        } else if (0x21..=0x7e).contains(&b) {
            if !in_word {
                c.words += 1;
            }
            in_word = true;
        }
    }
    c
}

fn cases() -> Vec<(&'static str, Vec<u8>)> {
    let mut long_line = vec![b'x'; 3 << 20];
    long_line[1 << 20] = b' ';
    let mut mixed = Vec::new();
    for i in 0..200_000u32 {
        mixed.push((i.wrapping_mul(2_654_435_761) >> 24) as u8);
    }
    vec![
        ("empty", vec![]),
        ("no trailing newline", b"hello world".to_vec()),
        ("trailing newline", b"hello world\n".to_vec()),
        ("only whitespace", b" \t\n\x0b\x0c\r  \n\n ".to_vec()),
        ("crlf", b"one two\r\nthree\r\n\r\nfour".to_vec()),
        (
            "invalid utf-8",
            b"\xff\xfe abc \xc3\x28 \xe2\x82\n\x80".to_vec(),
        ),
        ("very long line", long_line),
        ("nul bytes", b"\0\0 a\0b \0\n\0".to_vec()),
        ("pseudo-random bytes", mixed),
        ("non-breaking space is not space", b"a\xa0b \x85c".to_vec()),
        ("only transparent bytes", b"\xff\xfe \x01\x7f\n\0".to_vec()),
        (
            "transparent between words",
            b"\xff\xfe x \xc3\x28\n a\0b \x01c".to_vec(),
        ),
    ]
}

#[test]
fn counter_matches_reference() {
    for (name, data) in cases() {
        let mut wc = WcCounter::new();
        wc.update(&data);
        assert_eq!(wc.counts(), reference(&data), "{name}");
    }
}

#[test]
fn counter_is_independent_of_chunking() {
    for (name, data) in cases() {
        for size in [1, 2, 3, 7, 255, 256, 4096] {
            let mut wc = WcCounter::new();
            for chunk in data.chunks(size) {
                wc.update(chunk);
            }
            assert_eq!(wc.counts(), reference(&data), "{name} in chunks of {size}");
        }
    }
}

#[test]
fn async_wc_reads_in_chunks() {
    for (name, data) in cases() {
        let expected = reference(&data);
        let got = std::sync::Arc::new(std::sync::Mutex::new(None));
        let slot = got.clone();
        run_async(
            Model::Stream,
            RuntimeOptions::default(),
            Streams::captured(),
            |ctx| async move {
                let counts = wc(&ctx, std::io::Cursor::new(data)).await?;
                *slot.lock().expect("lock") = Some(counts);
                Ok(())
            },
        )
        .expect("wc");
        let counts = got.lock().expect("lock").take();
        assert_eq!(counts, Some(expected), "{name}");
    }
}

#[test]
fn lines_are_formatted_like_gnu_wc() {
    let c = WcCounts {
        lines: 3,
        words: 12,
        bytes: 345,
    };
    assert_eq!(format_wc_line(&c, 3, Some("f")), "  3  12 345 f\n");
    assert_eq!(format_wc_line(&c, 7, None), "      3      12     345\n");
    assert_eq!(format_wc_line(&c, 1, None), "3 12 345\n");
}
