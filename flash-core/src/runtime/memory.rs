//! Resident memory of the process, as the kernel reports it.

/// Resident memory in bytes: now, and the high-water mark of the process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Memory {
    pub current: u64,
    pub peak: u64,
}

/// Reads `VmRSS` and `VmHWM` from `/proc/self/status` (Linux); `None` where
/// the OS does not tell, so reports say "not available" instead of guessing.
pub(crate) fn read() -> Option<Memory> {
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let field = |name: &str| -> Option<u64> {
            let line = status.lines().find(|l| l.starts_with(name))?;
            let kib: u64 = line[name.len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()?;
            kib.checked_mul(1024)
        };
        let current = field("VmRSS:")?;
        let peak = field("VmHWM:").unwrap_or(current).max(current);
        Some(Memory { current, peak })
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn reads_a_plausible_rss() {
        let m = super::read().expect("linux has /proc/self/status");
        assert!(m.current > 0 && m.peak >= m.current);
    }
}
