//! `process_chunks`: every byte handed over once, in order, in chunks of at
//! most the size asked for, whatever the input's size.

use flash_core::ops::stream::process_chunks;
use flash_core::runtime::run_async;
use flash_core::{cli::exec::Model, cli::exec::RuntimeOptions, cli::output::Streams};

fn cases() -> Vec<(&'static str, Vec<u8>)> {
    let mut mixed = Vec::new();
    for i in 0..200_000u32 {
        mixed.push((i.wrapping_mul(2_654_435_761) >> 24) as u8);
    }
    vec![
        ("empty", vec![]),
        ("one byte", b"x".to_vec()),
        ("lines", b"one\ntwo\r\n\nthree".to_vec()),
        ("three MiB", vec![b'x'; 3 << 20]),
        ("pseudo-random bytes", mixed),
    ]
}

#[test]
fn every_byte_once_in_order_in_bounded_chunks() {
    for (name, data) in cases() {
        for size in [1, 7, 4096, 1 << 20] {
            let expected = data.clone();
            let input = data.clone();
            run_async(
                Model::Stream,
                RuntimeOptions::default(),
                Streams::captured(),
                move |ctx| async move {
                    let (n, seen) = process_chunks(
                        &ctx,
                        std::io::Cursor::new(input),
                        size,
                        Vec::new(),
                        move |seen: &mut Vec<u8>, chunk| {
                            assert!(!chunk.is_empty() && chunk.len() <= size);
                            seen.extend_from_slice(chunk);
                            Ok(())
                        },
                    )
                    .await?;
                    assert_eq!(n, expected.len() as u64, "{name} in chunks of {size}");
                    assert!(seen == expected, "{name} in chunks of {size}");
                    Ok(())
                },
            )
            .expect("process_chunks");
        }
    }
}
