//! The architectures the boot tests boot, read from tests/arches (one line
//! per arch: QEMU, machine, console, firmware, image, hotplug, the kernel
//! parameters every boot gets, LAVA's name, what a restart looks like), and
//! which of them a run boots
//! how (BOOT_TESTS_ARCH): by default x86_64's whole matrix and, on every
//! other arch, a fixed smoke set on one kernel version; `all` for the whole
//! matrix everywhere.

use std::sync::OnceLock;

/// tests/arches, compiled in: the harness boots what the checkout says.
const TABLE: &str = include_str!("../arches");

/// The scenarios of the default run on the architectures that do not run
/// the whole matrix: a local root found by UUID, a missing root (kinit's
/// message and the block device list), DHCP on the arch's virtio-net, and a
/// disk hot-added on the arch's PCI bus while kinit waits (rootwait).
pub const SMOKE: &[&str] = &[
    "root=UUID",
    "missing root device",
    "ip=dhcp, local root",
    "rootwait, disk hot-added",
];

/// The architectures and matrices of the default run.
pub const DEFAULT_SELECTION: &str = "x86_64,aarch64:smoke,riscv64:smoke";

/// How a disk is hot-added through QEMU's monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hotplug {
    /// `device_add` on the machine's PCI bus (ACPI hotplug on pc).
    Pci,
    /// Into an empty pcie-root-port given on the command line (native PCIe
    /// hotplug, on virt).
    PcieRootPort,
}

/// One line of tests/arches.
#[derive(Debug, PartialEq, Eq)]
pub struct Arch {
    /// uname -m and Rust's target_arch.
    pub name: &'static str,
    pub qemu: &'static str,
    pub machine: Option<&'static str>,
    pub cpu: Option<&'static str>,
    /// The serial console's name for console=.
    pub console: &'static str,
    /// QEMU's -bios.
    pub firmware: Option<&'static str>,
    /// The boot image's path in the kernel's build directory.
    pub image: &'static str,
    pub hotplug: Hotplug,
    /// Kernel parameters every boot of this arch gets.
    pub append: Vec<&'static str>,
    /// LAVA's arch for its qemu device type.
    pub lava: &'static str,
    /// A regular expression for the console's first line when the machine
    /// starts again (a LAVA monitor's end).
    pub restart: &'static str,
}

impl Arch {
    /// The host's own: its kernels and programs are the plain builds
    /// (scripts/boot-kernel, cargo), and its tests keep their names
    /// without the arch.
    pub fn is_native(&self) -> bool {
        self.name == "x86_64"
    }

    /// The kernel part of a test's name: the version, and the arch unless
    /// it is x86_64's ("6.12", "aarch64 6.12").
    pub fn label(&self, kernel: &str) -> String {
        if self.is_native() {
            kernel.to_string()
        } else {
            format!("{} {kernel}", self.name)
        }
    }

    /// What every boot's command line starts with. panic=-1 turns a kernel
    /// panic into an immediate reboot, which -no-reboot turns into QEMU
    /// exiting.
    pub fn base_append(&self) -> String {
        let mut a = format!("console={} panic=-1 printk.time=1", self.console);
        for p in &self.append {
            a.push(' ');
            a.push_str(p);
        }
        a
    }
}

/// Parses tests/arches' text; `name` is for messages.
pub fn parse(text: &'static str, name: &str) -> Result<Vec<Arch>, String> {
    let opt = |f: &'static str| (f != "-").then_some(f);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{name}:{}", i + 1);
        // Ten words, then the restart pattern (which may have spaces).
        let mut rest = line;
        let mut f: Vec<&'static str> = Vec::new();
        while f.len() < 10 {
            match rest.split_once(char::is_whitespace) {
                Some((w, r)) => {
                    f.push(w);
                    rest = r.trim_start();
                }
                None => {
                    f.push(rest);
                    rest = "";
                }
            }
        }
        let [arch, qemu, machine, cpu, console, firmware, image, hotplug, append, lava] = f[..]
        else {
            unreachable!("ten fields taken")
        };
        if lava.is_empty() || rest.is_empty() {
            return Err(format!(
                "{}: want arch qemu machine cpu console firmware image hotplug append lava restart",
                at()
            ));
        }
        let hotplug = match hotplug {
            "pci" => Hotplug::Pci,
            "pcie-root-port" => Hotplug::PcieRootPort,
            other => {
                return Err(format!(
                    "{}: hotplug {other:?}: want pci or pcie-root-port",
                    at()
                ))
            }
        };
        if out.iter().any(|a: &Arch| a.name == arch) {
            return Err(format!("{}: {arch} again", at()));
        }
        out.push(Arch {
            name: arch,
            qemu,
            machine: opt(machine),
            cpu: opt(cpu),
            console,
            firmware: opt(firmware),
            image,
            hotplug,
            append: opt(append).map_or(Vec::new(), |a| a.split(',').collect()),
            lava,
            restart: rest,
        });
    }
    if out.is_empty() {
        return Err(format!("{name}: no architectures"));
    }
    Ok(out)
}

/// Every architecture of tests/arches.
pub fn all() -> &'static [Arch] {
    static ARCHES: OnceLock<Vec<Arch>> = OnceLock::new();
    ARCHES.get_or_init(|| {
        // The table is compiled in and checked by a unit test.
        parse(TABLE, "tests/arches").unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The architecture `name`, or an error naming the known ones.
pub fn find(name: &str) -> Result<&'static Arch, String> {
    all().iter().find(|a| a.name == name).ok_or_else(|| {
        let known: Vec<&str> = all().iter().map(|a| a.name).collect();
        format!(
            "unknown arch {name:?} (tests/arches has {})",
            known.join(", ")
        )
    })
}

/// How much of the scenario matrix an architecture runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matrix {
    /// Every scenario on every kernel version.
    Full,
    /// [`SMOKE`] on the first kernel version, on a kernel built with only
    /// what those need (scripts/boot-kernel-arch's `smoke`).
    Smoke,
}

/// BOOT_TESTS_ARCH: `all` (every arch, whole matrix), or a comma-separated
/// list of `ARCH` (whole matrix) and `ARCH:smoke`; unset or `default` is
/// [`DEFAULT_SELECTION`]. An arch not named does not boot.
pub fn select(value: Option<&str>) -> Result<Vec<(&'static Arch, Matrix)>, String> {
    let value = match value {
        None | Some("") | Some("default") => DEFAULT_SELECTION,
        Some("all") => return Ok(all().iter().map(|a| (a, Matrix::Full)).collect()),
        Some(v) => v,
    };
    let mut out: Vec<(&'static Arch, Matrix)> = Vec::new();
    for item in value.split(',').filter(|i| !i.is_empty()) {
        let (name, matrix) = match item.split_once(':') {
            None => (item, Matrix::Full),
            Some((n, "smoke")) => (n, Matrix::Smoke),
            Some((_, m)) => {
                return Err(format!(
                    "BOOT_TESTS_ARCH: {item:?}: {m:?} is no matrix (ARCH or ARCH:smoke)"
                ))
            }
        };
        let a = find(name).map_err(|e| format!("BOOT_TESTS_ARCH: {e}"))?;
        if out.iter().any(|(o, _)| o.name == a.name) {
            return Err(format!("BOOT_TESTS_ARCH: {name} named twice"));
        }
        out.push((a, matrix));
    }
    if out.is_empty() {
        return Err("BOOT_TESTS_ARCH names no architecture".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses() {
        let x = find("x86_64").unwrap();
        assert!(x.is_native());
        assert_eq!(x.machine, None);
        assert_eq!(x.hotplug, Hotplug::Pci);
        assert_eq!(
            x.base_append(),
            "console=ttyS0 panic=-1 printk.time=1 no_timer_check"
        );
        assert_eq!(x.label("6.1"), "6.1");
        let a = find("aarch64").unwrap();
        assert_eq!(
            (a.machine, a.console, a.lava),
            (Some("virt"), "ttyAMA0", "arm64")
        );
        assert_eq!(a.base_append(), "console=ttyAMA0 panic=-1 printk.time=1");
        assert_eq!(a.label("6.12"), "aarch64 6.12");
        let r = find("riscv64").unwrap();
        assert_eq!(r.hotplug, Hotplug::PcieRootPort);
        assert_eq!(r.restart, "OpenSBI v|Linux version [0-9]");
        assert!(r.firmware.is_some_and(|f| f.ends_with("fw_dynamic.bin")));
        assert!(find("mips")
            .unwrap_err()
            .contains("x86_64, aarch64, riscv64"));
    }

    #[test]
    fn bad_lines_are_named() {
        let e = parse("# c\nx86_64 q - - ttyS0 - img pci -\n", "t").unwrap_err();
        assert!(e.starts_with("t:2: want arch qemu"), "{e}");
        let e = parse("x86_64 q - - ttyS0 - img pci - l\n", "t").unwrap_err();
        assert!(e.starts_with("t:1: want arch qemu"), "{e}");
        let e = parse("a q - - c - i usb - l r\n", "t").unwrap_err();
        assert!(e.contains("t:1: hotplug \"usb\""), "{e}");
        let e = parse("a q - - c - i pci - l r\na q - - c - i pci - l r\n", "t").unwrap_err();
        assert_eq!(e, "t:2: a again");
        assert!(parse("# nothing\n", "t").is_err());
        let ok = parse(
            "a q m - c - i pci p1,p2=x l  Start of|the   machine \n",
            "t",
        )
        .unwrap();
        assert_eq!(ok[0].append, ["p1", "p2=x"]);
        assert_eq!(ok[0].restart, "Start of|the   machine");
    }

    #[test]
    fn selections() {
        let names = |v| {
            select(v)
                .unwrap()
                .iter()
                .map(|(a, m)| format!("{}:{m:?}", a.name))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(None),
            ["x86_64:Full", "aarch64:Smoke", "riscv64:Smoke"]
        );
        assert_eq!(names(Some("default")), names(None));
        assert_eq!(
            names(Some("all")),
            ["x86_64:Full", "aarch64:Full", "riscv64:Full"]
        );
        assert_eq!(
            names(Some("riscv64,x86_64:smoke")),
            ["riscv64:Full", "x86_64:Smoke"]
        );
        assert!(select(Some("aarch64:most"))
            .unwrap_err()
            .contains("no matrix"));
        assert!(select(Some("sparc")).unwrap_err().contains("unknown arch"));
        assert!(select(Some("aarch64,aarch64"))
            .unwrap_err()
            .contains("twice"));
        assert!(select(Some(",")).is_err());
    }
}
