//! Writes a json::Value as block-style YAML, the form LAVA job definitions
//! and device dictionaries are read and reviewed in. Strings are single-
//! quoted (nothing is escaped in them but the quote, so regexes stay as
//! written), or double-quoted with JSON escapes when they hold control
//! characters.

use crate::json::{self, Value};

pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Map(m) if !m.is_empty() => map(m, 0, &mut out),
        Value::List(l) if !l.is_empty() => list(l, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Str(s) => string(s),
        Value::Map(_) => "{}".into(),
        Value::List(_) => "[]".into(),
        Value::Null => "null".into(),
        other => other.to_json(),
    }
}

fn string(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        let mut out = String::new();
        json::write_str(s, &mut out);
        out
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Keys stay plain when they are simple words.
fn key(k: &str) -> String {
    let plain = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(k, "true" | "false" | "null" | "yes" | "no" | "on" | "off");
    if plain {
        k.to_string()
    } else {
        string(k)
    }
}

fn is_block(v: &Value) -> bool {
    match v {
        Value::Map(m) => !m.is_empty(),
        Value::List(l) => !l.is_empty(),
        _ => false,
    }
}

fn map(m: &[(String, Value)], indent: usize, out: &mut String) {
    for (k, v) in m {
        out.push_str(&" ".repeat(indent));
        entry(k, v, indent, out);
    }
}

/// `key: value` at the current position, nested blocks below it.
fn entry(k: &str, v: &Value, indent: usize, out: &mut String) {
    out.push_str(&key(k));
    out.push(':');
    match v {
        Value::Map(m) if !m.is_empty() => {
            out.push('\n');
            map(m, indent + 2, out);
        }
        Value::List(l) if !l.is_empty() => {
            out.push('\n');
            list(l, indent, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn list(l: &[Value], indent: usize, out: &mut String) {
    for v in l {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match v {
            Value::Map(m) if !m.is_empty() => {
                // The first entry on the dash's line, the others under it.
                entry(&m[0].0, &m[0].1, indent + 2, out);
                map(&m[1..], indent + 2, out);
            }
            Value::List(inner) if is_block(v) => {
                out.push('\n');
                list(inner, indent + 2, out);
            }
            other => {
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{map as m, s};

    #[test]
    fn writes_lava_shaped_yaml() {
        let v = m(vec![
            ("device_type", s("qemu")),
            (
                "actions",
                Value::List(vec![
                    m(vec![("deploy", m(vec![("to", s("tmpfs"))]))]),
                    m(vec![(
                        "test",
                        m(vec![(
                            "monitors",
                            Value::List(vec![m(vec![
                                ("name", s("boot-tests")),
                                ("pattern", s(r"(?:^|\n)kinit: it's")),
                                ("fixupdict", m(vec![("argv[0]", s("pass"))])),
                            ])]),
                        )]),
                    )]),
                ]),
            ),
            ("pass", Value::Null),
            ("n", Value::Num(256.0)),
            ("empty", Value::List(vec![])),
            ("nl", s("a\nb")),
        ]);
        let want = [
            "device_type: 'qemu'",
            "actions:",
            "- deploy:",
            "    to: 'tmpfs'",
            "- test:",
            "    monitors:",
            "    - name: 'boot-tests'",
            r"      pattern: '(?:^|\n)kinit: it''s'",
            "      fixupdict:",
            "        'argv[0]': 'pass'",
            "pass: null",
            "n: 256",
            "empty: []",
            r#"nl: "a\nb""#,
        ];
        assert_eq!(to_yaml(&v), want.map(|l| format!("{l}\n")).concat());
    }
}
