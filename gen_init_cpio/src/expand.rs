//! `${VAR}` expansion in a `file` line's location, as the kernel's tool does it.
//!
//! The kernel's tool replaces the first `${NAME}` that has a closing brace
//! with the variable's value (empty when unset) and starts over from the
//! beginning, so a value that itself contains `${...}` is expanded again. We
//! do the same, but refuse results longer than PATH_MAX instead of truncating
//! them, and refuse expansions that never end.

use crate::error::{Error, Result};
use crate::newc::PATH_MAX;

/// How many substitutions one location may take before we call it a loop.
const MAX_EXPANSIONS: usize = 4096;

/// Expands `${VAR}` in `location`, looking variables up with `lookup`.
pub fn expand_with(location: &[u8], lookup: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Result<Vec<u8>> {
    let mut cur = location.to_vec();
    for _ in 0..MAX_EXPANSIONS {
        let Some(start) = find(&cur, b"${") else {
            return Ok(cur);
        };
        let Some(close) = cur[start + 2..].iter().position(|&b| b == b'}') else {
            return Ok(cur);
        };
        let end = start + 2 + close;
        let value = lookup(&cur[start + 2..end]).unwrap_or_default();
        let mut next = Vec::with_capacity(start + value.len() + cur.len() - end);
        next.extend_from_slice(&cur[..start]);
        next.extend_from_slice(&value);
        next.extend_from_slice(&cur[end + 1..]);
        if next.len() >= PATH_MAX {
            return Err(Error::new(format!(
                "location '{}' is longer than {} bytes after ${{}} expansion",
                String::from_utf8_lossy(location),
                PATH_MAX - 1
            )));
        }
        cur = next;
    }
    Err(Error::new(format!(
        "location '{}' does not stop expanding (a variable refers to itself?)",
        String::from_utf8_lossy(location)
    )))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &[u8]) -> Option<Vec<u8>> {
        match name {
            b"A" => Some(b"/a".to_vec()),
            b"NEST" => Some(b"${A}/n".to_vec()),
            b"LOOP" => Some(b"${LOOP}".to_vec()),
            b"BIG" => Some(vec![b'x'; 3000]),
            _ => None,
        }
    }

    #[test]
    fn expands() {
        assert_eq!(expand_with(b"${A}/f", env).unwrap(), b"/a/f");
        assert_eq!(expand_with(b"x${UNSET}y", env).unwrap(), b"xy");
        assert_eq!(expand_with(b"${NEST}", env).unwrap(), b"/a/n");
        assert_eq!(expand_with(b"${A", env).unwrap(), b"${A");
        assert_eq!(expand_with(b"}${A}", env).unwrap(), b"}/a");
        assert_eq!(expand_with(b"${}z", env).unwrap(), b"z");
        assert_eq!(expand_with(b"plain", env).unwrap(), b"plain");
    }

    #[test]
    fn refuses_loops_and_overlong() {
        assert!(expand_with(b"${LOOP}", env).is_err());
        assert!(expand_with(b"${BIG}${BIG}", env).is_err());
    }
}
