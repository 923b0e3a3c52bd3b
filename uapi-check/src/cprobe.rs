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
    /// helper header it includes); returns each check's value, in order.
    /// Checks C cannot compile are returned as `Err` with the compiler's
    /// reason, found by halving the list.
    pub fn run(&self, header: &Path, name: &str, checks: &[&Check]) -> Result<Outcome, String> {
        let all: Vec<usize> = (0..checks.len()).collect();
        let src = self.work.join(format!("{name}.c"));
        let exe = self.work.join(format!("{name}-c"));
        std::fs::write(&src, source(header, checks, &all))
            .map_err(|e| format!("{}: {e}", src.display()))?;
        let out = self
            .command()
            .arg("-o")
            .arg(&exe)
            .arg(&src)
            .output()
            .map_err(|e| format!("running the C compiler: {e}"))?;
        if !out.status.success() {
            let mut bad = Vec::new();
            self.bisect(header, name, checks, &all, &mut bad)?;
            if bad.is_empty() {
                return Err(format!(
                    "{}: the C probe did not build: {}",
                    src.display(),
                    first_error(&out.stderr)
                ));
            }
            return Ok(Outcome::Uncompilable(bad));
        }
        let run = Command::new(&exe)
            .output()
            .map_err(|e| format!("{}: {e}", exe.display()))?;
        if !run.status.success() {
            return Err(format!("{}: {}", exe.display(), run.status));
        }
        let text = String::from_utf8_lossy(&run.stdout);
        parse_output(&text, checks.len())
            .map(Outcome::Values)
            .map_err(|e| format!("{}: {e}", exe.display()))
    }

    /// Finds which of `subset` keep the probe from compiling.
    fn bisect(
        &self,
        header: &Path,
        name: &str,
        checks: &[&Check],
        subset: &[usize],
        bad: &mut Vec<(usize, String)>,
    ) -> Result<(), String> {
        let src = self.work.join(format!("{name}-part.c"));
        std::fs::write(&src, source(header, checks, subset))
            .map_err(|e| format!("{}: {e}", src.display()))?;
        let out = self
            .command()
            .arg("-fsyntax-only")
            .arg(&src)
            .output()
            .map_err(|e| format!("running the C compiler: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        match subset {
            [] => Ok(()),
            [one] => {
                bad.push((*one, first_error(&out.stderr)));
                Ok(())
            }
            _ => {
                let (a, b) = subset.split_at(subset.len() / 2);
                self.bisect(header, name, checks, a, bad)?;
                self.bisect(header, name, checks, b, bad)
            }
        }
    }
}

/// What a probe found.
pub enum Outcome {
    /// One value per check: a decimal integer, or hex bytes for strings.
    Values(Vec<String>),
    /// The checks (by index) C could not compile, with the compiler's reason.
    Uncompilable(Vec<(usize, String)>),
}

fn source(header: &Path, checks: &[&Check], subset: &[usize]) -> String {
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
    for &i in subset {
        let Some(c) = checks.get(i) else { continue };
        if c.bytes {
            s.push_str(&format!(
                "\t{{ static const char s{i}[] = {}; b({i}, s{i}, sizeof s{i}); }}\n",
                c.c
            ));
        } else {
            s.push_str(&format!("\tV({i}, {});\n", c.c));
        }
    }
    s.push_str("\treturn 0;\n}\n");
    s
}

/// Reads `INDEX\tVALUE` lines into one value per check.
pub fn parse_output(text: &str, n: usize) -> Result<Vec<String>, String> {
    let mut values = vec![None; n];
    for line in text.lines() {
        let (i, v) = line
            .split_once('\t')
            .ok_or_else(|| format!("bad probe output line `{line}`"))?;
        let i: usize = i
            .parse()
            .map_err(|_| format!("bad probe output line `{line}`"))?;
        let slot = values
            .get_mut(i)
            .ok_or_else(|| format!("probe output for unknown check {i}"))?;
        *slot = Some(v.to_owned());
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
