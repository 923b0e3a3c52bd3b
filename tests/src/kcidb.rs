//! A boot-test run as KCIDB data (KernelCI's common results schema, v5):
//! one checkout per kernel booted (the kernel's source and this tree at
//! usr/, by its commit), one build per kernel and arch (its config: the
//! fragment's hash), one test per runner's verdict on a scenario — the
//! same leaves, and the same statuses, as the run's KTAP output.

use crate::engines::{slug, Outcome};
use crate::json::{map, s, Value};
use crate::{Prepared, Test};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// The origin (KCIDB's name for the submitting CI system) unless
/// BOOT_TESTS_KCIDB_ORIGIN names the one agreed with KernelCI.
pub const ORIGIN: &str = "earlyuser";

fn origin() -> Result<String, String> {
    let o = std::env::var("BOOT_TESTS_KCIDB_ORIGIN").unwrap_or_else(|_| ORIGIN.into());
    if o.is_empty()
        || !o
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(format!(
            "BOOT_TESTS_KCIDB_ORIGIN={o:?}: KCIDB wants [a-z0-9_]+"
        ));
    }
    Ok(o)
}
/// The schema version written (kcidb-io validates it).
pub const VERSION: (u32, u32) = (5, 3);

/// A command's trimmed stdout, if it ran and succeeded.
fn output(cmd: &mut Command) -> Option<String> {
    let o = cmd.output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// The first 12 hex digits of a file's sha256 (as scripts/boot-kernel keys
/// its cache by the config fragment).
fn hash12(path: &Path) -> Option<String> {
    let out = output(Command::new("sha256sum").arg(path))?;
    out.get(..12).map(String::from)
}

/// RFC 3339 in UTC.
pub fn timestamp(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86400, secs % 86400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_micros()
    )
}

/// At most `max` bytes of `text`, from its end, on a character boundary.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.replace('\0', "");
    if text.len() <= max {
        return text;
    }
    let mut from = text.len() - max;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..].to_string()
}

fn file_url(path: &Path) -> Value {
    s(format!("file://{}", path.display()))
}

/// Which kernel source a test's kernel was built from, and its version.
fn kernel_source(name: &str, p: Option<&Prepared>) -> (String, Option<String>) {
    if name == "debian" {
        // .../debian-kernel/<package>_<version>/boot/vmlinuz-<release>
        let pkg = p
            .and_then(|p| p.kernel.package_root.as_ref())
            .and_then(|r| r.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        return match pkg.as_deref().and_then(|n| n.split_once('_')) {
            Some((pkg, ver)) => (pkg.to_string(), Some(ver.to_string())),
            None => ("linux-image (Debian)".into(), None),
        };
    }
    let pkg = format!("linux-source-{name}");
    let ver = output(Command::new("dpkg-query").args(["-W", "-f=${Version}", &pkg]));
    (pkg, ver.filter(|v| !v.is_empty()))
}

pub fn report(
    root: &Path,
    arch: &str,
    tests: &[Test],
    prepared: &[Result<Prepared, String>],
    outcomes: &[Outcome],
) -> Result<Value, String> {
    let origin = origin()?;
    let commit = output(
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "HEAD"]),
    )
    .filter(|c| c.len() == 40 && c.bytes().all(|b| b.is_ascii_hexdigit()));
    let describe = output(
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["describe", "--always", "--dirty"]),
    );
    let short = commit.as_deref().map_or("unknown", |c| &c[..12]);
    let fragment = root.join("tests/kernel/boot.config");
    let run_id = format!(
        "{}-{}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        std::process::id()
    );
    let mut checkouts: BTreeMap<String, Value> = BTreeMap::new();
    let mut builds: BTreeMap<String, Value> = BTreeMap::new();
    let mut out_tests = Vec::new();
    for ((t, p), o) in tests.iter().zip(prepared).zip(outcomes) {
        let p = p.as_ref().ok();
        let release = p.map(|p| p.kernel.release.clone());
        let kname = release.clone().unwrap_or_else(|| t.kernel.clone());
        let checkout_id = format!("{origin}:{short}+linux-{kname}");
        let (source, source_version) = kernel_source(&t.kernel, p);
        if !checkouts.contains_key(&checkout_id) {
            let mut c = vec![
                ("id", s(&checkout_id)),
                ("origin", s(&origin)),
                ("tree_name", s(&source)),
                (
                    "comment",
                    s(format!(
                        "Linux {kname} ({source}{}) with this tree at usr/ ({})",
                        source_version
                            .as_deref()
                            .map(|v| format!(" {v}"))
                            .unwrap_or_default(),
                        describe.as_deref().unwrap_or("not a git checkout")
                    )),
                ),
                ("valid", Value::Bool(p.is_some())),
            ];
            if let Some(c0) = &commit {
                c.push(("git_commit_hash", s(c0)));
            }
            if let Some(d) = &describe {
                c.push(("git_commit_name", s(d)));
            }
            let mut misc = vec![("kernel", s(&t.kernel))];
            if let Some(r) = &release {
                misc.push(("kernel_release", s(r)));
            }
            if let Some(v) = &source_version {
                misc.push(("kernel_source_version", s(v)));
            }
            c.push(("misc", map(misc)));
            checkouts.insert(checkout_id.clone(), map(c));
        }
        // The config: our fragment on tinyconfig, or Debian's own config.
        let (config_name, config_hash) = match (t.kernel.as_str(), p) {
            ("debian", Some(p)) => {
                let cfg = p
                    .kernel
                    .package_root
                    .as_ref()
                    .map(|r| r.join(format!("boot/config-{}", p.kernel.release)));
                ("debian".to_string(), cfg.as_deref().and_then(hash12))
            }
            _ => (
                "tinyconfig+tests/kernel/boot.config".to_string(),
                hash12(&fragment),
            ),
        };
        let hash = config_hash.clone().unwrap_or_else(|| "unknown".into());
        let build_id = format!("{checkout_id}-{arch}-{hash}");
        if !builds.contains_key(&build_id) {
            let mut b = vec![
                ("id", s(&build_id)),
                ("checkout_id", s(&checkout_id)),
                ("origin", s(&origin)),
                ("architecture", s(arch)),
                ("config_name", s(&config_name)),
                ("status", s(if p.is_some() { "PASS" } else { "FAIL" })),
                (
                    "misc",
                    map(vec![(
                        "config_fragment_hash",
                        config_hash.map_or(Value::Null, s),
                    )]),
                ),
            ];
            if let Some(p) = p {
                b.push((
                    "output_files",
                    Value::List(vec![map(vec![
                        (
                            "name",
                            s(p.kernel
                                .image
                                .file_name()
                                .map_or("kernel".into(), |n| n.to_string_lossy().into_owned())),
                        ),
                        ("url", file_url(&p.kernel.image)),
                    ])]),
                ));
            }
            if let Some(Value::Map(m)) = b.iter_mut().find(|(k, _)| *k == "misc").map(|(_, v)| v) {
                m.retain(|(_, v)| *v != Value::Null);
            }
            builds.insert(build_id.clone(), map(b));
        }
        let name = t.name();
        let leaves: Vec<(&str, bool, &str, f64, Option<&Path>)> = if o.runs.is_empty() {
            vec![("setup", o.ok, o.diag.as_str(), 0.0, None)]
        } else {
            o.runs
                .iter()
                .map(|r| {
                    (
                        r.runner,
                        r.ok,
                        r.diag.as_str(),
                        r.time.as_secs_f64(),
                        r.log.as_deref(),
                    )
                })
                .collect()
        };
        for (runner, ok, diag, secs, log) in leaves {
            let mut tv = vec![
                (
                    "id",
                    s(format!("{build_id}:{run_id}:{}:{runner}", slug(&name))),
                ),
                ("build_id", s(&build_id)),
                ("origin", s(&origin)),
                ("path", s(format!("boot.{}", slug(t.scenario.name)))),
                ("status", s(if ok { "PASS" } else { "FAIL" })),
                ("log_excerpt", s(excerpt(diag, 16384))),
                ("start_time", s(timestamp(o.started))),
                ("duration", Value::Num((secs * 1000.0).round() / 1000.0)),
                (
                    "environment",
                    map(vec![
                        (
                            "comment",
                            s(format!(
                                "{runner} on qemu-system-{arch}{}",
                                p.map(|p| format!(" ({:?}, {} MiB)", p.accel, p.memory_mb))
                                    .unwrap_or_default()
                            )),
                        ),
                        ("misc", map(vec![("runner", s(runner))])),
                    ]),
                ),
                (
                    "misc",
                    map(vec![
                        ("ktap_name", s(name.replace('#', "_"))),
                        ("runner", s(runner)),
                        ("kernel", s(&t.kernel)),
                    ]),
                ),
            ];
            if let Some(l) = log.filter(|l| l.exists()) {
                tv.push(("log_url", file_url(l)));
            }
            out_tests.push(map(tv));
        }
    }
    Ok(map(vec![
        (
            "version",
            map(vec![
                ("major", Value::Num(f64::from(VERSION.0))),
                ("minor", Value::Num(f64::from(VERSION.1))),
            ]),
        ),
        ("checkouts", Value::List(checkouts.into_values().collect())),
        ("builds", Value::List(builds.into_values().collect())),
        ("tests", Value::List(out_tests)),
    ]))
}

/// Writes the report to a temporary file and renames it into place.
pub fn write(path: &Path, report: &Value) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    let mut text = report.to_json();
    text.push('\n');
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000000+00:00");
        let t = UNIX_EPOCH + Duration::from_micros(1_709_251_199_500_000);
        assert_eq!(timestamp(t), "2024-02-29T23:59:59.500000+00:00");
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(timestamp(t), "2000-02-29T00:00:00.000000+00:00");
    }

    #[test]
    fn excerpts_keep_the_end() {
        assert_eq!(excerpt("abc", 5), "abc");
        assert_eq!(excerpt("abcdef", 3), "def");
        assert_eq!(excerpt("aé", 1), "");
        assert_eq!(excerpt("a\0b", 5), "ab");
    }
}
