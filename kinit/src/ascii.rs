//! Case-insensitive ASCII comparison as a plain byte loop. `<[u8]>::
//! eq_ignore_ascii_case` is written for speed on long inputs (chunked), and
//! costs about 400 bytes of kinit; what kinit compares this way (UUIDs,
//! capability names) is a few dozen bytes.

/// Whether `a` and `b` are equal, ignoring ASCII case.
pub fn eq_nocase(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

#[cfg(test)]
mod tests {
    use super::eq_nocase;

    #[test]
    fn agrees_with_core() {
        let words: [&[u8]; 8] = [
            b"",
            b"a",
            b"A",
            b"cap_",
            b"CAP_",
            b"Cap_x",
            b"\xc3\xa9",
            b"\xc3\x89",
        ];
        for a in words {
            for b in words {
                assert_eq!(eq_nocase(a, b), a.eq_ignore_ascii_case(b), "{a:?} {b:?}");
            }
        }
    }
}
