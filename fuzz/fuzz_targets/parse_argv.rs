//! The parser over arbitrary argv bytes; see `flash_fuzz::argv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flash_fuzz::argv::check(data));
