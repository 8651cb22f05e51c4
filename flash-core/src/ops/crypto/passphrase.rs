//! Passphrases: read with a bound, wiped from memory when dropped.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use zeroize::Zeroizing;

use crate::cli::error::{Error, Result};

/// A passphrase, zeroized when dropped, and never longer than
/// [`Passphrase::MAX_LEN`] bytes: reading one never takes more memory
/// than that, whatever the file (`--passphrase-file /dev/zero`).
///
/// ```
/// use flash::ops::crypto::Passphrase;
/// let p = Passphrase::new(b"correct horse".to_vec())?;
/// assert_eq!(p.as_bytes(), b"correct horse");
/// assert_eq!(format!("{p:?}"), "Passphrase(..)");
/// # Ok::<(), flash::Error>(())
/// ```
pub struct Passphrase(Zeroizing<Vec<u8>>);

impl Passphrase {
    /// The longest passphrase accepted, in bytes.
    pub const MAX_LEN: usize = 4096;

    /// A passphrase from its bytes: not empty, at most [`Self::MAX_LEN`].
    pub fn new(bytes: Vec<u8>) -> Result<Self> {
        let bytes = Zeroizing::new(bytes);
        if bytes.is_empty() {
            return Err(Error::validation("the passphrase is empty"));
        }
        if bytes.len() > Self::MAX_LEN {
            return Err(Error::validation(format!(
                "the passphrase is longer than {} bytes",
                Self::MAX_LEN
            )));
        }
        Ok(Passphrase(bytes))
    }

    /// The first line of the file at `path` (without its `\n` or `\r\n`).
    /// At most [`Self::MAX_LEN`] + 1 bytes are read: a first line longer
    /// than that is refused. Reading stops at the end of the first line:
    /// a FIFO or a terminal whose writer keeps it open
    /// (`--passphrase-file <(pass show key)`, a named pipe) gives its line
    /// without its end being awaited.
    pub fn from_file(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::fs(path, e))?;
        let mut buf = Zeroizing::new([0u8; Self::MAX_LEN + 1]);
        let filled = first_line(file, &mut buf[..]).map_err(|e| Error::fs(path, e))?;
        let line = match buf[..filled].iter().position(|&b| b == b'\n') {
            Some(end) => &buf[..end],
            None if filled > Self::MAX_LEN => {
                return Err(Error::validation(format!(
                    "`{}`: the passphrase (its first line) is longer than {} bytes",
                    path.display(),
                    Self::MAX_LEN
                )))
            }
            None => &buf[..filled],
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return Err(Error::validation(format!(
                "`{}`: the passphrase (its first line) is empty",
                path.display()
            )));
        }
        Ok(Passphrase(Zeroizing::new(line.to_vec())))
    }

    /// The value of the environment variable `var`, or `None` when it is
    /// unset or empty (an empty variable counts as unset).
    pub fn from_env(var: &str) -> Result<Option<Self>> {
        let Some(value) = std::env::var_os(var) else {
            return Ok(None);
        };
        let bytes = Zeroizing::new(value.into_encoded_bytes());
        if bytes.is_empty() {
            return Ok(None);
        }
        if bytes.len() > Self::MAX_LEN {
            return Err(Error::validation(format!(
                "`{var}` is longer than {} bytes",
                Self::MAX_LEN
            )));
        }
        Ok(Some(Passphrase(bytes)))
    }

    /// The passphrase's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

/// Reads into `buf` until a line has ended in it, it is full, or the
/// input ends; returns the bytes read.
fn first_line(mut input: impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => {
                let ended = buf[filled..filled + n].contains(&b'\n');
                filled += n;
                if ended {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, data: &[u8]) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("flash-passphrase-{name}-{}", std::process::id()));
        std::fs::write(&path, data).expect("write");
        path
    }

    #[test]
    fn the_first_line_is_the_passphrase() {
        for (data, want) in [
            (&b"hunter2\n"[..], &b"hunter2"[..]),
            (b"hunter2\r\nsecond line", b"hunter2"),
            (b"no newline", b"no newline"),
        ] {
            let path = file("line", data);
            let p = Passphrase::from_file(&path).expect("passphrase");
            assert_eq!(p.as_bytes(), want);
            std::fs::remove_file(&path).expect("rm");
        }
    }

    #[test]
    fn long_empty_and_endless_files_are_refused() {
        let exact = vec![b'x'; Passphrase::MAX_LEN];
        let path = file("exact", &exact);
        assert_eq!(
            Passphrase::from_file(&path)
                .expect("at the limit")
                .as_bytes(),
            &exact[..]
        );
        // A long tail after a short first line is never read.
        let mut tail = b"short\n".to_vec();
        tail.extend(vec![b'y'; 10 * Passphrase::MAX_LEN]);
        std::fs::write(&path, &tail).expect("write");
        assert_eq!(
            Passphrase::from_file(&path).expect("short").as_bytes(),
            b"short"
        );
        for data in [&[b'x'; Passphrase::MAX_LEN + 1][..], b"\n", b"\r\n", b""] {
            std::fs::write(&path, data).expect("write");
            assert!(Passphrase::from_file(&path).is_err(), "{}", data.len());
        }
        std::fs::remove_file(&path).expect("rm");
        #[cfg(unix)]
        {
            let err = Passphrase::from_file(Path::new("/dev/zero")).expect_err("endless");
            assert!(err.to_string().contains("longer than 4096"), "{err}");
        }
        assert!(Passphrase::new(Vec::new()).is_err());
        assert!(Passphrase::new(vec![1; Passphrase::MAX_LEN + 1]).is_err());
    }

    /// A reader that gives its line and then never ends (as a FIFO whose
    /// writer stays open): reading one more time would be a failure.
    struct Endless(Option<&'static [u8]>);

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let data = self.0.take().expect("read again after the first line");
            buf[..data.len()].copy_from_slice(data);
            Ok(data.len())
        }
    }

    #[test]
    fn reading_stops_at_the_end_of_the_first_line() {
        let mut buf = [0u8; Passphrase::MAX_LEN + 1];
        let n = first_line(Endless(Some(b"hunter2\n")), &mut buf).expect("read");
        assert_eq!(&buf[..n], b"hunter2\n");
    }
}
