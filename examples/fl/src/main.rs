//! `fl`: the flash showcase. Everyday file tools, each as fast as the one
//! you would otherwise reach for and byte-for-byte compatible with it:
//!
//! ```text
//! fl cat FILE...              like cat        (io: concurrent reads, in order)
//! fl cp SRC... DST            like cp         (io: kernel copy, atomic)
//! fl hash FILE...             like b3sum      (cpu: BLAKE3 on all cores)
//! fl encrypt [-o OUT] FILE    passphrase encryption (cpu: parallel STREAM)
//! fl decrypt [-o OUT] FILE
//! fl wc [FILE...]             like wc, LC_ALL=C (stream: flat memory)
//! ```
//!
//! Run `cargo run --release -p fl -- --help`.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use flash::ops::stream::{format_wc_line, wc_width, WcCounts};
use flash::{Context, Error, Result};

/// Concatenate files to standard output, like `cat`.
///
/// Files are read concurrently (at most `--max-concurrency` at once) and
/// written in order; large files go to stdout in the kernel when it can.
#[flash::cmd(run_async, model = io)]
async fn cat(
    ctx: &Context,
    /// Files to print, in order
    #[arg(required, value_name = "FILE")]
    files: Vec<PathBuf>,
) -> Result<()> {
    let mut out = ctx.stdout();
    flash::ops::fs::concat_files(ctx, &files, &mut out).await?;
    Ok(())
}

/// Copy files, like `cp`: `fl cp SRC DST` or `fl cp SRC... DIR`.
///
/// The data is copied in the kernel (copy_file_range) where the OS allows,
/// into a temp file beside the target that is renamed into place when
/// complete: an error or Ctrl-C never leaves a partial file.
#[flash::cmd(run_async, model = io)]
async fn cp(
    ctx: &Context,
    /// Sources, then the destination file or directory
    #[arg(required, value_name = "PATH")]
    paths: Vec<PathBuf>,
) -> Result<()> {
    let Some((dst, srcs)) = paths.split_last().filter(|(_, srcs)| !srcs.is_empty()) else {
        return Err(Error::validation(format!(
            "missing destination file operand after `{}`",
            paths
                .first()
                .map_or(String::new(), |p| p.display().to_string())
        )));
    };
    flash::ops::fs::copy_files(ctx, srcs, dst).await?;
    Ok(())
}

/// Print the BLAKE3 hash of each file, like `b3sum`.
///
/// Large files are hashed on all cores, many small files in parallel.
#[flash::cmd(run_async, model = cpu)]
async fn hash(
    ctx: &Context,
    /// Files to hash
    #[arg(required, value_name = "FILE")]
    files: Vec<PathBuf>,
) -> Result<()> {
    let results = flash::ops::hash::hash_files(ctx, &files).await?;
    let mut out = ctx.stdout();
    let mut failed = Vec::new();
    for (path, result) in files.iter().zip(results) {
        match result {
            Ok(h) => out.write_all(flash::ops::hash::format_b3sum_line(&h, path).as_bytes())?,
            Err(e) => failed.push(e),
        }
    }
    out.flush()?;
    report_failures(ctx, failed)
}

/// Encrypt a file with a passphrase.
///
/// Argon2id derives the key; XChaCha20-Poly1305 seals 64 KiB chunks in
/// parallel. The passphrase comes from `--passphrase-file` or `FL_PASSPHRASE`.
#[flash::cmd(run_async, model = cpu)]
async fn encrypt(
    ctx: &Context,
    /// File to encrypt
    file: PathBuf,
    /// Where to write [default: FILE.fl]
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Read the passphrase from this file (its first line)
    #[arg(long, value_name = "F")]
    passphrase_file: Option<PathBuf>,
) -> Result<()> {
    let passphrase = passphrase(passphrase_file.as_deref())?;
    let output = output.unwrap_or_else(|| {
        let mut name = file.clone().into_os_string();
        name.push(".fl");
        PathBuf::from(name)
    });
    flash::ops::crypto::encrypt_file(ctx, &file, &output, &passphrase).await?;
    Ok(())
}

/// Decrypt a file made by `fl encrypt`.
///
/// Every chunk is authenticated: tampering, truncation, reordering or a wrong
/// passphrase is an error, and no output file is left behind.
#[flash::cmd(run_async, model = cpu)]
async fn decrypt(
    ctx: &Context,
    /// File to decrypt
    file: PathBuf,
    /// Where to write [default: FILE without its `.fl`]
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Read the passphrase from this file (its first line)
    #[arg(long, value_name = "F")]
    passphrase_file: Option<PathBuf>,
) -> Result<()> {
    let passphrase = passphrase(passphrase_file.as_deref())?;
    let output = match output {
        Some(output) => output,
        None if file.extension().is_some_and(|e| e == "fl") => file.with_extension(""),
        None => {
            return Err(Error::validation(format!(
                "`{}` does not end in `.fl`; pass `-o OUT` to name the output",
                file.display()
            )))
        }
    };
    flash::ops::crypto::decrypt_file(ctx, &file, &output, &passphrase).await?;
    Ok(())
}

/// Print line, word and byte counts, like `wc` under `LC_ALL=C`.
///
/// Reads standard input when no file is given (or for `-`). Memory stays
/// flat whatever the input size.
#[flash::cmd(run_async, model = stream)]
async fn wc(
    ctx: &Context,
    /// Files to count [default: standard input]
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
) -> Result<()> {
    let named = !files.is_empty();
    let files = if named {
        files
    } else {
        vec![PathBuf::from("-")]
    };
    // Open everything first: GNU wc sizes its columns from all inputs.
    let inputs: Vec<Result<File>> = files.iter().map(|p| open_input(p)).collect();
    let metas: Vec<_> = inputs
        .iter()
        .map(|f| f.as_ref().ok().and_then(|f| f.metadata().ok()))
        .collect();
    let width = wc_width(&metas);
    let mut out = ctx.stdout();
    let mut total = WcCounts::default();
    let mut failed = Vec::new();
    for (path, input) in files.iter().zip(inputs) {
        let counts = match input {
            Ok(file) => flash::ops::stream::wc(ctx, file)
                .await
                .map_err(|e| with_path(e, path)),
            Err(e) => Err(e),
        };
        match counts {
            Ok(counts) => {
                total += counts;
                let name = named.then(|| path.to_string_lossy());
                out.write_all(format_wc_line(&counts, width, name.as_deref()).as_bytes())?;
            }
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(e) => failed.push(e),
        }
    }
    if files.len() > 1 {
        out.write_all(format_wc_line(&total, width, Some("total")).as_bytes())?;
    }
    out.flush()?;
    report_failures(ctx, failed)
}

fn open_input(path: &Path) -> Result<File> {
    if path == Path::new("-") {
        stdin_file()
    } else {
        File::open(path).map_err(|e| Error::fs(path, e))
    }
}

#[cfg(unix)]
fn stdin_file() -> Result<File> {
    use std::os::fd::AsFd;
    // A plain `File` on fd 0: unbuffered reads, and `fstat` for the width.
    let fd = std::io::stdin().as_fd().try_clone_to_owned()?;
    Ok(File::from(fd))
}

#[cfg(not(unix))]
fn stdin_file() -> Result<File> {
    Err(Error::validation(
        "reading standard input is only supported on unix",
    ))
}

fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Filesystem { path: None, source } => Error::fs(path, source),
        other => other,
    }
}

/// Prints every failure but the last on stderr (as `wc` and `b3sum` go on
/// past a bad input) and returns the last one as the command's error.
fn report_failures(ctx: &Context, mut failed: Vec<Error>) -> Result<()> {
    let Some(last) = failed.pop() else {
        return Ok(());
    };
    let mut err = ctx.stderr();
    for e in failed {
        writeln!(err, "error: {e}")?;
    }
    Err(last)
}

/// The passphrase from `--passphrase-file` (its first line) or from the
/// `FL_PASSPHRASE` environment variable.
fn passphrase(file: Option<&Path>) -> Result<Vec<u8>> {
    let bytes = match file {
        Some(path) => {
            let mut text = std::fs::read(path).map_err(|e| Error::fs(path, e))?;
            if let Some(end) = text.iter().position(|&b| b == b'\n') {
                text.truncate(end);
            }
            if text.last() == Some(&b'\r') {
                text.pop();
            }
            text
        }
        None => match std::env::var_os("FL_PASSPHRASE") {
            Some(value) => value.into_encoded_bytes(),
            None => {
                return Err(Error::validation(
                    "no passphrase: pass `--passphrase-file F` or set `FL_PASSPHRASE`",
                ))
            }
        },
    };
    if bytes.is_empty() {
        return Err(Error::validation("the passphrase is empty"));
    }
    Ok(bytes)
}

fn main() -> std::process::ExitCode {
    flash::app! {
        name: "fl",
        about: "Fast file tools built with flash: cat, cp, hash, encrypt, decrypt, wc",
        commands: [cat, cp, hash, encrypt, decrypt, wc],
    }
    .run()
}
