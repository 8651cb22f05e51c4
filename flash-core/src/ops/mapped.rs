//! Read-only file mappings that survive the file shrinking under them.
//!
//! Reading a mapping past the end of a file that another process truncated
//! raises `SIGBUS`, which would kill the process mid-command (with no
//! message, and before the runtime can remove its temp files). Hashing
//! from a mapping is what makes `fl hash` as fast as `b3sum`: a `read`
//! copy into a buffer costs half as much as the hashing itself on AVX-512
//! (the 256 MiB text of `benches/inputs`, page-cached, BLAKE3 on 2 cores,
//! 11 alternating runs, median CPU time by `perf stat -e task-clock`:
//! mapped 64.8 ms, read through an 8 MiB buffer 95.9 ms, +48%; reading the
//! next buffer with `pread` while hashing this one was slower still), so
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
    //! The table of guarded mappings and the `SIGBUS` handler that reads it.
    //!
    //! Sound by construction: a slot's range is written only while its
    //! state word says the slot is not live, and the handler trusts a range
    //! only if the state word it read before the range is still the same
    //! after (a seqlock: the word carries a generation, so a slot freed and
    //! claimed again in between is seen as changed). A live range is mapped
    //! for as long as the slot is live: the owner frees the slot before it
    //! unmaps, and cannot unmap while a thread reads (and faults in) the
    //! mapping it borrows.

    use std::sync::atomic::{fence, AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Once, OnceLock};

    /// Mappings guarded at once; one more is simply not guarded.
    const SLOTS: usize = 64;

    /// A slot's phase, the low bits of its state word; the rest is its
    /// generation, bumped each time it goes live.
    const FREE: usize = 0;
    const CLAIMED: usize = 1;
    const LIVE: usize = 2;
    const PHASE: usize = 3;
    const GENERATION: usize = 4;

    /// One guarded mapping.
    pub(crate) struct Range {
        state: AtomicUsize,
        /// Written only while the slot is claimed (not live).
        start: AtomicUsize,
        end: AtomicUsize,
        faulted: AtomicBool,
    }

    impl Range {
        const fn new() -> Range {
            Range {
                state: AtomicUsize::new(FREE),
                start: AtomicUsize::new(0),
                end: AtomicUsize::new(0),
                faulted: AtomicBool::new(false),
            }
        }

        pub(crate) fn faulted(&self) -> bool {
            self.faulted.load(Ordering::Acquire)
        }

        /// Frees the slot (before its mapping is unmapped): from now on the
        /// handler no longer takes a fault there for ours.
        pub(crate) fn release(&self) {
            let state = self.state.load(Ordering::Relaxed);
            self.state.store(state & !PHASE | FREE, Ordering::Release);
        }

        /// The live range of the slot, read consistently, or `None`.
        fn live(&self) -> Option<(usize, usize)> {
            let before = self.state.load(Ordering::Acquire);
            if before & PHASE != LIVE {
                return None;
            }
            let start = self.start.load(Ordering::Relaxed);
            let end = self.end.load(Ordering::Relaxed);
            // Orders the two loads above before the one below: had either
            // seen a value written after `before` (for a later mapping),
            // the state below is no longer `before`.
            fence(Ordering::Acquire);
            (self.state.load(Ordering::Relaxed) == before).then_some((start, end))
        }
    }

    static RANGES: [Range; SLOTS] = [const { Range::new() }; SLOTS];
    static PAGE: AtomicUsize = AtomicUsize::new(4096);
    /// The `SIGBUS` action before ours, for faults that are not ours:
    /// published before ours is installed, so the handler always finds it.
    /// (`libc::sigaction` is plain data, `Send` and `Sync` as it is.)
    static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();
    static INSTALL: Once = Once::new();
    static INSTALLED: AtomicBool = AtomicBool::new(false);

    /// Installs the handler (once) and claims a slot for `start..start+len`;
    /// `None` when every slot is taken or the handler could not be set.
    pub(crate) fn register(start: usize, len: usize) -> Option<&'static Range> {
        if len == 0 || !install() {
            return None;
        }
        for range in &RANGES {
            let state = range.state.load(Ordering::Relaxed);
            if state & PHASE != FREE {
                continue;
            }
            let claimed = state & !PHASE | CLAIMED;
            if range
                .state
                .compare_exchange(state, claimed, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                continue;
            }
            // The handler ignores a claimed slot: these writes are private
            // until the release below makes them visible with `LIVE`.
            range.start.store(start, Ordering::Relaxed);
            range.end.store(start + len, Ordering::Relaxed);
            range.faulted.store(false, Ordering::Relaxed);
            let live = (claimed & !PHASE).wrapping_add(GENERATION) | LIVE;
            range.state.store(live, Ordering::Release);
            return Some(range);
        }
        None
    }

    fn install() -> bool {
        INSTALL.call_once(|| {
            // SAFETY: sysconf has no preconditions.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            if let Ok(page) = usize::try_from(page) {
                if page.is_power_of_two() {
                    PAGE.store(page, Ordering::Relaxed);
                }
            }
            // The action there now, published first: the handler, once
            // installed, may run at once and must find it.
            // SAFETY: all-zero is a valid sigaction; a query only.
            let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
            // SAFETY: a query of the current action into `old`.
            if unsafe { libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut old) } != 0 {
                return;
            }
            let old = *PREVIOUS.get_or_init(|| old);
            // SAFETY: all-zero is a valid sigaction (SIG_DFL, no flags,
            // empty mask); ours is complete before it is installed.
            let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
            action.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
            let mut replaced: libc::sigaction = old;
            // SAFETY: a valid action whose handler is async-signal-safe.
            if unsafe { libc::sigaction(libc::SIGBUS, &action, &mut replaced) } == 0 {
                INSTALLED.store(true, Ordering::Release);
            }
        });
        INSTALLED.load(Ordering::Acquire)
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
            let Some((start, end)) = range.live() else {
                continue;
            };
            if addr < start || addr >= end {
                continue;
            }
            let from = addr & !(page - 1);
            // SAFETY: `start..end` is one of our read-only mappings, live
            // (the slot's state did not change around reading it) and so
            // still mapped: the faulting thread is reading it. Its pages
            // from the faulting one to its end become private zero pages;
            // the mapping is unmapped as a whole later (the length covers
            // these).
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
        let Some(old) = PREVIOUS.get() else {
            return;
        };
        match old.sa_sigaction {
            libc::SIG_DFL | libc::SIG_IGN => {
                // Back to the default: the faulting access runs again on
                // return, and the kernel ends the process as it would have.
                // SAFETY: all-zero is SIG_DFL with no flags.
                let mut dfl: libc::sigaction = unsafe { std::mem::zeroed() };
                dfl.sa_sigaction = libc::SIG_DFL;
                // SAFETY: a valid action.
                unsafe { libc::sigaction(sig, &dfl, std::ptr::null_mut()) };
            }
            handler if old.sa_flags & libc::SA_SIGINFO != 0 => {
                // SAFETY: an SA_SIGINFO handler takes these three.
                let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    unsafe { std::mem::transmute(handler) };
                f(sig, info, context);
            }
            handler => {
                // SAFETY: a plain handler takes the signal number.
                let f: extern "C" fn(libc::c_int) = unsafe { std::mem::transmute(handler) };
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
