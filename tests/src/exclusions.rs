//! The suite's one list of excluded tests, tests/exclusions (`SUITE | TEST |
//! REASON` per line, `#` comments; scripts/exclusions reads the same file):
//! the boot tests take the `boot` entries, `<kernel>: <scenario>` or
//! `*: <scenario>`, leave those tests out unless BOOT_TESTS_OPTIN names
//! them, and print them with their reasons at the start of the run.

use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    pub suite: String,
    pub test: String,
    pub reason: String,
}

/// Parses the list's text; `name` is for messages.
pub fn parse(text: &str, name: &str) -> Result<Vec<Exclusion>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        match f[..] {
            [suite, test, reason]
                if !suite.is_empty() && !test.is_empty() && !reason.is_empty() =>
            {
                out.push(Exclusion {
                    suite: suite.into(),
                    test: test.into(),
                    reason: reason.into(),
                })
            }
            _ => return Err(format!("{name}:{}: want SUITE | TEST | REASON", i + 1)),
        }
    }
    Ok(out)
}

/// tests/exclusions of the checkout at `root`.
pub fn load(root: &Path) -> Result<Vec<Exclusion>, String> {
    let path = root.join("tests/exclusions");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text, &path.display().to_string())
}

/// The `boot` entry that excludes scenario `scenario` on `kernel`, if any.
pub fn boot_entry<'a>(
    list: &'a [Exclusion],
    kernel: &str,
    scenario: &str,
) -> Option<&'a Exclusion> {
    list.iter().filter(|e| e.suite == "boot").find(|e| {
        e.test
            .split_once(": ")
            .is_some_and(|(k, s)| (k == "*" || k == kernel) && s == scenario)
    })
}

/// The `boot` entries' scenario names that are not scenarios (stale).
pub fn unknown_scenarios<'a>(list: &'a [Exclusion], names: &[&str]) -> Vec<&'a str> {
    list.iter()
        .filter(|e| e.suite == "boot")
        .filter(|e| {
            !e.test
                .split_once(": ")
                .is_some_and(|(_, s)| names.contains(&s))
        })
        .map(|e| e.test.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_lookups() {
        let l = parse(
            "# c\n\nboot | *: fs btrfs | why\nboot|6.1: ro|old kernel\ncargo | a::b | slow\n",
            "x",
        )
        .unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(boot_entry(&l, "6.12", "fs btrfs").unwrap().reason, "why");
        assert_eq!(boot_entry(&l, "6.1", "ro").unwrap().reason, "old kernel");
        assert!(boot_entry(&l, "6.12", "ro").is_none());
        assert!(boot_entry(&l, "6.12", "a::b").is_none());
        assert_eq!(unknown_scenarios(&l, &["ro"]), ["*: fs btrfs"]);
        assert!(parse("boot | x |\n", "x").is_err());
        assert!(parse("boot | x\n", "x").is_err());
        // the checkout's own list parses
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        load(root).unwrap();
    }
}
