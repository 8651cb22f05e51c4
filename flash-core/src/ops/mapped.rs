//! Read-only file mappings that survive the file shrinking under them.
//!
//! Reading a mapping past the end of a file that another process truncated
//! raises `SIGBUS`, which would kill the process mid-command (with no
//! message, and before the runtime can remove its temp files). Hashing
//! from a mapping is what makes `fl hash` as fast as `b3sum` (a `read`
//! copy into a buffer costs as much as the hashing itself on AVX-512), so
//! the mapping stays and its failure mode is handled instead: on Linux a
//! `SIGBUS` handler replaces the pages past the new end with zero pages
//! and notes it, so the read goes on and the caller turns the note into
//! an error naming the file ([`Mapped::shrank`]).
//!
//! Written on `libc` because no crate offers it: `memmap2` leaves `SIGBUS`
//! to the caller. The handler is installed on first use and stays; a fault
//! outside the mappings registered here goes on to the handler that was
//! there before (Rust's own, which ends the process as the default would).

use std::fs::File;
use std::io;

/// A read-only mapping of a whole file (see the module documentation).
pub(crate) struct Mapped {
    map: memmap2::Mmap,
    #[cfg(any(target_os = "linux", target_os = "android"))]
    slot: Option<&'static guard::Range>,
}

impl Mapped {
    /// Maps `file`, whose size is taken now: bytes it gains later are not
    /// in the mapping.
    pub(crate) fn new(file: &File) -> io::Result<Mapped> {
        // SAFETY: the map is only read. Bytes another process changes
        // meanwhile are read as they are (as a `read` would); a shrunk
        // file's missing pages are handled by the guard below, where there
        // is one.
        let map = unsafe { memmap2::Mmap::map(file)? };
        Ok(Mapped {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            slot: guard::register(map.as_ptr() as usize, map.len()),
            map,
        })
    }

    /// The mapped bytes. Past the file's end, if it shrank, they read as
    /// zeros (where the guard is installed).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Whether the file was found shorter than the mapping: some bytes
    /// read were not the file's.
    pub(crate) fn shrank(&self) -> bool {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            self.slot.is_some_and(guard::Range::faulted)
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        {
            false
        }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // Out of the guard's table before `map` is unmapped (fields are
        // dropped after this).
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(slot) = self.slot.take() {
            slot.release();
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod guard {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::OnceLock;

    /// Mappings guarded at once; one more is simply not guarded.
    const SLOTS: usize = 64;

    /// One guarded mapping: `start..end`, 0 when the slot is free.
    pub(crate) struct Range {
        used: AtomicBool,
        start: AtomicUsize,
        end: AtomicUsize,
        faulted: AtomicBool,
    }

    impl Range {
        const fn new() -> Range {
            Range {
                used: AtomicBool::new(false),
                start: AtomicUsize::new(0),
                end: AtomicUsize::new(0),
                faulted: AtomicBool::new(false),
            }
        }

        pub(crate) fn faulted(&self) -> bool {
            self.faulted.load(Ordering::Acquire)
        }

        pub(crate) fn release(&self) {
            self.start.store(0, Ordering::Release);
            self.end.store(0, Ordering::Release);
            self.used.store(false, Ordering::Release);
        }
    }

    static RANGES: [Range; SLOTS] = [const { Range::new() }; SLOTS];
    static PAGE: AtomicUsize = AtomicUsize::new(4096);
    /// The `SIGBUS` action before ours, for faults that are not ours.
    static PREVIOUS: OnceLock<Previous> = OnceLock::new();

    struct Previous(libc::sigaction);
    // SAFETY: a plain C struct of a handler address, flags and a mask,
    // written once before the handler that reads it is installed.
    unsafe impl Sync for Previous {}
    unsafe impl Send for Previous {}

    /// Installs the handler (once) and claims a slot for `start..start+len`;
    /// `None` when every slot is taken or the handler could not be set.
    pub(crate) fn register(start: usize, len: usize) -> Option<&'static Range> {
        if len == 0 || !install() {
            return None;
        }
        let range = RANGES.iter().find(|r| {
            r.used
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        })?;
        range.faulted.store(false, Ordering::Release);
        range.end.store(start + len, Ordering::Release);
        range.start.store(start, Ordering::Release);
        Some(range)
    }

    fn install() -> bool {
        PREVIOUS
            .get_or_init(|| {
                // SAFETY: sysconf has no preconditions.
                let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
                if let Ok(page) = usize::try_from(page) {
                    if page.is_power_of_two() {
                        PAGE.store(page, Ordering::Relaxed);
                    }
                }
                // SAFETY: all-zero is a valid sigaction (SIG_DFL, no flags,
                // empty mask); ours is complete before it is installed and
                // the old one is written by the kernel.
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
                    action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(libc::SIGBUS, &action, &mut old) != 0 {
                        old.sa_sigaction = usize::MAX;
                    }
                    Previous(old)
                }
            })
            .0
            .sa_sigaction
            != usize::MAX
    }

    /// Async-signal-safe: atomics, `mmap` (a plain system call on Linux)
    /// and the previous handler.
    extern "C" fn on_sigbus(
        sig: libc::c_int,
        info: *mut libc::siginfo_t,
        context: *mut libc::c_void,
    ) {
        // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
        let addr = unsafe { (*info).si_addr() } as usize;
        let page = PAGE.load(Ordering::Relaxed);
        for range in &RANGES {
            let start = range.start.load(Ordering::Acquire);
            let end = range.end.load(Ordering::Acquire);
            if start == 0 || addr < start || addr >= end {
                continue;
            }
            let from = addr & !(page - 1);
            // SAFETY: replaces pages of our own read-only mapping, from the
            // faulting one to its end, with private zero pages; the mapping
            // is unmapped as a whole later (the length covers these).
            let mapped = unsafe {
                libc::mmap(
                    from as *mut libc::c_void,
                    end - from,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if mapped != libc::MAP_FAILED {
                range.faulted.store(true, Ordering::Release);
                return;
            }
        }
        // Not ours: what would have happened without us.
        // SAFETY: the previous action, called as the kernel would have.
        unsafe { chain(sig, info, context) }
    }

    unsafe fn chain(sig: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
        let Some(Previous(old)) = PREVIOUS.get() else {
            return;
        };
        match old.sa_sigaction {
            libc::SIG_DFL | libc::SIG_IGN => {
                // Back to the default: the faulting access runs again on
                // return, and the kernel ends the process as it would have.
                let mut dfl: libc::sigaction = std::mem::zeroed();
                dfl.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(sig, &dfl, std::ptr::null_mut());
            }
            handler if old.sa_flags & libc::SA_SIGINFO != 0 => {
                let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    std::mem::transmute(handler);
                f(sig, info, context);
            }
            handler => {
                let f: extern "C" fn(libc::c_int) = std::mem::transmute(handler);
                f(sig);
            }
        }
    }
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_truncated_under_its_mapping_reads_zeros_and_is_noted() {
        let mut file = tempfile::tempfile().expect("temp file");
        let data: Vec<u8> = (0..5 * 4096 + 100).map(|i| (i % 251) as u8 + 1).collect();
        file.write_all(&data).expect("write");
        let other = Mapped::new(&file).expect("map");
        let map = Mapped::new(&file).expect("map");
        assert!(!map.shrank());
        file.set_len(4096 + 10).expect("truncate");
        // Without the guard this read is a SIGBUS.
        let sum: u64 = map.bytes().iter().map(|&b| u64::from(b)).sum();
        assert!(map.shrank());
        assert_eq!(map.bytes()[..4096], data[..4096]);
        assert!(map.bytes()[2 * 4096..].iter().all(|&b| b == 0));
        assert!(sum < data.iter().map(|&b| u64::from(b)).sum());
        // A mapping that did not read past the end is not affected.
        assert!(!other.shrank());
        drop(map);
        // Its slot is free again, and a new mapping starts clean.
        let again = Mapped::new(&file).expect("map");
        assert!(!again.shrank());
        assert_eq!(again.bytes(), &data[..4096 + 10]);
    }
}
