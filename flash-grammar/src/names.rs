//! How names are spelt: a Rust identifier as a command, flag or value name,
//! and what makes a name valid on the command line. The macros and the
//! runtime read both from here.

/// `hash_all` → `hash-all`, `HashAll` → `hash-all` (a raw identifier loses
/// its `r#`).
pub fn kebab(ident: &str) -> String {
    let ident = ident.trim_start_matches("r#").trim_matches('_');
    let mut out = String::with_capacity(ident.len() + 4);
    let mut prev_lower = false;
    for c in ident.chars() {
        if c == '_' {
            out.push('-');
            prev_lower = false;
        } else if c.is_uppercase() {
            if prev_lower {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// `out_dir` → `OUT_DIR`: a value name.
pub fn upper(ident: &str) -> String {
    ident
        .trim_start_matches("r#")
        .trim_matches('_')
        .to_ascii_uppercase()
}

/// Why `name` cannot be a command name or alias, if it cannot: empty, a
/// leading `-`, whitespace or `=`.
pub fn check_command_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty()
        || name.starts_with('-')
        || name.chars().any(|c| c.is_whitespace() || c == '=')
    {
        Err("a non-empty word without spaces, `=` or a leading `-`")
    } else {
        Ok(())
    }
}

/// Why `name` cannot be a long flag (`--name`), if it cannot.
pub fn check_long(name: &str) -> Result<(), &'static str> {
    if name.is_empty()
        || name.starts_with('-')
        || name.chars().any(|c| c.is_whitespace() || c == '=')
    {
        Err("a word without leading dashes, spaces or `=`")
    } else {
        Ok(())
    }
}

/// Whether `c` can be a short flag (`-c`).
pub fn valid_short(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        assert_eq!(kebab("hash_all"), "hash-all");
        assert_eq!(kebab("r#type"), "type");
        assert_eq!(kebab("_private_"), "private");
        assert_eq!(kebab("HashAll"), "hash-all");
        assert_eq!(kebab("Json"), "json");
        assert_eq!(kebab("Utf8Text"), "utf8-text");
        assert_eq!(upper("out_dir"), "OUT_DIR");
    }

    #[test]
    fn names() {
        assert!(check_command_name("add").is_ok());
        assert!(check_command_name("-x").is_err());
        assert!(check_command_name("a b").is_err());
        assert!(check_command_name("").is_err());
        assert!(check_long("out-dir").is_ok());
        assert!(check_long("--x").is_err());
        assert!(valid_short('n') && valid_short('1') && !valid_short('-'));
    }
}
