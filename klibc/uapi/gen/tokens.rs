//! A Rust lexer for bindgen's output, std only: enough of Rust's token
//! grammar (identifiers, literals, punctuation, groups, comments) to split a
//! generated file into its top-level items and to read their names, fields
//! and types, which `syn` would need crates for. Errors name the line.

/// What a token is; punctuation is one character a token (`::` is two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    /// `'a`, `'_`
    Lifetime,
    /// An integer literal, suffix and all (`9usize`, `0x10`).
    Int,
    /// A float, string, byte string, char or byte literal.
    Literal,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub(crate) kind: Kind,
    pub(crate) text: &'a str,
    /// Byte offset of the token in the source.
    pub(crate) start: usize,
}

impl Token<'_> {
    pub(crate) fn is(&self, text: &str) -> bool {
        self.text == text
    }

    pub(crate) fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// An integer literal's value, whatever its radix, `_`s and suffix.
    pub(crate) fn int_value(&self) -> Option<u128> {
        if self.kind != Kind::Int {
            return None;
        }
        int_value(self.text)
    }
}

fn int_value(text: &str) -> Option<u128> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let (radix, body) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, &digits[..]),
    };
    let end = body
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(body.len());
    let (number, suffix) = body.split_at(end);
    const SUFFIXES: &[&str] = &[
        "", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    if number.is_empty() || !SUFFIXES.contains(&suffix) {
        return None;
    }
    u128::from_str_radix(number, radix).ok()
}

/// The 1-based line of byte offset `at`.
pub(crate) fn line_of(src: &str, at: usize) -> usize {
    src[..at.min(src.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Splits `src` into tokens (comments and whitespace dropped) and checks
/// that `()`, `[]` and `{}` pair up. An error reads `LINE: what`.
pub(crate) fn lex(src: &str) -> Result<Vec<Token<'_>>, String> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    let err = |at: usize, what: &str| format!("{}: {what}", line_of(src, at));
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let kind = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in Rust.
                let mut depth = 0;
                loop {
                    match (bytes.get(i), bytes.get(i + 1)) {
                        (Some(b'/'), Some(b'*')) => {
                            depth += 1;
                            i += 2;
                        }
                        (Some(b'*'), Some(b'/')) => {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        }
                        (Some(_), _) => i += 1,
                        (None, _) => return Err(err(start, "unterminated comment")),
                    }
                }
                continue;
            }
            b'b' if bytes.get(i + 1) == Some(&b'"') => {
                i = string_end(bytes, i + 1).ok_or_else(|| err(start, "unterminated string"))?;
                Kind::Literal
            }
            b'b' if bytes.get(i + 1) == Some(&b'\'') => {
                i = char_end(bytes, i + 1).ok_or_else(|| err(start, "bad byte literal"))?;
                Kind::Literal
            }
            b'r' | b'b' if raw_string_start(bytes, i).is_some() => {
                i = raw_string_start(bytes, i)
                    .and_then(|(hashes, body)| raw_string_end(bytes, body, hashes))
                    .ok_or_else(|| err(start, "unterminated raw string"))?;
                Kind::Literal
            }
            b'"' => {
                i = string_end(bytes, i).ok_or_else(|| err(start, "unterminated string"))?;
                Kind::Literal
            }
            b'\'' => {
                // A char literal, or a lifetime (`'a` not followed by `'`).
                match char_end(bytes, i) {
                    Some(end) => {
                        i = end;
                        Kind::Literal
                    }
                    None if bytes.get(i + 1).is_some_and(|&b| ident_start(b)) => {
                        i += 1;
                        while i < bytes.len() && ident_continue(bytes[i]) {
                            i += 1;
                        }
                        Kind::Lifetime
                    }
                    None => return Err(err(start, "bad character literal")),
                }
            }
            b'0'..=b'9' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                // A float: digits `.` digits (not `1..2`, not `x.0.1` field access).
                let float = bytes.get(i) == Some(&b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                    && !src[start..i].starts_with("0x");
                if float {
                    i += 1;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric()
                            || bytes[i] == b'_'
                            || ((bytes[i] == b'+' || bytes[i] == b'-')
                                && matches!(bytes[i - 1], b'e' | b'E')))
                    {
                        i += 1;
                    }
                    Kind::Literal
                } else {
                    if int_value(&src[start..i]).is_none() {
                        return Err(err(start, &format!("bad number `{}`", &src[start..i])));
                    }
                    Kind::Int
                }
            }
            b'r' if bytes.get(i + 1) == Some(&b'#')
                && bytes.get(i + 2).is_some_and(|&b| ident_start(b)) =>
            {
                i += 2;
                while i < bytes.len() && ident_continue(bytes[i]) {
                    i += 1;
                }
                Kind::Ident
            }
            c if ident_start(c) => {
                while i < bytes.len() && ident_continue(bytes[i]) {
                    i += 1;
                }
                Kind::Ident
            }
            c if c.is_ascii_punctuation() => {
                i += 1;
                match c {
                    b'(' | b'[' | b'{' => open.push((c, start)),
                    b')' | b']' | b'}' => {
                        let want = match c {
                            b')' => b'(',
                            b']' => b'[',
                            _ => b'{',
                        };
                        match open.pop() {
                            Some((o, _)) if o == want => {}
                            _ => return Err(err(start, &format!("unmatched `{}`", c as char))),
                        }
                    }
                    _ => {}
                }
                Kind::Punct
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(err(start, &format!("unexpected character `{ch}`")));
            }
        };
        out.push(Token {
            kind,
            text: &src[start..i],
            start,
        });
    }
    if let Some((c, at)) = open.pop() {
        return Err(err(at, &format!("unclosed `{}`", c as char)));
    }
    Ok(out)
}

fn ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end (exclusive) of the `"..."` starting at `i`.
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The end of a char literal starting at the `'` at `i`, if it is one.
fn char_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    match bytes.get(j)? {
        b'\\' => {
            j += 1;
            if bytes.get(j)? == &b'u' {
                while bytes.get(j)? != &b'}' {
                    j += 1;
                }
            } else if bytes.get(j)? == &b'x' {
                j += 2;
            }
            j += 1;
        }
        b'\'' => return None,
        _ => {
            // One UTF-8 character.
            j += 1;
            while bytes.get(j).is_some_and(|&b| b & 0xc0 == 0x80) {
                j += 1;
            }
        }
    }
    (bytes.get(j)? == &b'\'').then_some(j + 1)
}

/// `r"`, `r#"`, `br"`...: the number of `#`s and where the body starts.
fn raw_string_start(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if bytes[j] == b'b' {
        j += 1;
    }
    if bytes.get(j)? != &b'r' {
        return None;
    }
    j += 1;
    let hashes = bytes[j..].iter().take_while(|&&b| b == b'#').count();
    j += hashes;
    (bytes.get(j)? == &b'"').then_some((hashes, j + 1))
}

fn raw_string_end(bytes: &[u8], mut j: usize, hashes: usize) -> Option<usize> {
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    None
}

/// The index just past the group (`(..)`, `[..]`, `{..}`) opening at `i`.
pub(crate) fn group_end(toks: &[Token<'_>], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while j < toks.len() {
        match toks[j].text {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    toks.len()
}

/// A token sequence written canonically: tokens separated by one space,
/// integer literals as plain decimals (`9usize` and `0x9` are `9`). Two
/// sources with the same canonical text are the same Rust.
pub(crate) fn canonical(toks: &[Token<'_>]) -> String {
    let mut s = String::new();
    for t in toks {
        if !s.is_empty() {
            s.push(' ');
        }
        match t.int_value() {
            Some(v) => s.push_str(&v.to_string()),
            None => s.push_str(t.text),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        lex(src).unwrap().iter().map(|t| t.text).collect()
    }

    #[test]
    fn lexes_bindgen_output() {
        assert_eq!(
            texts("/* c */ # [repr (C)] pub struct s { pub a : [u8 ; 9usize] , } // x\n"),
            [
                "#", "[", "repr", "(", "C", ")", "]", "pub", "struct", "s", "{", "pub", "a", ":",
                "[", "u8", ";", "9usize", "]", ",", "}"
            ]
        );
        assert_eq!(
            texts(
                r#"pub const S: &[u8; 3] = b"a\"\0"; const C: char = '\''; fn f<'a>(x: &'a u8) {} r#type"#
            ),
            [
                "pub",
                "const",
                "S",
                ":",
                "&",
                "[",
                "u8",
                ";",
                "3",
                "]",
                "=",
                r#"b"a\"\0""#,
                ";",
                "const",
                "C",
                ":",
                "char",
                "=",
                r"'\''",
                ";",
                "fn",
                "f",
                "<",
                "'a",
                ">",
                "(",
                "x",
                ":",
                "&",
                "'a",
                "u8",
                ")",
                "{",
                "}",
                "r#type"
            ]
        );
        assert_eq!(
            texts("1.5e-3 0x1f 1..2"),
            ["1.5e-3", "0x1f", "1", ".", ".", "2"]
        );
    }

    #[test]
    fn integer_values() {
        let toks = lex("9usize 0x10 0o17 0b101 1_000u64 255u8").unwrap();
        let v: Vec<_> = toks.iter().map(|t| t.int_value().unwrap()).collect();
        assert_eq!(v, [9, 16, 15, 5, 1000, 255]);
        assert_eq!(canonical(&lex("[u8 ; 9usize]").unwrap()), "[ u8 ; 9 ]");
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(lex("a\n(b]").unwrap_err(), "2: unmatched `]`");
        assert_eq!(lex("a\n\n{").unwrap_err(), "3: unclosed `{`");
        assert_eq!(lex("\"abc").unwrap_err(), "1: unterminated string");
        assert_eq!(lex("x\n12ab").unwrap_err(), "2: bad number `12ab`");
        assert_eq!(lex("é").unwrap_err(), "1: unexpected character `é`");
        assert_eq!(lex("/* a /* b */").unwrap_err(), "1: unterminated comment");
    }
}
