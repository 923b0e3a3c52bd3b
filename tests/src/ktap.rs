//! KTAP output: the header, one `ok`/`not ok` line per scenario with `# `
//! diagnostics, and the closing `N passed, N failed` line that CI reads.

use std::io::Write;

/// Counts results and prints them as they come.
#[derive(Default)]
pub struct Ktap {
    next: usize,
    pub passed: usize,
    pub failed: usize,
}

/// The header for a run of `total` tests.
pub fn header(total: usize) -> String {
    format!("KTAP version 1\n1..{total}\n")
}

/// One result line plus its diagnostics (each line prefixed `# `).
pub fn result_lines(number: usize, name: &str, ok: bool, diagnostics: &str) -> String {
    let mut out = String::new();
    for line in diagnostics.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    let status = if ok { "ok" } else { "not ok" };
    // A `#` in a test name would start a directive: keep names plain.
    let name = name.replace('#', "_");
    out.push_str(&format!("{status} {number} {name}\n"));
    out
}

impl Ktap {
    pub fn start(total: usize) -> Ktap {
        print!("{}", header(total));
        flush();
        Ktap::default()
    }

    pub fn report(&mut self, name: &str, ok: bool, diagnostics: &str) {
        self.next += 1;
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        print!("{}", result_lines(self.next, name, ok, diagnostics));
        flush();
    }

    /// The plain closing line.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

/// Lines printed as they are (a test's subtests, already indented).
pub fn raw(text: &str) {
    print!("{text}");
    flush();
}

/// A diagnostic line outside any result.
pub fn diag(text: &str) {
    for line in text.lines() {
        println!("# {line}");
    }
    flush();
}

fn flush() {
    let _ = std::io::stdout().flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_results() {
        assert_eq!(header(3), "KTAP version 1\n1..3\n");
        assert_eq!(
            result_lines(1, "6.12 root=/dev/vda", true, ""),
            "ok 1 6.12 root=/dev/vda\n"
        );
        assert_eq!(
            result_lines(2, "a#b", false, "line one\nline two"),
            "# line one\n# line two\nnot ok 2 a_b\n"
        );
    }

    #[test]
    fn summary_counts() {
        let mut k = Ktap::default();
        k.report("a", true, "");
        k.report("b", false, "why");
        k.report("c", true, "");
        assert_eq!(k.summary(), "2 passed, 1 failed");
    }
}
