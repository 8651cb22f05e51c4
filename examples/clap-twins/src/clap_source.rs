//! Where clap's examples are: the source of the `clap` package this crate
//! pins as a dev-dependency, as `cargo metadata` reports it (so a fresh
//! machine finds it through Cargo alone, downloading it if need be).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The version whose examples are the source of truth.
pub const CLAP_VERSION: &str = "4.6.10";

/// clap's `examples/` directory, found through `cargo metadata` run on
/// `manifest` (this crate's `Cargo.toml`).
pub fn examples_dir(manifest: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(manifest)
        .output()
        .map_err(|e| format!("cannot run `cargo metadata`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo metadata` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`cargo metadata` printed no JSON: {e}"))?;
    let manifest_path = clap_manifest(&metadata)?;
    let examples = Path::new(manifest_path)
        .parent()
        .map(|dir| dir.join("examples"))
        .ok_or_else(|| format!("clap's manifest has no directory: {manifest_path}"))?;
    if examples.is_dir() {
        Ok(examples)
    } else {
        Err(format!(
            "clap {CLAP_VERSION} has no examples at {}",
            examples.display()
        ))
    }
}

/// The `manifest_path` of the package `clap` at [`CLAP_VERSION`].
fn clap_manifest(metadata: &serde_json::Value) -> Result<&str, String> {
    let packages = metadata["packages"]
        .as_array()
        .ok_or("`cargo metadata` lists no packages")?;
    packages
        .iter()
        .find(|p| p["name"] == "clap" && p["version"] == CLAP_VERSION)
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or_else(|| format!("`cargo metadata` lists no clap {CLAP_VERSION}"))
}

/// This crate's manifest, where it was built.
pub fn own_manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_pinned_clap_among_the_packages() {
        let metadata = serde_json::json!({ "packages": [
            { "name": "clap", "version": "4.6.9", "manifest_path": "/old/Cargo.toml" },
            { "name": "clap", "version": "4.6.10", "manifest_path": "/reg/clap-4.6.10/Cargo.toml" },
        ]});
        assert_eq!(
            super::clap_manifest(&metadata),
            Ok("/reg/clap-4.6.10/Cargo.toml")
        );
        let none = serde_json::json!({ "packages": [] });
        assert!(super::clap_manifest(&none).is_err());
    }
}
