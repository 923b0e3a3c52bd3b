//! Debian's real dash (0.5.12 from `apt-get source`), built unmodified and
//! statically on klibc's C library with scripts/klcc, runs the scripts in
//! tests/cabi/dash/ exactly as Debian's /bin/dash (glibc) does: the same
//! stdout, stderr and exit status, line by line, each in a fresh directory.

mod cabi_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cabi/dash");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    v.sort();
    assert!(v.len() >= 5, "scripts missing in {}", dir.display());
    v
}

/// Runs `script` under `shell` (as argv[0] "dash") in a fresh directory;
/// `ours` runs it as the target's program (under qemu-user for another
/// arch).
fn run(shell: &Path, ours: bool, script: &Path, tag: &str) -> Output {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cabi-dash")
        .join(format!(
            "{}-{}-{tag}",
            script.file_stem().unwrap().to_string_lossy(),
            cabi_support::target().arch
        ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = if ours {
        cabi_support::target().command_arg0(shell, "dash")
    } else {
        use std::os::unix::process::CommandExt;
        let mut c = Command::new(shell);
        c.arg0("dash");
        c
    };
    cmd.arg(script)
        .current_dir(&dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/root")
        .env("LC_ALL", "C")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn lines(b: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(b)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn dash_runs_the_scripts_as_debians_dash_does() {
    let ours = cabi_support::dash();
    let mut failures = Vec::new();
    for script in scripts() {
        let a = run(ours, true, &script, "klibc");
        let b = run(Path::new("/bin/dash"), false, &script, "glibc");
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        if lines(&a.stdout) != lines(&b.stdout) {
            failures.push(format!(
                "{name}: stdout differs\n--- ours\n{}\n--- /bin/dash\n{}",
                String::from_utf8_lossy(&a.stdout),
                String::from_utf8_lossy(&b.stdout)
            ));
        }
        if lines(&a.stderr) != lines(&b.stderr) {
            failures.push(format!(
                "{name}: stderr differs\n--- ours\n{}\n--- /bin/dash\n{}",
                String::from_utf8_lossy(&a.stderr),
                String::from_utf8_lossy(&b.stderr)
            ));
        }
        if a.status.code() != b.status.code() {
            failures.push(format!("{name}: status {:?} vs {:?}", a.status, b.status));
        }
        // Each script prints something: an empty run would compare equal.
        assert!(!a.stdout.is_empty(), "{name} printed nothing");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dash_is_static_and_runs_a_command() {
    let ours = cabi_support::dash();
    let file = Command::new("file").arg(ours).output().unwrap();
    let desc = String::from_utf8_lossy(&file.stdout);
    assert!(desc.contains("statically linked"), "{desc}");
    let out = cabi_support::target()
        .command(ours)
        .args(["-c", "echo $((6 * 7)); exit 3"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"42\n");
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn dash_interactive_on_a_pipe_reads_stdin() {
    let ours = cabi_support::dash();
    use std::io::Write;
    let mut child = cabi_support::target()
        .command(ours)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"x=5\necho $((x + 1))\nexit 0\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.stdout, b"6\n");
    assert!(out.status.success());
}
