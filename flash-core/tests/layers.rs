//! The layers of flash-core depend one way: `cli` names nothing of
//! `runtime` or `ops`, `runtime` nothing of `ops`, the CLI layer uses no
//! tokio, and no two modules import each other in a circle. Read from the
//! sources, so a new import that breaks the rule fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, as a module path (`cli::parse`), with its
/// text minus comments and `#[cfg(test)]` modules.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read module");
                out.insert(module_name(&src, &path), strip(&text));
            }
        }
    }
    out
}

fn module_name(src: &Path, path: &Path) -> String {
    let rel: PathBuf = path
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] {
        return String::new();
    }
    parts.join("::")
}

/// The code without `//` comments and without a trailing test module.
fn strip(text: &str) -> String {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    match code.find("#[cfg(test)]\nmod tests") {
        Some(at) => code[..at].to_owned(),
        None => code,
    }
}

/// The modules of this crate that `code` names through `crate::…`,
/// resolved to the longest known module path.
fn imports(code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        // `crate::cli::{a, b}`: each of `a`, `b`.
        let braced = rest[path.len()..].starts_with('{');
        if braced {
            let inner: String = rest[path.len() + 1..]
                .chars()
                .take_while(|c| *c != '}')
                .collect();
            for item in inner.split(',') {
                let item = item.trim().split("::").next().unwrap_or("").trim();
                let candidate = format!("{}::{}", parts.join("::"), item);
                if known.contains(&candidate) {
                    out.insert(candidate);
                }
            }
        }
        while !parts.is_empty() {
            let candidate = parts.join("::");
            if known.contains(&candidate) {
                out.insert(candidate);
                break;
            }
            parts.pop();
        }
    }
    out
}

fn layer(module: &str) -> usize {
    match module.split("::").next() {
        Some("cli") => 0,
        Some("runtime") => 1,
        Some("ops") => 2,
        _ => 3,
    }
}

#[test]
fn no_layer_names_one_above_it() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut wrong = Vec::new();
    for (name, code) in &modules {
        for target in imports(code, &known) {
            if layer(&target) > layer(name) {
                wrong.push(format!("{name} -> {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports of a higher layer: {wrong:#?}");
}

#[test]
fn the_cli_layer_uses_no_async_runtime() {
    for (name, code) in modules() {
        if layer(&name) == 0 {
            for word in ["tokio", "tracing", "futures", "rayon"] {
                assert!(
                    !code.contains(&format!("{word}::")),
                    "{name} uses {word}: the CLI layer must build without the `async` feature"
                );
            }
        }
    }
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(name, code)| {
            let mut deps = imports(code, &known);
            deps.remove(name);
            // A parent module declaring its children is not an import.
            deps.retain(|d| !d.starts_with(&format!("{name}::")) || name.is_empty());
            (name.as_str(), deps)
        })
        .collect();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = graph[start].iter().map(String::as_str).collect();
        while let Some(m) = todo.pop() {
            if m == *start {
                panic!("`{start}` reaches itself through its imports");
            }
            if seen.insert(m) {
                todo.extend(graph.get(m).into_iter().flatten().map(String::as_str));
            }
        }
    }
}

/// The checker itself: an import found, a higher layer caught.
#[test]
fn the_checker_sees_imports() {
    let known: BTreeSet<String> = ["cli::parse", "cli::text", "runtime::context", "cli"]
        .into_iter()
        .map(String::from)
        .collect();
    let found = imports(
        "use crate::cli::text::concat; use crate::runtime::context::{Context};",
        &known,
    );
    assert!(found.contains("cli::text") && found.contains("runtime::context"));
    let found = imports("use crate::cli::{parse, text::concat};", &known);
    assert!(found.contains("cli::parse") && found.contains("cli::text"));
    assert!(layer("runtime::context") > layer("cli::parse"));
}
