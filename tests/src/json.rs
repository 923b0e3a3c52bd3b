//! A JSON value tree with a reader and a writer: KCIDB reports are JSON,
//! and lava-run logs one YAML flow mapping per line in PyYAML's
//! double-quoted style — JSON but for `!` tags (`! "null"`, `! "42"`: strings
//! to YAML, read here as such) and YAML's extra escapes, which the reader
//! also takes. yaml.rs writes the same tree as LAVA's block YAML. No crate
//! for it (only a few are allowed here), and only what those uses need.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Value>),
    /// Keys in the order written.
    Map(Vec<(String, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A number, or a string holding one (LAVA writes measurements as either).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            Value::Str(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// Writes compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Num(n) => write_num(*n, out),
            Value::Str(s) => write_str(s, out),
            Value::List(l) => {
                out.push('[');
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Shorthands for building trees.
pub fn s(text: impl Into<String>) -> Value {
    Value::Str(text.into())
}

pub fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn write_num(n: f64, out: &mut String) {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        let _ = write!(out, "{}", n as i64);
    } else if n.is_finite() {
        let _ = write!(out, "{n}");
    } else {
        out.push_str("null");
    }
}

pub fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads one JSON text; an error names the offset.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        text,
    };
    let v = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("trailing text at byte {}", p.i));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && b" \t\r\n".contains(&self.s[self.i]) {
            self.i += 1;
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.i))
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.ws();
        match self.s.get(self.i) {
            None => self.err("unexpected end"),
            Some(b'{') => {
                self.i += 1;
                let mut m = Vec::new();
                self.ws();
                if self.eat("}") {
                    return Ok(Value::Map(m));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.ws();
                    if !self.eat(":") {
                        return self.err("':' expected");
                    }
                    m.push((k, self.value()?));
                    self.ws();
                    if self.eat("}") {
                        return Ok(Value::Map(m));
                    }
                    if !self.eat(",") {
                        return self.err("',' or '}' expected");
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut l = Vec::new();
                self.ws();
                if self.eat("]") {
                    return Ok(Value::List(l));
                }
                loop {
                    l.push(self.value()?);
                    self.ws();
                    if self.eat("]") {
                        return Ok(Value::List(l));
                    }
                    if !self.eat(",") {
                        return self.err("',' or ']' expected");
                    }
                }
            }
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b'!') => {
                // A YAML tag: `!` makes the scalar after it a string.
                while self.i < self.s.len() && !b" \t\r\n".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                self.value()
            }
            Some(_) if self.eat("true") => Ok(Value::Bool(true)),
            Some(_) if self.eat("false") => Ok(Value::Bool(false)),
            Some(_) if self.eat("null") => Ok(Value::Null),
            Some(_) => {
                let start = self.i;
                while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                match self.text[start..self.i].parse() {
                    Ok(n) if self.i > start => Ok(Value::Num(n)),
                    _ => {
                        self.i = start;
                        self.err("value expected")
                    }
                }
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        if !self.eat("\"") {
            return self.err("string expected");
        }
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != b'"' && self.s[self.i] != b'\\' {
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.s.get(self.i) {
                None => return self.err("unterminated string"),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(_) => {
                    self.i += 1;
                    let Some(&e) = self.s.get(self.i) else {
                        return self.err("unterminated escape");
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' | b'\t' => out.push('\t'),
                        // YAML's, beyond JSON's.
                        b'0' => out.push('\0'),
                        b'a' => out.push('\u{7}'),
                        b'v' => out.push('\u{b}'),
                        b'e' => out.push('\u{1b}'),
                        b' ' => out.push(' '),
                        b'N' => out.push('\u{85}'),
                        b'_' => out.push('\u{a0}'),
                        b'L' => out.push('\u{2028}'),
                        b'P' => out.push('\u{2029}'),
                        b'x' => {
                            let c = self.hex(2)?;
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        b'U' => {
                            let c = self.hex(8)?;
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        b'u' => {
                            let mut c = self.hex4()?;
                            if (0xd800..0xdc00).contains(&c) && self.eat("\\u") {
                                let lo = self.hex4()?;
                                c = 0x10000
                                    + ((c - 0xd800) << 10)
                                    + (lo.wrapping_sub(0xdc00) & 0x3ff);
                            }
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        _ => return self.err("bad escape"),
                    }
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        self.hex(4)
    }

    fn hex(&mut self, n: usize) -> Result<u32, String> {
        let h = self.text.get(self.i..self.i + n);
        match h.and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(v) => {
                self.i += n;
                Ok(v)
            }
            None => self.err("bad hex escape"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_lava_log_line() {
        let v = parse(
            r#"{"dt": "2026-12-07T07:32:20.081080", "lvl": "results", "msg": {"case": "root", "definition": "boot-tests", "extra": {"test_case_id": "root"}, "level": "3.1", "result": "pass", "measurement": 1.5}}"#,
        )
        .unwrap();
        assert_eq!(v.get("lvl").and_then(Value::as_str), Some("results"));
        let msg = v.get("msg").unwrap();
        assert_eq!(msg.get("case").and_then(Value::as_str), Some("root"));
        assert_eq!(msg.get("measurement").and_then(Value::as_f64), Some(1.5));
    }

    #[test]
    fn round_trips_escapes_and_numbers() {
        let v = map(vec![
            ("a", s("q\"b\\s\n\u{1}é")),
            (
                "n",
                Value::List(vec![Value::Num(3.0), Value::Num(-0.25), Value::Null]),
            ),
            ("t", Value::Bool(true)),
        ]);
        let text = v.to_json();
        assert_eq!(
            text,
            r#"{"a":"q\"b\\s\n\u0001é","n":[3,-0.25,null],"t":true}"#
        );
        assert_eq!(parse(&text).unwrap(), v);
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap(), s("😀"));
    }

    #[test]
    fn reads_pyyaml_flow_lines() {
        let v = parse(
            r#"{"lvl": "results", "msg": {"case": "root", "measurement": ! "null", "size": ! "42", "t": "a\e[0m\x41\U0001F600\N\_"}}"#,
        )
        .unwrap();
        let msg = v.get("msg").unwrap();
        assert_eq!(msg.get("measurement"), Some(&s("null")));
        assert_eq!(msg.get("measurement").and_then(Value::as_f64), None);
        assert_eq!(msg.get("size").and_then(Value::as_f64), Some(42.0));
        assert_eq!(msg.get("t"), Some(&s("a\u{1b}[0mA😀\u{85}\u{a0}")));
    }

    #[test]
    fn bad_input_names_where() {
        assert_eq!(parse("{\"a\" 1}"), Err("':' expected at byte 5".into()));
        assert_eq!(parse("[1,]"), Err("value expected at byte 3".into()));
        assert_eq!(parse("\"abc"), Err("unterminated string at byte 4".into()));
        assert_eq!(parse("{} x"), Err("trailing text at byte 3".into()));
    }
}
