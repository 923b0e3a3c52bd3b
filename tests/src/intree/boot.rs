//! One boot: qemu-system-x86_64 with `-kernel`, the command line, raw disks
//! as virtio-blk, and no initrd (so whatever runs as /init came from the
//! initramfs linked into the bzImage) or the one given. The serial console goes to a
//! file that is polled until it has said enough or the timeout passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Outcome {
    pub console: String,
    pub timed_out: bool,
    pub elapsed: Duration,
    pub qemu_stderr: String,
}

/// Boots `kernel` with `append`, `disks` and `initrd` if any; stops when
/// `done` says the console is complete, when QEMU exits, or after `timeout`.
pub fn run(
    kernel: &Path,
    initrd: Option<&Path>,
    append: &str,
    disks: &[PathBuf],
    timeout: Duration,
    dir: &Path,
    done: impl Fn(&str) -> bool,
) -> Result<Outcome, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let console = dir.join("console.log");
    let stderr = dir.join("qemu.stderr");
    let _ = std::fs::remove_file(&console);
    let mut cmd = Command::new("qemu-system-x86_64");
    cmd.args([
        "-accel",
        "tcg",
        "-m",
        "256",
        "-nodefaults",
        "-nographic",
        "-no-reboot",
    ])
    .arg("-kernel")
    .arg(kernel)
    .arg("-append")
    .arg(append)
    .arg("-serial")
    .arg(format!("file:{}", console.display()));
    if let Some(i) = initrd {
        cmd.arg("-initrd").arg(i);
    }
    for (i, d) in disks.iter().enumerate() {
        cmd.arg("-drive").arg(format!(
            "file={},format=raw,if=virtio,index={i}",
            d.display()
        ));
    }
    let err = std::fs::File::create(&stderr).map_err(|e| e.to_string())?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .map_err(|e| format!("running qemu-system-x86_64: {e}"))?;
    let start = Instant::now();
    let mut timed_out = false;
    let mut settled: Option<Instant> = None;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let text = std::fs::read(&console).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        if done(&text) {
            // Let a last line (a panic's tail) reach the file.
            let t = settled.get_or_insert_with(Instant::now);
            if t.elapsed() >= Duration::from_millis(500) {
                break;
            }
        }
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if start.elapsed() >= timeout {
            timed_out = true;
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let elapsed = start.elapsed();
    let console =
        String::from_utf8_lossy(&std::fs::read(&console).unwrap_or_default()).into_owned();
    let qemu_stderr = std::fs::read_to_string(&stderr).unwrap_or_default();
    Ok(Outcome {
        console,
        timed_out,
        elapsed,
        qemu_stderr,
    })
}
