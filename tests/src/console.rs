//! Reading a boot's serial console log: the boot-marker block that the stand-in
//! init prints, the kernel's "Run /init" timestamp, kinit's own lines, and
//! whether the kernel panicked.

/// What boot-marker reported about the init it ran as.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marker {
    pub uptime: Option<f64>,
    /// CLOCK_BOOTTIME (the clock of /proc/uptime) to the microsecond.
    pub boottime: Option<f64>,
    pub argv: Vec<String>,
    pub root_dev: Option<String>,
    pub fstype: Option<String>,
    pub mode: Option<String>,
    /// /'s mount options, as /proc/mounts shows them.
    pub opts: Option<String>,
    /// The init's bounding and effective capability sets.
    pub cap_bnd: Option<u64>,
    pub cap_eff: Option<u64>,
    /// Every mount: (source, directory, type).
    pub mounts: Vec<(String, String, String)>,
    pub st_dev: Option<(u32, u32)>,
    /// The loaded modules (/proc/modules).
    pub modules: Vec<String>,
    pub ended: bool,
}

/// The console's lines with carriage returns dropped.
pub fn lines(log: &str) -> impl Iterator<Item = &str> {
    log.lines().map(|l| l.trim_end_matches('\r'))
}

/// Drops a printk timestamp (`[    1.234567] `) from the front of a line.
pub fn strip_printk_time(line: &str) -> &str {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            if rest[..end].trim().parse::<f64>().is_ok() {
                return rest[end + 1..].trim_start();
            }
        }
    }
    line
}

/// The first boot-marker block in the log, if its start line is there.
pub fn marker(log: &str) -> Option<Marker> {
    let mut m: Option<Marker> = None;
    for line in lines(log) {
        let Some(pos) = line.find("boot-marker: ") else {
            continue;
        };
        let rest = &line[pos + "boot-marker: ".len()..];
        if let Some(start) = rest.strip_prefix("start ") {
            if m.is_some() {
                break; // a second boot's block: report the first
            }
            let uptime = field(start, "uptime=").and_then(|u| u.parse().ok());
            let boottime = field(start, "boottime=").and_then(|u| u.parse().ok());
            m = Some(Marker {
                uptime,
                boottime,
                ..Marker::default()
            });
            continue;
        }
        let Some(m) = m.as_mut() else { continue };
        if let Some(arg) = rest.strip_prefix("argv[") {
            if let Some((_, value)) = arg.split_once("]=") {
                m.argv.push(value.to_string());
            }
        } else if let Some(st) = rest.strip_prefix("root st_dev=") {
            m.st_dev = st
                .split_once(':')
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
        } else if let Some(root) = rest.strip_prefix("root ") {
            m.root_dev = field(root, "dev=").map(String::from);
            m.fstype = field(root, "fstype=").map(String::from);
            m.mode = field(root, "mode=").map(String::from);
            m.opts = field(root, "opts=").map(String::from);
        } else if let Some(mount) = rest.strip_prefix("mount ") {
            let mut f = mount.split(' ').map(String::from);
            if let (Some(a), Some(b), Some(c)) = (f.next(), f.next(), f.next()) {
                m.mounts.push((a, b, c));
            }
        } else if let Some(caps) = rest.strip_prefix("caps ") {
            let hex = |k| field(caps, k).and_then(|v| u64::from_str_radix(v, 16).ok());
            m.cap_bnd = hex("bnd=");
            m.cap_eff = hex("eff=");
        } else if let Some(list) = rest.strip_prefix("modules") {
            m.modules = list.split_whitespace().map(String::from).collect();
        } else if rest == "end" {
            m.ended = true;
        }
    }
    m
}

/// `key=value` among blank-separated fields.
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.split_whitespace().find_map(|f| f.strip_prefix(key))
}

/// The printk timestamp of the kernel's "Run /init as init process" line.
pub fn run_init_time(log: &str) -> Option<f64> {
    lines(log).find_map(|l| {
        if !l.contains("Run /init as init process") {
            return None;
        }
        let t = l.trim_start().strip_prefix('[')?;
        t[..t.find(']')?].trim().parse().ok()
    })
}

/// The printk timestamp of the kernel's "reboot: Restarting system" line
/// (a reboot(2) on the guest's clock).
pub fn reboot_time(log: &str) -> Option<f64> {
    lines(log).find_map(|l| {
        if !l.contains("reboot: Restarting system") {
            return None;
        }
        let t = l.trim_start().strip_prefix('[')?;
        t[..t.find(']')?].trim().parse().ok()
    })
}

/// Whether the kernel panicked.
pub fn panicked(log: &str) -> bool {
    log.contains("Kernel panic")
}

/// kinit's own lines (`kinit: ...`, or an applet's), printk time stripped.
pub fn kinit_lines(log: &str) -> Vec<&str> {
    lines(log)
        .map(strip_printk_time)
        .filter(|l| l.starts_with("kinit:") || l.starts_with("kinit "))
        .collect()
}

/// The last `n` lines, for diagnostics.
pub fn tail(log: &str, n: usize) -> String {
    let all: Vec<&str> = lines(log).collect();
    let from = all.len().saturating_sub(n);
    all[from..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "[    0.000000] Linux version 6.12.57\r\n\
[    0.912345] Run /init as init process\r\n\
kinit: kernel release mismatch\r\n\
boot-marker: start uptime=1.52 boottime=1.523456 pid=1\r\n\
boot-marker: argc=2\r\n\
boot-marker: argv[0]=/sbin/init\r\n\
boot-marker: argv[1]=a=b c\r\n\
boot-marker: root dev=/dev/root fstype=ext4 mode=ro opts=ro,data=journal\r\n\
boot-marker: root st_dev=254:1\r\n\
boot-marker: mount /dev/vdb /tmp ext4\r\n\
boot-marker: caps bnd=000001fffffeffff eff=000001fffffeffff\r\n\
boot-marker: kernel 6.12.57\r\n\
boot-marker: end\r\n";

    #[test]
    fn reads_the_marker_block() {
        let m = marker(LOG).unwrap();
        assert_eq!(m.uptime, Some(1.52));
        assert_eq!(m.boottime, Some(1.523456));
        assert_eq!(m.argv, ["/sbin/init", "a=b c"]);
        assert_eq!(m.root_dev.as_deref(), Some("/dev/root"));
        assert_eq!(m.fstype.as_deref(), Some("ext4"));
        assert_eq!(m.mode.as_deref(), Some("ro"));
        assert_eq!(m.opts.as_deref(), Some("ro,data=journal"));
        assert_eq!(m.st_dev, Some((254, 1)));
        assert_eq!(m.cap_bnd, Some(0x01ff_fffe_ffff));
        assert_eq!(
            m.mounts,
            [("/dev/vdb".into(), "/tmp".into(), "ext4".into())]
        );
        assert_eq!(m.cap_eff, Some(0x01ff_fffe_ffff));
        assert!(m.ended);
    }

    #[test]
    fn no_marker_without_its_start() {
        assert_eq!(marker("boot-marker: argv[0]=/x\nboot-marker: end\n"), None);
        let m = marker("boot-marker: start uptime=? pid=1\n").unwrap();
        assert_eq!(m.uptime, None);
        assert!(!m.ended);
    }

    #[test]
    fn kernel_lines() {
        assert_eq!(run_init_time(LOG), Some(0.912345));
        assert_eq!(run_init_time("no such line"), None);
        assert_eq!(
            reboot_time("x\n[   7.250001] reboot: Restarting system\r\n"),
            Some(7.250001)
        );
        assert_eq!(reboot_time(LOG), None);
        assert!(!panicked(LOG));
        assert!(panicked(
            "[ 1.0] Kernel panic - not syncing: Attempted to kill init!"
        ));
        assert_eq!(kinit_lines(LOG), ["kinit: kernel release mismatch"]);
        assert_eq!(
            kinit_lines("[    2.000001] kinit: no root\n"),
            ["kinit: no root"]
        );
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(strip_printk_time("[x] kinit: y"), "[x] kinit: y");
    }
}
