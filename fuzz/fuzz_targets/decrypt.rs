//! The decrypt path over arbitrary files; see `flash_fuzz::decrypt`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| flash_fuzz::decrypt::check(data));
