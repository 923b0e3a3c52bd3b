//! Running one boot: the arch's qemu-system (tests/arches: machine, CPU,
//! firmware) with the kernel, the initramfs and raw disks as virtio-blk, the
//! serial console written to a file, a monitor socket (to `device_add` a
//! disk late, for rootwait, or send the fault scenarios' commands such as
//! `drive_del`), and a hard timeout. The caller decides from the console when
//! a boot has said enough.

use crate::arch::{Arch, Hotplug};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How QEMU runs the guest's CPU.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Accel {
    Tcg,
    Kvm,
}

impl Accel {
    fn name(self) -> &'static str {
        match self {
            Accel::Tcg => "tcg",
            Accel::Kvm => "kvm",
        }
    }
}

/// A disk to hot-add through the monitor `delay` after the console first
/// shows `after` (or at `at` from the start, whichever is first).
pub struct LateDisk {
    pub image: PathBuf,
    pub after: &'static str,
    pub delay: Duration,
    pub at: Duration,
}

pub struct Boot<'a> {
    pub arch: &'a Arch,
    pub kernel: &'a Path,
    /// None: the initramfs built into the kernel only (the make-built kinit).
    pub initrd: Option<&'a Path>,
    pub append: String,
    pub disks: Vec<PathBuf>,
    pub late_disk: Option<LateDisk>,
    pub memory_mb: u32,
    pub timeout: Duration,
    pub accel: Accel,
    /// A virtio-net NIC on QEMU's user network.
    pub net: bool,
    /// QEMU's user network also serves this directory over SMB (its `smb=`:
    /// the host's smbd, share `qemu` at 10.0.2.4).
    pub smb: Option<PathBuf>,
    /// A host directory exported to the guest (virtiofs or 9p).
    pub share: Option<Share>,
    /// Boot through UEFI firmware (OVMF) from the disks' ESP instead of
    /// `-kernel`/`-initrd`/`-append` (those are then in the ESP).
    pub efi: Option<Efi>,
    /// Directory for console.log and QEMU's own output.
    pub dir: &'a Path,
}

pub struct Outcome {
    pub console: String,
    /// QEMU ended by itself (the guest rebooted under -no-reboot, or panicked
    /// with panic=-1).
    pub exited: bool,
    pub timed_out: bool,
    pub elapsed: Duration,
    /// What went wrong with the late device_add, if anything.
    pub monitor_error: Option<String>,
    /// QEMU's own stderr, for diagnostics.
    pub qemu_stderr: String,
}

/// What the fault scenarios add to a boot (see [`run_with`]).
#[derive(Debug, Default)]
pub struct Extra {
    /// Every disk read-only (`readonly=on`: the guest sees a read-only
    /// virtio-blk device).
    pub readonly: bool,
    /// HMP commands, each sent once when the console first shows its text
    /// (e.g. `drive_del virtio0` when kinit announces its pause).
    pub monitor: Vec<(String, String)>,
    /// A `-netdev` (id `net0`) instead of the user network, on the same
    /// virtio-net NIC (`Boot::net` must be set).
    pub netdev: Option<String>,
}

/// The UEFI firmware: OVMF's code (read-only) and a copy of its variable
/// store for this boot (Debian's `ovmf`).
#[derive(Debug, Clone)]
pub struct Efi {
    pub code: PathBuf,
    pub vars: PathBuf,
}

/// A host directory the guest mounts without a block device, under `tag`.
#[derive(Debug, Clone)]
pub struct Share {
    pub kind: ShareKind,
    pub dir: PathBuf,
    pub tag: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareKind {
    /// vhost-user-fs with Debian's virtiofsd (`/usr/lib/qemu/virtiofsd`,
    /// qemu-system-common), started for the boot; the guest's memory is
    /// shared with it (a memfd backend).
    Virtiofs,
    /// QEMU's own 9p server (`-virtfs`), over virtio.
    NineP,
}

/// The virtiofsd this boot runs: started before QEMU, killed after.
struct Virtiofsd(Child);

impl Drop for Virtiofsd {
    fn drop(&mut self) {
        stop(&mut self.0);
    }
}

/// Starts virtiofsd on `dir` with its socket at `socket` and waits for
/// the socket (at most 10 s).
fn start_virtiofsd(dir: &Path, socket: &Path, log: &Path) -> std::io::Result<Virtiofsd> {
    let _ = std::fs::remove_file(socket);
    let child = Command::new("/usr/lib/qemu/virtiofsd")
        .arg(format!("--socket-path={}", socket.display()))
        .arg("-o")
        .arg(format!("source={}", dir.display()))
        // In a container namespaces may be refused: chroot is enough here.
        .args(["-o", "cache=none", "-o", "sandbox=chroot"])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(log)?)
        .stderr(std::fs::File::create(log.with_extension("stderr"))?)
        .spawn()?;
    let mut d = Virtiofsd(child);
    let start = Instant::now();
    while !socket.exists() {
        if let Some(st) = d.0.try_wait()? {
            return Err(std::io::Error::other(format!("virtiofsd exited: {st}")));
        }
        if start.elapsed() > Duration::from_secs(10) {
            return Err(std::io::Error::other("virtiofsd made no socket in 10 s"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(d)
}

/// What the caller wants once the console has said enough.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Keep going.
    Wait,
    /// Stop now (kill QEMU if it is still running).
    Stop,
}

/// Boots and polls the console every 50 ms; `judge` sees the console so far
/// and whether QEMU has exited.
pub fn run(boot: &Boot<'_>, judge: impl FnMut(&str) -> Verdict) -> std::io::Result<Outcome> {
    run_with(boot, &Extra::default(), judge)
}

/// [`run`] with a fault scenario's additions.
pub fn run_with(
    boot: &Boot<'_>,
    extra: &Extra,
    mut judge: impl FnMut(&str) -> Verdict,
) -> std::io::Result<Outcome> {
    std::fs::create_dir_all(boot.dir)?;
    let console_path = boot.dir.join("console.log");
    let monitor_path = monitor_socket_path();
    let _ = std::fs::remove_file(&console_path);
    let _ = std::fs::remove_file(&monitor_path);
    std::fs::write(&console_path, b"")?;

    let mut cmd = Command::new(boot.arch.qemu);
    if let Some(m) = boot.arch.machine {
        cmd.args(["-M", m]);
    }
    if let Some(c) = boot.arch.cpu {
        cmd.args(["-cpu", c]);
    }
    if let Some(f) = boot.arch.firmware {
        cmd.arg("-bios").arg(f);
    }
    cmd.args(["-accel", boot.accel.name(), "-m"])
        .arg(boot.memory_mb.to_string())
        .args(["-nodefaults", "-nographic", "-no-reboot"]);
    match &boot.efi {
        None => {
            cmd.arg("-kernel")
                .arg(boot.kernel)
                .arg("-append")
                .arg(&boot.append);
            if let Some(initrd) = boot.initrd {
                cmd.arg("-initrd").arg(initrd);
            }
        }
        Some(efi) => {
            cmd.arg("-drive")
                .arg(format!(
                    "if=pflash,format=raw,unit=0,readonly=on,file={}",
                    efi.code.display()
                ))
                .arg("-drive")
                .arg(format!(
                    "if=pflash,format=raw,unit=1,file={}",
                    efi.vars.display()
                ));
        }
    }
    cmd.arg("-serial")
        .arg(format!("file:{}", console_path.display()));
    if boot.late_disk.is_some() || !extra.monitor.is_empty() {
        cmd.arg("-monitor").arg(format!(
            "unix:{},server=on,wait=off",
            monitor_path.display()
        ));
    }
    for (i, disk) in boot.disks.iter().enumerate() {
        cmd.arg("-drive").arg(format!(
            "file={},format=raw,if=virtio,index={i}{}",
            disk.display(),
            if extra.readonly { ",readonly=on" } else { "" }
        ));
    }
    if boot.net {
        let netdev = match (&extra.netdev, &boot.smb) {
            (Some(n), _) => n.clone(),
            (None, Some(dir)) => format!("user,id=net0,smb={}", dir.display()),
            (None, None) => "user,id=net0".to_string(),
        };
        cmd.arg("-netdev")
            .arg(netdev)
            .args(["-device", "virtio-net-pci,netdev=net0"]);
    }
    let mut _virtiofsd = None;
    if let Some(share) = &boot.share {
        match share.kind {
            ShareKind::Virtiofs => {
                let socket = monitor_socket_path().with_extension("virtiofs");
                _virtiofsd = Some(start_virtiofsd(
                    &share.dir,
                    &socket,
                    &boot.dir.join("virtiofsd.log"),
                )?);
                cmd.arg("-chardev")
                    .arg(format!("socket,id=vfs0,path={}", socket.display()))
                    .arg("-device")
                    .arg(format!("vhost-user-fs-pci,chardev=vfs0,tag={}", share.tag))
                    .arg("-object")
                    .arg(format!(
                        "memory-backend-memfd,id=mem0,size={}M,share=on",
                        boot.memory_mb
                    ))
                    .args(["-numa", "node,memdev=mem0"]);
            }
            ShareKind::NineP => {
                cmd.arg("-virtfs").arg(format!(
                    "local,path={},mount_tag={},security_model=none,id=fs0",
                    share.dir.display(),
                    share.tag
                ));
            }
        }
    }
    if let Some(late) = &boot.late_disk {
        cmd.arg("-drive").arg(format!(
            "file={},format=raw,if=none,id=late0",
            late.image.display()
        ));
        if boot.arch.hotplug == Hotplug::PcieRootPort {
            cmd.args(["-device", "pcie-root-port,id=hotplug0,chassis=1"]);
        }
    }
    let stderr_path = boot.dir.join("qemu.stderr");
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(boot.dir.join("qemu.stdout"))?)
        .stderr(std::fs::File::create(&stderr_path)?);
    std::fs::write(boot.dir.join("qemu.cmd"), format!("{cmd:?}\n"))?;

    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let mut late_pending = boot.late_disk.as_ref();
    let mut late_seen: Option<Instant> = None;
    let mut monitor_error = None;
    let mut commands: Vec<&(String, String)> = extra.monitor.iter().collect();
    let mut exited = false;
    let mut timed_out = false;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if child.try_wait()?.is_some() {
            exited = true;
        }
        let console = read_lossy(&console_path);
        if let Some(late) = late_pending {
            if late_seen.is_none() && console.contains(late.after) {
                late_seen = Some(Instant::now());
            }
            let due = late_seen.is_some_and(|t| t.elapsed() >= late.delay);
            if due || start.elapsed() >= late.at {
                monitor_error = hot_add(&monitor_path, boot.arch.hotplug).err();
                late_pending = None;
            }
        }
        if let Some(i) = commands
            .iter()
            .position(|(after, _)| console.contains(after.as_str()))
        {
            let (_, command) = commands.remove(i);
            if let Err(e) = hmp(&monitor_path, command) {
                monitor_error.get_or_insert(e);
            }
        }
        if exited || judge(&console) == Verdict::Stop {
            break;
        }
        if start.elapsed() >= boot.timeout {
            timed_out = true;
            break;
        }
    }
    let elapsed = start.elapsed();
    stop(&mut child);
    let _ = std::fs::remove_file(&monitor_path);
    Ok(Outcome {
        console: read_lossy(&console_path),
        exited,
        timed_out,
        elapsed,
        monitor_error,
        qemu_stderr: read_lossy(&stderr_path),
    })
}

/// A path for the monitor socket that fits `sun_path` (108 bytes) however deep
/// the checkout is: the boot directory may be too long (CI checks out under a
/// longer prefix), so the socket lives in the temporary directory, named by
/// this process and a counter.
fn monitor_socket_path() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("boot-tests-{}-{n}.sock", std::process::id()))
}

fn stop(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let _ = child.kill();
    }
    let _ = child.wait();
}

fn read_lossy(path: &Path) -> String {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// `device_add` the drive `late0` as a virtio-blk PCI device through the HMP
/// monitor, on the machine's PCI bus or into the root port; an error is
/// QEMU's answer.
fn hot_add(socket: &Path, how: Hotplug) -> Result<(), String> {
    let bus = match how {
        Hotplug::Pci => "",
        Hotplug::PcieRootPort => ",bus=hotplug0",
    };
    hmp(
        socket,
        &format!("device_add virtio-blk-pci,drive=late0,id=late0{bus}"),
    )
}

/// Sends one HMP command through the monitor socket; an error is QEMU's
/// answer (anything it prints besides the echo of the command).
fn hmp(socket: &Path, command: &str) -> Result<(), String> {
    let mut s =
        UnixStream::connect(socket).map_err(|e| format!("monitor {}: {e}", socket.display()))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    read_prompt(&mut s)?;
    s.write_all(format!("{command}\n").as_bytes())
        .map_err(|e| format!("monitor write: {e}"))?;
    let answer = read_prompt(&mut s)?;
    // The monitor echoes the command; anything else before the prompt is an error.
    let verb = command.split_whitespace().next().unwrap_or(command);
    let reply: Vec<&str> = answer
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '\r' || c.is_whitespace()))
        .filter(|l| !l.is_empty() && !l.contains(verb) && !l.starts_with("(qemu)"))
        .collect();
    if reply.is_empty() {
        Ok(())
    } else {
        Err(format!("{verb}: {}", reply.join(" / ")))
    }
}

/// Reads until the monitor's `(qemu) ` prompt; returns what came before it.
fn read_prompt(s: &mut UnixStream) -> Result<String, String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while !got.ends_with(b"(qemu) ") {
        let n = s.read(&mut buf).map_err(|e| format!("monitor read: {e}"))?;
        if n == 0 {
            return Err("monitor closed".into());
        }
        got.extend_from_slice(&buf[..n]);
    }
    // Drop terminal escapes the HMP line editor sends.
    let text: String = String::from_utf8_lossy(&got)
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.trim_start_matches(|c: char| c == '[' || c.is_ascii_digit() || c == ';')
                    .get(1..)
                    .unwrap_or("")
            }
        })
        .collect();
    Ok(text)
}
