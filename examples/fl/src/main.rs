//! `fl`: the flash showcase. Everyday file tools, each as fast as the one
//! you would otherwise reach for and byte-for-byte compatible with it:
//!
//! ```text
//! fl cat FILE...              like cat        (stream: kernel copies, in order)
//! fl cp SRC... DST            like cp         (io: kernel copy, atomic)
//! fl hash FILE...             like b3sum      (cpu: BLAKE3 on all cores)
//! fl encrypt [-o OUT] FILE    passphrase encryption (cpu: parallel STREAM)
//! fl decrypt [-o OUT] FILE
//! fl wc [FILE...]             like wc, LC_ALL=C (stream: all cores, flat memory)
//! fl docs DIR                 its own man pages and Markdown reference (hidden)
//! ```
//!
//! Run `cargo run --release -p fl -- --help`.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use flash::ops::crypto::Passphrase;
use flash::{Context, Error, Result};

mod b3sum;
mod gnu_wc;

use gnu_wc::{count_file, format_wc_line, wc_width, WcCounts};

/// Concatenate files to standard output, like `cat`.
///
/// The files go to stdout one after the other in the kernel where it can
/// (copy_file_range to a file, splice to a pipe), as cat does. `-`, or no
/// FILE at all, is standard input. A file that cannot be read is reported
/// and skipped; the others are still printed (exit 1).
// `stream`, not `io`: the copy runs on one blocking task, so the worker
// threads of `io` would only add to the start-up (measured 0.4 ms).
#[flash::cmd(run_async, model = stream)]
async fn cat(
    ctx: &Context,
    /// Files to print, in order [default: standard input]
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
) -> Result<()> {
    let files = if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files
    };
    let mut out = ctx.stdout();
    let done = flash::ops::fs::concat_files(ctx, &files, &mut out).await?;
    report_failures(ctx, done.failed)
}

/// Copy files, like `cp`: `fl cp SRC DST` or `fl cp SRC... DIR`.
///
/// The data is copied in the kernel (copy_file_range) where the OS allows,
/// into a temp file beside the target that is renamed into place when
/// complete: an error, Ctrl-C or a timeout never leaves a partial file.
///
/// DST is opened as cp opens it, so a symlink is followed only where the
/// kernel lets it be (fs.protected_symlinks) and a file you may not write
/// is refused. What differs from cp: a replaced DST is a new file with
/// DST's mode and group, but not its ACLs or extended attributes. Where a
/// rename would change more, DST is written in place, as cp does, and is
/// then left partial if interrupted: a DST that is not a regular file
/// (/dev/null, a FIFO, /dev/stdout), with other hard links, owned by
/// another user, or in a directory where no temp file can be created. A
/// symlink DST is written through (the file it names is replaced; a
/// dangling one is refused).
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
            Ok(h) => out.write_all(b3sum::format_b3sum_line(&h, path).as_bytes())?,
            Err(e) => failed.push(e),
        }
    }
    out.flush()?;
    report_failures(ctx, failed)
}

/// Encrypt a file with a passphrase.
///
/// Argon2id derives the key; XChaCha20-Poly1305 seals 64 KiB chunks in
/// parallel. The passphrase comes from `--passphrase-file` (its first line,
/// at most 4096 bytes) or `FL_PASSPHRASE`. OUT may not be FILE itself.
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
    flash::ops::crypto::encrypt_file(ctx, &file, &output, passphrase.as_bytes()).await?;
    Ok(())
}

/// Decrypt a file made by `fl encrypt`.
///
/// Every chunk is authenticated: tampering, truncation, reordering or a wrong
/// passphrase is an error, and no output file is left behind. The output is
/// readable by its owner only (mode 0600).
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
    flash::ops::crypto::decrypt_file(ctx, &file, &output, passphrase.as_bytes()).await?;
    Ok(())
}

/// Print line, word and byte counts, like `wc` under `LC_ALL=C`.
///
/// Reads standard input when no file is given (or for `-`). A regular file
/// is counted on all cores; memory stays flat whatever the input size.
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
    // GNU wc sizes its columns from a `stat` of every input, made first.
    let metas: Vec<_> = files.iter().map(|p| input_metadata(p)).collect();
    let width = wc_width(&metas);
    let mut out = ctx.stdout();
    let mut total = WcCounts::default();
    let mut failed = Vec::new();
    for path in &files {
        let counts = match open_input(path) {
            Ok(file) => match count_file(ctx, file).await {
                Ok(counts) => counts,
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                // As GNU wc: an input that opened but could not be read (a
                // directory) still gets its line, with what was counted.
                Err(e) => {
                    failed.push(with_path(e, path));
                    WcCounts::default()
                }
            },
            // A stdin that cannot be had (no descriptor left) still gets
            // its line of zeros, as in GNU wc (which fails on reading it,
            // not on opening it).
            Err(e) if path == Path::new("-") => {
                failed.push(e);
                WcCounts::default()
            }
            Err(e) => {
                failed.push(e);
                continue;
            }
        };
        total += counts;
        let name = named.then(|| path.to_string_lossy());
        out.write_all(format_wc_line(&counts, width, name.as_deref()).as_bytes())?;
    }
    if files.len() > 1 {
        out.write_all(format_wc_line(&total, width, Some("total")).as_bytes())?;
    }
    out.flush()?;
    report_failures(ctx, failed)
}

/// What GNU wc's width sees of an input: `stat` of a name, `fstat` of
/// standard input for `-`; `None` when that fails.
fn input_metadata(path: &Path) -> Option<std::fs::Metadata> {
    if path == Path::new("-") {
        stdin_file().ok()?.metadata().ok()
    } else {
        std::fs::metadata(path).ok()
    }
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
    // A plain `File` on fd 0: unbuffered reads, and `fstat` for the width.
    flash::ops::fs::stdin_file()
}

#[cfg(not(unix))]
fn stdin_file() -> Result<File> {
    Err(Error::validation(
        "reading standard input is only supported on unix",
    ))
}

fn with_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Io { path: None, source } => Error::fs(path, source),
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
/// `FL_PASSPHRASE` environment variable; wiped from memory when dropped.
fn passphrase(file: Option<&Path>) -> Result<Passphrase> {
    match file {
        Some(path) => Passphrase::from_file(path),
        None => Passphrase::from_env("FL_PASSPHRASE")?.ok_or_else(|| {
            Error::validation("no passphrase: pass `--passphrase-file F` or set `FL_PASSPHRASE`")
        }),
    }
}

/// Write fl's manual: a man page per command and a Markdown reference.
///
/// DIR gets `fl.1`, `fl-cat.1`, ... (read one with `man DIR/fl-cat.1`) and
/// `fl.md`, all made from the same tables as `--help`.
#[flash::cmd(run, hidden)]
fn docs(
    ctx: &Context,
    /// Where to write the pages (made if missing)
    dir: PathBuf,
) -> Result<()> {
    let app = app();
    app.man_pages(&dir).map_err(|e| Error::fs(&dir, e))?;
    let reference = dir.join("fl.md");
    std::fs::write(&reference, app.markdown()).map_err(|e| Error::fs(&reference, e))?;
    writeln!(
        ctx.stdout(),
        "wrote fl's man pages and fl.md into {}",
        dir.display()
    )?;
    Ok(())
}

fn app() -> flash::App {
    flash::app! {
        name: "fl",
        about: "Fast file tools built with flash: cat, cp, hash, encrypt, decrypt, wc",
        logging: true,
        commands: [cat, cp, hash, encrypt, decrypt, wc, docs],
    }
}

fn main() -> std::process::ExitCode {
    app().run()
}
