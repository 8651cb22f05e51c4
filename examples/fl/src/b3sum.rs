//! `b3sum`'s output format, which `fl hash` prints byte for byte.

use std::path::Path;

use flash::ops::hash::Hash;

/// One line of `b3sum` output for `path`: `<hex>  <path>\n`. As `b3sum`
/// does, a path holding `\`, `\n` or `\r` is escaped (`\\`, `\n`, `\r`) and
/// the line then starts with a `\`.
pub fn format_b3sum_line(hash: &Hash, path: &Path) -> String {
    let name = path.to_string_lossy();
    let escaped = name.contains(['\\', '\n', '\r']);
    let mut line = String::with_capacity(name.len() + 68);
    if escaped {
        line.push('\\');
    }
    line.push_str(hash.to_hex().as_str());
    line.push_str("  ");
    if escaped {
        line.push_str(
            &name
                .replace('\\', "\\\\")
                .replace('\n', "\\n")
                .replace('\r', "\\r"),
        );
    } else {
        line.push_str(&name);
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b3sum_line_format_and_escaping() {
        let h = blake3::hash(b"");
        let hex = h.to_hex().to_string();
        assert_eq!(
            format_b3sum_line(&h, "a b.txt".as_ref()),
            format!("{hex}  a b.txt\n")
        );
        assert_eq!(
            format_b3sum_line(&h, "a\nb\\c".as_ref()),
            format!("\\{hex}  a\\nb\\\\c\n")
        );
    }
}
