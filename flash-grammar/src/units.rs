//! Durations (`500ms`, `30s`, `2m`, `1h`) and sizes (`64MiB`, `1G`) as the
//! runtime flags and `#[cmd]` defaults spell them.
//!
//! Hand-written: two tiny grammars; a crate (humantime, bytesize) would add
//! more code to every binary than these few lines.

use std::time::Duration;

/// Parses `500ms`, `30s`, `2m`, `1h`, `1.5s`; a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("invalid duration `{text}`: expected e.g. `500ms`, `30s`, `2m`"))?;
    let scale = match unit.trim() {
        "ns" => 1e-9,
        "us" | "µs" => 1e-6,
        "ms" => 1e-3,
        "" | "s" | "sec" | "secs" => 1.0,
        "m" | "min" | "mins" => 60.0,
        "h" | "hr" | "hours" => 3600.0,
        other => {
            return Err(format!(
                "invalid duration unit `{other}` in `{text}`: use ms, s, m or h"
            ))
        }
    };
    Duration::try_from_secs_f64(value * scale)
        .map_err(|_| format!("duration `{text}` is out of range"))
}

/// Formats a duration the way `parse_duration` reads it.
pub fn format_duration(d: Duration) -> String {
    // Whole seconds and the millisecond part, not `as_millis()`: formatting
    // a `u128` costs every binary over 1 KB (it is reached from
    // `Error::Timeout`'s message), and these give the same text.
    let (secs, ms) = (d.as_secs(), d.subsec_millis());
    if secs == 0 && ms == 0 {
        format!("{}us", d.subsec_micros())
    } else if ms != 0 {
        if secs == 0 {
            format!("{ms}ms")
        } else {
            format!("{secs}{ms:03}ms")
        }
    } else if secs % 60 != 0 {
        format!("{secs}s")
    } else {
        format!("{}m", secs / 60)
    }
}

/// Parses `64MiB`, `64M`, `1GiB`, `512KiB`, `100MB`, `4096` (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("invalid size `{text}`: expected e.g. `64MiB`"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "kb" => 1_000,
        "m" | "mib" => 1 << 20,
        "mb" => 1_000_000,
        "g" | "gib" => 1 << 30,
        "gb" => 1_000_000_000,
        "t" | "tib" => 1 << 40,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(format!(
                "invalid size unit in `{text}`: use KiB, MiB or GiB"
            ))
        }
    };
    value
        .checked_mul(scale)
        .ok_or_else(|| format!("size `{text}` is out of range"))
}

/// Formats bytes with a binary unit, e.g. `12.5 MiB`.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Durations, valid and not, that the tests of both sides (the `#[cmd]`
/// attribute, the `--timeout` flag) feed their parsers, to show that they
/// accept exactly the same inputs.
#[doc(hidden)]
pub const DURATION_SAMPLES: &[&str] = &[
    "500ms",
    "30s",
    "2m",
    "1h",
    "1.5s",
    "7",
    "0",
    "5 s",
    "1µs",
    "1us",
    "10ns",
    "3 min",
    " 2s ",
    "1e3s",
    "-1s",
    "s",
    "",
    "5 parsecs",
    "1.2.3s",
    "99999999999999999999h",
    "nan",
    "inf",
    "0x10s",
    "1_000ms",
];

/// Sizes, valid and not, as [`DURATION_SAMPLES`] for `--memory-limit`.
#[doc(hidden)]
pub const SIZE_SAMPLES: &[&str] = &[
    "64MiB",
    "64M",
    "1GiB",
    "512KiB",
    "100MB",
    "4096",
    "1 g",
    "64mib",
    "0",
    "1.5GiB",
    "-1",
    "lots",
    "",
    "99999999999999TiB",
    "18446744073709551616",
    "1PiB",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("7").unwrap(), Duration::from_secs(7));
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("ms").is_err());
        assert_eq!(format_duration(Duration::from_millis(1500)), "1500ms");
        assert_eq!(format_duration(Duration::from_secs(30)), "30s");
        assert_eq!(format_duration(Duration::from_secs(120)), "2m");
        assert_eq!(format_duration(Duration::from_micros(250)), "250us");
        assert_eq!(format_duration(Duration::from_millis(61_005)), "61005ms");
        assert_eq!(format_duration(Duration::from_millis(7)), "7ms");
        assert_eq!(format_duration(Duration::from_secs(61)), "61s");
        // As `as_millis()` would give, past what a `u64` of milliseconds holds.
        assert_eq!(
            format_duration(Duration::new(u64::MAX, 1_000_000)),
            format!("{}ms", Duration::new(u64::MAX, 1_000_000).as_millis())
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB").unwrap(), 64 << 20);
        assert_eq!(parse_size("64M").unwrap(), 64 << 20);
        assert_eq!(parse_size("1GiB").unwrap(), 1 << 30);
        assert_eq!(parse_size("100MB").unwrap(), 100_000_000);
        assert_eq!(parse_size("4096").unwrap(), 4096);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999999TiB").is_err());
        assert_eq!(format_size(3 << 20), "3.0 MiB");
    }
}
