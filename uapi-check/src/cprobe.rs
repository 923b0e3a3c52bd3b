//! The C side: preprocesses klibc's helper headers and compiles probe
//! programs with the C compiler (through `cc`, so CC and CFLAGS apply as in
//! any build) against the same exported headers bindgen read, `-nostdinc`,
//! then runs them to learn what C really computes for every check.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bindings::Klibc;
use crate::checks::Check;

/// The C compiler and the arguments every probe gets.
pub struct CProbe {
    compiler: cc::Tool,
    args: Vec<String>,
    work: PathBuf,
}

impl CProbe {
    pub fn new(klibc: &Klibc, include: &Path, arch: &str, work: &Path) -> Result<Self, String> {
        let triple = format!("{arch}-unknown-linux-gnu");
        let compiler = cc::Build::new()
            .target(&triple)
            .host(&triple)
            .opt_level(0)
            .debug(false)
            .warnings(false)
            .cargo_metadata(false)
            .emit_rerun_if_env_changed(false)
            .try_get_compiler()
            .map_err(|e| format!("no C compiler: {e}"))?;
        let mut args = klibc.clang_args(include, arch)?;
        if !compiler.is_like_clang() {
            // gcc builds for its own target: the build host's, which the
            // caller has already checked is `arch`.
            args.retain(|a| !a.starts_with("--target="));
        }
        args.push("-w".to_owned());
        Ok(CProbe {
            compiler,
            args,
            work: work.to_owned(),
        })
    }

    fn command(&self) -> Command {
        let mut cmd = self.compiler.to_command();
        cmd.args(&self.args);
        cmd
    }

    /// `cc -E` of a module's helper header: what the probes and bindgen parse.
    pub fn preprocess(&self, header: &Path) -> Result<String, String> {
        let out = self
            .command()
            .arg("-E")
            .arg(header)
            .output()
            .map_err(|e| format!("running the C compiler: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{}: the C compiler failed: {}",
                header.display(),
                first_error(&out.stderr)
            ));
        }
        String::from_utf8(out.stdout).map_err(|_| format!("{}: not UTF-8", header.display()))
    }

    /// Compiles and runs a probe for `checks` (all from one module, whose
    /// helper header it includes); returns each check's value, in order, or
    /// the compiler's reason why C cannot compute it. Each check is one line
    /// of the probe, so the compiler's error lines name the failing checks;
    /// they are dropped and the rest compiled again.
    pub fn run(&self, header: &Path, name: &str, checks: &[&Check]) -> Result<Values, String> {
        let mut values: Values = vec![Err("not probed".to_owned()); checks.len()];
        let mut subset: Vec<usize> = (0..checks.len()).collect();
        let src = self.work.join(format!("{name}.c"));
        let exe = self.work.join(format!("{name}-c"));
        loop {
            let (text, first_line) = source(header, checks, &subset);
            std::fs::write(&src, text).map_err(|e| format!("{}: {e}", src.display()))?;
            let out = self
                .command()
                .args(self.error_limit())
                .arg("-o")
                .arg(&exe)
                .arg(&src)
                .output()
                .map_err(|e| format!("running the C compiler: {e}"))?;
            if out.status.success() {
                break;
            }
            let bad = failing_lines(&out.stderr, &src, first_line, &subset);
            if bad.is_empty() {
                return Err(format!(
                    "{}: the C probe did not build: {}",
                    src.display(),
                    first_error(&out.stderr)
                ));
            }
            for (i, why) in bad {
                if let Some(slot) = values.get_mut(i) {
                    *slot = Err(why);
                }
                subset.retain(|&s| s != i);
            }
        }
        let run = Command::new(&exe)
            .output()
            .map_err(|e| format!("{}: {e}", exe.display()))?;
        if !run.status.success() {
            return Err(format!("{}: {}", exe.display(), run.status));
        }
        let text = String::from_utf8_lossy(&run.stdout);
        for (i, v) in
            parse_lines(&text, checks.len()).map_err(|e| format!("{}: {e}", exe.display()))?
        {
            if let Some(slot) = values.get_mut(i) {
                *slot = Ok(v);
            }
        }
        Ok(values)
    }

    /// Every error reported, not the compiler's default first few.
    fn error_limit(&self) -> &'static [&'static str] {
        if self.compiler.is_like_clang() {
            &["-ferror-limit=0"]
        } else {
            &["-fmax-errors=0"]
        }
    }
}

/// Each check's value (a decimal integer, or hex bytes for strings) or why
/// C cannot compute it.
pub type Values = Vec<Result<String, String>>;

/// The checks whose probe lines the compiler reported errors on, with the
/// first error for each.
fn failing_lines(
    stderr: &[u8],
    src: &Path,
    first_line: usize,
    subset: &[usize],
) -> Vec<(usize, String)> {
    let text = String::from_utf8_lossy(stderr);
    let prefix = format!("{}:", src.display());
    let mut bad: Vec<(usize, String)> = Vec::new();
    // An error inside a macro is reported where the macro is defined; the
    // "in expansion of macro" notes that follow point at the probe's line.
    let mut last_error = String::new();
    for line in text.lines() {
        if let Some((_, why)) = line.split_once("error: ") {
            last_error = why.trim().to_owned();
        }
        let Some(num) = line
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(n, _)| n.parse::<usize>().ok())
        else {
            continue;
        };
        let Some(&i) = num.checked_sub(first_line).and_then(|k| subset.get(k)) else {
            continue;
        };
        if !last_error.is_empty() && !bad.iter().any(|(b, _)| *b == i) {
            bad.push((i, last_error.clone()));
        }
    }
    bad
}

/// The probe's text and the line number of its first check (one a line).
fn source(header: &Path, checks: &[&Check], subset: &[usize]) -> (String, usize) {
    let mut s = format!(
        "/* generated by uapi-check */\n#include \"{}\"\n\
         static void v(int i, int neg, unsigned long long u)\n{{\n\
         \tif (neg)\n\t\t__builtin_printf(\"%d\\t%lld\\n\", i, (long long)u);\n\
         \telse\n\t\t__builtin_printf(\"%d\\t%llu\\n\", i, u);\n}}\n\
         static void b(int i, const char *s, unsigned long n)\n{{\n\
         \t__builtin_printf(\"%d\\t\", i);\n\
         \tfor (unsigned long k = 0; k < n; k++)\n\
         \t\t__builtin_printf(\"%02x\", (unsigned char)s[k]);\n\
         \t__builtin_printf(\"\\n\");\n}}\n\
         #define V(i, x) v(i, (x) < 0, (unsigned long long)(x))\n\
         int main(void)\n{{\n",
        header.display()
    );
    let first_line = s.lines().count() + 1;
    for &i in subset {
        let Some(c) = checks.get(i) else {
            s.push('\n');
            continue;
        };
        if c.bytes.is_some() {
            s.push_str(&format!(
                "\t{{ static const char s{i}[] = {}; b({i}, s{i}, sizeof s{i}); }}\n",
                c.c
            ));
        } else {
            s.push_str(&format!("\tV({i}, {});\n", c.c));
        }
    }
    s.push_str("\treturn 0;\n}\n");
    (s, first_line)
}

/// Reads `INDEX\tVALUE` lines.
fn parse_lines(text: &str, n: usize) -> Result<Vec<(usize, String)>, String> {
    text.lines()
        .map(|line| {
            let (i, v) = line
                .split_once('\t')
                .ok_or_else(|| format!("bad probe output line `{line}`"))?;
            let i: usize = i
                .parse()
                .map_err(|_| format!("bad probe output line `{line}`"))?;
            if i >= n {
                return Err(format!("probe output for unknown check {i}"));
            }
            Ok((i, v.to_owned()))
        })
        .collect()
}

/// Reads `INDEX\tVALUE` lines into one value per check, all required.
pub fn parse_output(text: &str, n: usize) -> Result<Vec<String>, String> {
    let mut values = vec![None; n];
    for (i, v) in parse_lines(text, n)? {
        if let Some(slot) = values.get_mut(i) {
            *slot = Some(v);
        }
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.ok_or_else(|| format!("no probe output for check {i}")))
        .collect()
}

/// The compiler's first error line, to name the reason in a report.
pub fn first_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.contains("error"))
        .or_else(|| text.lines().next())
        .unwrap_or("");
    // Drop the probe's own file and line: the item is named already.
    match line.split_once("error: ") {
        Some((_, why)) => why.trim().to_owned(),
        None => line.trim().to_owned(),
    }
}
