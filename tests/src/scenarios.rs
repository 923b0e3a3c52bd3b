//! The scenario matrix: each entry is one boot with its disks, kernel command
//! line and the check made on the console. Scenarios on our own kernels run
//! once per kernel version (6.12, 6.1); the module-loading one runs on
//! Debian's prebuilt kernel. Scenarios that kinit cannot pass yet are kept
//! here with `default: false` and run only when named in BOOT_TESTS_OPTIN.

/// The root disks the scenarios use; each is built once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disk {
    /// ext4 on the whole disk, with ROOT_UUID and ROOT_LABEL.
    Ext4,
    /// MBR (signature MBR_ID) with ext4 as partition 1.
    Ext4Mbr,
    /// GPT: partition 1 blank (GPT_P1), partition 2 ext4 (GPT_P2, PARTLABEL).
    Ext4Gpt,
    Xfs,
    Btrfs,
    Squashfs,
    Vfat,
    /// ext4 with only /etc/init, only /bin/init, only /bin/sh.
    EtcInit,
    BinInit,
    BinSh,
    /// ext4 whose superblock keeps its magic but cannot be mounted.
    CorruptExt4,
    /// A swap area with no hibernation image.
    Swap,
}

pub const ROOT_UUID: &str = "3f1e0b6a-5c2d-4e8f-9a7b-1c2d3e4f5a6b";
pub const ROOT_LABEL: &str = "kinitroot";
pub const MBR_ID: u32 = 0x4b49_4e54;
pub const GPT_P1: &str = "6a8f2b1c-3d4e-4f5a-8b9c-0d1e2f3a4b5c";
pub const GPT_P2: &str = "0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f";
pub const GPT_P2_NAME: &str = "kinit-root";

/// Which kernel a scenario boots.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KernelSel {
    /// Each of our tinyconfig kernels (6.12 and 6.1).
    Own,
    /// Debian's prebuilt linux-image, with its modules in the initramfs.
    Debian,
}

/// Which kinit goes into the initramfs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KinitSel {
    /// Built for the booted kernel's release.
    Matching,
    /// Built for another release: kinit must say so once and go on.
    Skewed,
    /// Built for the booted kernel's release without network boot (the
    /// `net` feature off, CONFIG_INITRAMFS_KINIT_NET=n).
    Local,
}

pub const SKEWED_RELEASE: &str = "0.0.0-skewed";

/// What the console must show.
#[derive(Debug, Clone)]
pub enum Check {
    /// The stand-in init ran; every `Some` must match what it reported.
    Boots {
        argv: Option<&'static [&'static str]>,
        fstype: Option<&'static str>,
        mode: Option<&'static str>,
        /// Major 0 means "the virtio-blk major, whatever it is".
        st_dev: Option<(u32, u32)>,
        /// Seconds at least between "Run /init" and the init's first line.
        min_wait: Option<f64>,
    },
    /// kinit gives up with a message and does not panic; each entry is a set
    /// of alternatives ("a|b") of which one must appear in a `kinit:` line.
    Fails { kinit_says: &'static [&'static str] },
    /// No kinit: the initramfs has Debian's dash built on klibc's C library
    /// as /bin/sh and [`RESCUE_SCRIPT`] as /etc/rescue.sh, booted with
    /// `rdinit=/bin/sh -- /etc/rescue.sh`; each line must appear in order.
    Shell { says: &'static [&'static str] },
}

/// The script the rescue-shell scenario runs on the console: shell builtins
/// only (there is nothing else in that initramfs), forks for pipelines and
/// command substitution, then exits (the kernel then reports that init
/// exited, with status 0).
pub const RESCUE_SCRIPT: &str = r#"echo "rescue-shell: begin"
x=$((6 * 7)); echo "rescue-shell: arith $x"
f() { echo "rescue-shell: func $1"; }; f ok
s=$(echo sub | while read -r l; do echo "$l$l"; done); echo "rescue-shell: subst $s"
echo abc | { read -r v; echo "rescue-shell: pipe $v"; }
read -r a b <<END
one two
END
echo "rescue-shell: read $b $a"
set -- /etc/*; echo "rescue-shell: glob $*"
trap 'echo "rescue-shell: end"' EXIT
exit 0
"#;

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: &'static str,
    pub kernel: KernelSel,
    pub disks: &'static [Disk],
    /// Hot-added through the monitor after "Run /init" (rootwait).
    pub late: Option<Disk>,
    pub append: &'static str,
    pub kinit: KinitSel,
    pub check: Check,
    /// Part of the default run (else only with BOOT_TESTS_OPTIN).
    pub default: bool,
    /// Mount options / must have (rootflags=), when the init runs.
    pub root_opts: &'static [&'static str],
    /// Capabilities (numbers) the init must have in neither its bounding nor
    /// its effective set, while keeping the others (drop_capabilities=).
    pub caps_dropped: &'static [u32],
    /// Mounts (directory, type) the init must see (kinit_mount=).
    pub mounts: &'static [(&'static str, &'static str)],
    pub net: Net,
}

/// The network a scenario boots with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    None,
    /// QEMU's user network on virtio-net (its DHCP server; the host is 10.0.2.2).
    User,
    /// The user network and nfs-ganesha on the host exporting a tree with
    /// boot-marker as /sbin/init; `@NFS_EXPORT@` in the command line is its path.
    Nfs,
}

/// Boots on an NFS root exported by the host.
const fn nfs(name: &'static str, append: &'static str) -> Scenario {
    Scenario {
        net: Net::Nfs,
        ..own(name, &[], append, boots("nfs", None))
    }
}

const fn boots(fstype: &'static str, st_dev: Option<(u32, u32)>) -> Check {
    Check::Boots {
        argv: None,
        fstype: Some(fstype),
        mode: None,
        st_dev,
        min_wait: None,
    }
}

const fn own(
    name: &'static str,
    disks: &'static [Disk],
    append: &'static str,
    check: Check,
) -> Scenario {
    Scenario {
        name,
        kernel: KernelSel::Own,
        disks,
        late: None,
        append,
        kinit: KinitSel::Matching,
        check,
        default: true,
        net: Net::None,
        root_opts: &[],
        caps_dropped: &[],
        mounts: &[],
    }
}

/// Every scenario, in run order.
pub fn all() -> Vec<Scenario> {
    use Disk::*;
    let vda = Some((0, 0));
    let vda1 = Some((0, 1));
    let vda2 = Some((0, 2));
    vec![
        // root= forms
        own(
            "root=/dev/vda",
            &[Ext4],
            "root=/dev/vda",
            boots("ext4", vda),
        ),
        own(
            "root=/dev/vda1",
            &[Ext4Mbr],
            "root=/dev/vda1",
            boots("ext4", vda1),
        ),
        own(
            "root=MAJ:MIN",
            &[Ext4Mbr],
            "root=254:1",
            boots("ext4", vda1),
        ),
        own("root=hex", &[Ext4Mbr], "root=fe01", boots("ext4", vda1)),
        own(
            "root=PARTUUID (MBR)",
            &[Ext4Mbr],
            "root=PARTUUID=4b494e54-01",
            boots("ext4", vda1),
        ),
        own(
            "root=PARTUUID (GPT)",
            &[Ext4Gpt],
            "root=PARTUUID=0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f",
            boots("ext4", vda2),
        ),
        own(
            "root=PARTUUID/PARTNROFF",
            &[Ext4Gpt],
            "root=PARTUUID=6a8f2b1c-3d4e-4f5a-8b9c-0d1e2f3a4b5c/PARTNROFF=1",
            boots("ext4", vda2),
        ),
        own(
            "root=UUID",
            &[Swap, Ext4],
            "root=UUID=3f1e0b6a-5c2d-4e8f-9a7b-1c2d3e4f5a6b",
            boots("ext4", Some((0, 16))),
        ),
        own(
            "root=LABEL",
            &[Swap, Ext4],
            "root=LABEL=kinitroot",
            boots("ext4", Some((0, 16))),
        ),
        own(
            "root=PARTLABEL",
            &[Ext4Gpt],
            "root=PARTLABEL=kinit-root",
            boots("ext4", vda2),
        ),
        // klibc's root= lists (Root_MULTI): each entry in turn
        own(
            "root= list, first missing",
            &[Ext4],
            "root=/dev/vdz,/dev/vda",
            boots("ext4", vda),
        ),
        own(
            "root= list, first does not mount",
            &[CorruptExt4, Ext4],
            "root=/dev/vda,LABEL=kinitroot",
            boots("ext4", Some((0, 16))),
        ),
        // filesystems, detected from their superblocks
        own("fs xfs", &[Xfs], "root=/dev/vda", boots("xfs", vda)),
        // btrfs gives its mounts anonymous device numbers: no st_dev check
        own("fs btrfs", &[Btrfs], "root=/dev/vda", boots("btrfs", None)),
        own(
            "fs squashfs",
            &[Squashfs],
            "root=/dev/vda",
            boots("squashfs", vda),
        ),
        own("fs vfat", &[Vfat], "root=/dev/vda", boots("vfat", vda)),
        own(
            "rootfstype list",
            &[Ext4],
            "root=/dev/vda rootfstype=xfs,ext4",
            boots("ext4", vda),
        ),
        // ro / rw
        own(
            "ro",
            &[Ext4],
            "root=/dev/vda ro",
            Check::Boots {
                argv: None,
                fstype: Some("ext4"),
                mode: Some("ro"),
                st_dev: vda,
                min_wait: None,
            },
        ),
        own(
            "rw",
            &[Ext4],
            "root=/dev/vda rw",
            Check::Boots {
                argv: None,
                fstype: Some("ext4"),
                mode: Some("rw"),
                st_dev: vda,
                min_wait: None,
            },
        ),
        Scenario {
            root_opts: &["data=journal"],
            ..own(
                "rootflags",
                &[Ext4],
                "root=/dev/vda rootflags=data=journal",
                boots("ext4", vda),
            )
        },
        // klibc's drop_capabilities=: CAP_SYS_MODULE (16), CAP_SYS_RAWIO (17)
        Scenario {
            caps_dropped: &[16, 17],
            ..own(
                "drop_capabilities",
                &[Ext4],
                "root=/dev/vda drop_capabilities=cap_sys_module,CAP_SYS_RAWIO",
                boots("ext4", vda),
            )
        },
        // klibc's kinit_mount=: a second disk and a tmpfs inside the new root
        Scenario {
            mounts: &[("/tmp", "ext4"), ("/etc", "tmpfs")],
            ..own(
                "kinit_mount",
                &[Ext4, EtcInit],
                "root=/dev/vda kinit_mount=/dev/vdb;/tmp;ext4;ro kinit_mount=tmpfs;/etc;tmpfs;size=1m",
                boots("ext4", vda),
            )
        },
        // waiting for the root device
        Scenario {
            late: Some(Ext4),
            ..own(
                "rootwait, disk hot-added",
                &[],
                "root=/dev/vda rootwait",
                boots("ext4", vda),
            )
        },
        own(
            "rootdelay",
            &[Ext4],
            "root=/dev/vda rootdelay=3",
            Check::Boots {
                argv: None,
                fstype: Some("ext4"),
                mode: None,
                st_dev: vda,
                min_wait: Some(3.0),
            },
        ),
        own(
            "rootwait=seconds, no disk",
            &[Ext4],
            "root=/dev/vdz rootwait=3",
            Check::Fails {
                kinit_says: &["vdz"],
            },
        ),
        // init
        own(
            "init= with arguments",
            &[Ext4],
            "root=/dev/vda init=/sbin/other-init -- one two=2 three",
            Check::Boots {
                argv: Some(&["/sbin/other-init", "one", "two=2", "three"]),
                fstype: Some("ext4"),
                mode: None,
                st_dev: vda,
                min_wait: None,
            },
        ),
        own(
            "init fallback /etc/init",
            &[EtcInit],
            "root=/dev/vda",
            argv0(&["/etc/init"]),
        ),
        own(
            "init fallback /bin/init",
            &[BinInit],
            "root=/dev/vda",
            argv0(&["/bin/init"]),
        ),
        own(
            "init fallback /bin/sh",
            &[BinSh],
            "root=/dev/vda",
            argv0(&["/bin/sh"]),
        ),
        // failures: a clear message, no panic
        // ... naming the device, and listing the block devices it saw (the
        // 16 MiB vda, as the kernel does before its panic)
        own(
            "missing root device",
            &[Ext4],
            "root=/dev/vdz",
            Check::Fails {
                kinit_says: &["vdz", "16384 vda"],
            },
        ),
        own(
            "corrupt superblock",
            &[CorruptExt4],
            "root=/dev/vda",
            Check::Fails {
                kinit_says: &["vda|/dev/root"],
            },
        ),
        own(
            "wrong rootfstype",
            &[Ext4],
            "root=/dev/vda rootfstype=xfs",
            Check::Fails {
                kinit_says: &["xfs|vda|/dev/root"],
            },
        ),
        // resume before root
        own(
            "resume= without an image",
            &[Ext4, Swap],
            "root=/dev/vda resume=/dev/vdb",
            boots("ext4", vda),
        ),
        // lockstep
        Scenario {
            kinit: KinitSel::Skewed,
            ..own("version skew", &[Ext4], "root=/dev/vda", boots("ext4", vda))
        },
        // kinit without network boot (INITRAMFS_KINIT_NET=n): local roots
        // boot, ip= is ignored with a message, root=/dev/nfs fails with one
        Scenario {
            kinit: KinitSel::Local,
            ..own(
                "kinit without network boot, ip= ignored",
                &[Ext4],
                "root=/dev/vda ip=dhcp",
                boots("ext4", vda),
            )
        },
        Scenario {
            kinit: KinitSel::Local,
            ..own(
                "kinit without network boot, root=/dev/nfs",
                &[],
                "root=/dev/nfs nfsroot=10.0.2.2:/srv",
                Check::Fails {
                    kinit_says: &["built without network boot", "Unable to mount root fs via NFS"],
                },
            )
        },
        // network boot: ip= with a local root, NFS roots (nfs-ganesha on the host)
        Scenario {
            net: Net::User,
            ..own("ip=dhcp, local root", &[Ext4], "root=/dev/vda ip=dhcp", boots("ext4", vda))
        },
        Scenario {
            net: Net::User,
            ..own(
                "ip=dhcp with BOOTIF=, local root",
                &[Ext4],
                "root=/dev/vda ip=dhcp BOOTIF=01-52-54-00-12-34-56",
                boots("ext4", vda),
            )
        },
        Scenario {
            net: Net::User,
            ..own(
                "ip=static, local root",
                &[Ext4],
                "root=/dev/vda ip=10.0.2.15::10.0.2.2:255.255.255.0:guest:eth0:off",
                boots("ext4", vda),
            )
        },
        nfs(
            "nfsroot, ip=dhcp",
            "root=/dev/nfs nfsroot=10.0.2.2:@NFS_EXPORT@,vers=3,tcp ip=dhcp",
        ),
        nfs(
            "nfsroot, static ip=",
            "root=/dev/nfs nfsroot=10.0.2.2:@NFS_EXPORT@ ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0:guest:eth0:off",
        ),
        // NFS over UDP: rpcbind and MOUNT go over UDP, then the kernel
        // refuses the transport (NFS_DISABLE_UDP_SUPPORT, default y since
        // 5.6, as in Debian's kernels): kinit must say so and stop.
        nfs(
            "nfsroot with %s (the client's address)",
            "root=/dev/nfs nfsroot=10.0.2.2:@NFS_EXPORT@/%s,tcp ip=dhcp",
        ),
        Scenario {
            net: Net::Nfs,
            ..own(
                "nfsroot over UDP, kernel without NFS/UDP",
                &[],
                "root=/dev/nfs nfsroot=10.0.2.2:@NFS_EXPORT@,udp ip=dhcp",
                Check::Fails {
                    kinit_says: &["Invalid argument"],
                },
            )
        },
        Scenario {
            net: Net::Nfs,
            ..own(
                "nfsroot, server from DHCP, rw",
                &[],
                "root=/dev/nfs nfsroot=@NFS_EXPORT@ ip=dhcp rw",
                Check::Boots {
                    argv: None,
                    fstype: Some("nfs"),
                    mode: Some("rw"),
                    st_dev: None,
                    min_wait: None,
                },
            )
        },
        Scenario {
            net: Net::Nfs,
            ..own(
                "nfsroot, export missing",
                &[],
                "root=/dev/nfs nfsroot=10.0.2.2:/not/exported ip=dhcp",
                Check::Fails {
                    kinit_says: &["mount call failed|Unable to mount root fs via NFS"],
                },
            )
        },
        // a rescue shell: dash on klibc as the initramfs's init
        own(
            "rdinit=/bin/sh (dash on klibc)",
            &[],
            "rdinit=/bin/sh -- /etc/rescue.sh",
            Check::Shell {
                says: &[
                    "rescue-shell: begin",
                    "rescue-shell: arith 42",
                    "rescue-shell: func ok",
                    "rescue-shell: subst subsub",
                    "rescue-shell: pipe abc",
                    "rescue-shell: read two one",
                    "rescue-shell: glob /etc/rescue.sh",
                    "rescue-shell: end",
                ],
            },
        ),
        // modules, on Debian's kernel: virtio_pci, virtio_blk and
        // crc32c_generic from /etc/modules, ext4 from modules-load=
        Scenario {
            kernel: KernelSel::Debian,
            ..own(
                "modules",
                &[Ext4],
                "root=/dev/vda rootwait modules-load=ext4",
                boots("ext4", vda),
            )
        },
    ]
}

/// Boots with this argv (the init fallback chain: argv[0] is the path run).
const fn argv0(argv: &'static [&'static str]) -> Check {
    Check::Boots {
        argv: Some(argv),
        fstype: Some("ext4"),
        mode: None,
        st_dev: Some((0, 0)),
        min_wait: None,
    }
}
