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
    /// ext4 whose only init, /sbin/init, has no execute permission.
    InitNoExec,
    /// ext4 whose only init, /sbin/init, is a symlink to nothing.
    InitDangling,
    /// ext4 with a committed transaction in its journal, not replayed
    /// (needs_recovery set), as after a crash.
    Ext4Unreplayed,
    /// iso9660 with Rock Ridge (xorriso): a root whose filesystem is a
    /// module of our kernels.
    Iso9660,
    /// Member 0 or 1 of an md array (tests/src/md_images.rs).
    Md(MdSet, u8),
    /// jffs2 for block2mtd (64 KiB erase blocks).
    Jffs2,
    /// UBI with a ubifs volume `rootfs`, for block2mtd.
    Ubi,
    /// ext4 with an /initrd directory (an old-style initrd is moved there).
    Ext4InitrdDir,
    /// The data of a dm-verity root (ext4), and its hash device made by
    /// `veritysetup format` (the root hash is `@ROOTHASH@`).
    VerityData,
    VerityHash,
    /// VerityData with a flipped byte in the ext4 superblock (the hash
    /// device is the intact one's).
    VerityDataCorrupt,
    /// One GPT disk: the verity data as a root partition (8304) and the
    /// hash as a root-verity partition (830c), their PARTUUIDs the first
    /// and last 128 bits of the root hash (systemd's rule).
    VerityGpt,
    /// GPT for the Discoverable Partitions (sgdisk --typecode): a blank
    /// partition, the root (8304, ext4) and /usr (8314, ext4).
    DpsGpt,
    /// DpsGpt whose root has the read-only flag (60).
    DpsGptReadOnly,
    /// DpsGpt whose first root has no-auto (63): the second is root.
    DpsGptNoAuto,
}

/// Replaced by the verity root hash in a command line.
pub const ROOTHASH_PLACEHOLDER: &str = "@ROOTHASH@";

/// A dash script for the rescue-shell scenarios, run by the shell kinit
/// starts (dash reads `$ENV` when interactive; the kernel hands
/// `ENV=/etc/kinit-rc` from the command line to init).
pub const RESCUE_RC_BREAK: &str = "echo \"rescue-shell: at the break\"\nexit 0\n";
/// The same, waiting for the root disk to appear before it exits.
pub const RESCUE_RC_WAIT: &str = "echo \"rescue-shell: waiting for vda\"\nwhile [ ! -e /sys/class/block/vda ]; do :; done\necho \"rescue-shell: vda is there\"\nexit 0\n";

pub use crate::md_images::MdSet;

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
    /// Built for the booted kernel's release with the test-only
    /// `--cfg fault_injection`: `klibc_fail_alloc=N` and `kinit_pause=S` on
    /// the command line make the Nth allocation fail or kinit pause before
    /// it mounts root (kinit/src/faults.rs).
    Faults,
}

/// What kinit says when it pauses in a fault-injection build.
pub const PAUSE_LINE: &str = "kinit: fault injection: pausing";

/// What the harness does to a boot while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// `drive_del virtio0` through the monitor when kinit pauses before
    /// mounting root (the disk vanishes between lookup and mount).
    DriveDel,
    /// SIGKILL to the NFS server when kinit pauses after the MOUNT call,
    /// before mount(2). The server is then gone for good: these boots run
    /// alone, after the others, with a server of their own.
    KillNfs,
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
    /// What happens to the boot while it runs.
    pub fault: Fault,
    /// The disks are read-only to the guest (QEMU's `readonly=on`).
    pub readonly: bool,
    /// Console lines (anywhere, not only `kinit:` ones) that must appear;
    /// each a set of alternatives ("a|b").
    pub console_says: &'static [&'static str],
    /// Seconds this boot may take instead of BOOT_TESTS_TIMEOUT's.
    pub timeout_s: Option<u64>,
    /// What the initramfs holds besides kinit.
    pub initramfs: Extra,
    /// Alternatives ("a|b") of which one must appear in a `kinit:` line, for
    /// any check (Check::Fails has its own list).
    pub kinit_says: &'static [&'static str],
    /// Modules the init must see loaded (boot-marker's /proc/modules).
    pub modules: &'static [&'static str],
    /// A host directory holding the root (boot-marker as /sbin/init),
    /// exported to the guest as virtiofs or 9p under the tag `rootfs`.
    pub share: Option<ShareKind>,
    /// What the console must show before `late` is hot-added (3 s later).
    pub late_after: &'static str,
    /// Boot through OVMF and systemd-boot from one more disk, last: an ESP
    /// holding the kernel, the initramfs and the command line (a loader
    /// entry), and a root partition (8304, ext4). systemd-boot sets
    /// LoaderDevicePartUUID to the ESP's PARTUUID.
    pub efi: bool,
}

pub use crate::qemu::ShareKind;

/// The tag the root directory is exported under.
pub const SHARE_TAG: &str = "rootfs";

/// Old-style initrd images (`/initrd.image` in the initramfs), ext2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InitrdImage {
    /// tests/src/linuxrc.c (static) as /linuxrc: it sets real-root-dev to
    /// /dev/vda.
    Linuxrc,
    /// boot-marker as /sbin/init: the RAM disk is the root.
    Root,
    /// Root, gzip-compressed (as bootloaders and mkinitrd ship them).
    RootGzip,
}

/// What an initramfs holds besides kinit as /init.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extra {
    None,
    /// Our kernel's own xz-compressed modules for [`OWN_MODULES`] with
    /// their dependencies, modules.dep, and /etc/modules naming
    /// [`OWN_ETC_MODULES`]; minix's module recompressed with zstd (a format
    /// the kernel does not decompress) and renamed in modules.dep.
    OwnModules,
    /// An old-style initrd image as /initrd.image.
    Initrd(InitrdImage),
    /// dash on klibc as /bin/sh and this text as /etc/kinit-rc.
    Shell(&'static str),
}

/// The modules of our kernels (=m in tests/kernel/boot.config) that the
/// compressed-module scenario puts in its initramfs.
pub const OWN_MODULES: &[&str] = &["isofs", "udf", "minix"];
/// Its /etc/modules: the root's filesystem, and the zstd one.
pub const OWN_ETC_MODULES: &[&str] = &["isofs", "minix"];

/// The network a scenario boots with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    None,
    /// QEMU's user network on virtio-net (its DHCP server; the host is 10.0.2.2).
    User,
    /// The user network and nfs-ganesha on the host exporting a tree with
    /// boot-marker as /sbin/init; `@NFS_EXPORT@` in the command line is its path.
    Nfs,
    /// A link to the harness's DHCP server that answers with garbage, then
    /// not at all (dhcp_garbage.rs).
    GarbageDhcp,
    /// The user network serving such a tree over SMB (QEMU's `smb=`, the
    /// host's smbd from samba): share `qemu` at 10.0.2.4.
    Smb,
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
        initramfs: Extra::None,
        kinit_says: &[],
        modules: &[],
        share: None,
        late_after: "Run /init as init process",
        efi: false,
        fault: Fault::None,
        readonly: false,
        console_says: &[],
        timeout_s: None,
    }
}

/// The `panic=` a boot runs with: the last on its command line (as for
/// the kernel and kinit), else the kernel's default 0.
pub fn panic_of(append: &str) -> i64 {
    append
        .split_whitespace()
        .take_while(|w| *w != "--")
        .filter_map(|w| w.strip_prefix("panic="))
        .filter_map(|v| v.parse().ok())
        .last()
        .unwrap_or(0)
}

/// A boot with the fault-injection kinit that must fail with `says`.
const fn faulty(
    name: &'static str,
    disks: &'static [Disk],
    append: &'static str,
    says: &'static [&'static str],
) -> Scenario {
    Scenario {
        kinit: KinitSel::Faults,
        ..own(name, disks, append, Check::Fails { kinit_says: says })
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
        // virtio-blk's dynamic major is 253 on the boot kernels: md's mdp
        // and device-mapper take theirs first
        own(
            "root=MAJ:MIN",
            &[Ext4Mbr],
            "root=253:1",
            boots("ext4", vda1),
        ),
        own("root=hex", &[Ext4Mbr], "root=fd01", boots("ext4", vda1)),
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
        Scenario {
            default: false,
            ..own(
            "root= list, first does not mount",
            &[CorruptExt4, Ext4],
            "root=/dev/vda,LABEL=kinitroot",
            boots("ext4", Some((0, 16))),
        )
        },
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
        // panic=: what kinit does when it cannot boot, as the kernel's own
        // panic would (the failures above run with the harness's panic=-1)
        own(
            "panic=0 halts",
            &[Ext4],
            "root=/dev/vdz panic=0",
            Check::Fails {
                kinit_says: &["cannot find root device /dev/vdz"],
            },
        ),
        own(
            "panic=5 reboots after 5 s",
            &[Ext4],
            "root=/dev/vdz panic=5",
            Check::Fails {
                kinit_says: &["cannot find root device /dev/vdz"],
            },
        ),
        own(
            "panic=-1 reboots at once",
            &[Ext4],
            "root=/dev/vdz panic=-1",
            Check::Fails {
                kinit_says: &["cannot find root device /dev/vdz"],
            },
        ),
        // faults during boot; the allocation and pause faults need the
        // fault-injection kinit (KinitSel::Faults)
        faulty(
            "allocation 1 fails (before /proc)",
            &[Ext4],
            "root=/dev/vda klibc_fail_alloc=1",
            &["internal error at && out of memory"],
        ),
        // (a boot into this root on the boot kernels makes about 210
        // allocations, most of them walking /sys/block's 16 RAM disks and
        // the partitions for md autodetection: the 15th is early in the
        // root device's lookup, the 206th after root is mounted, on 6.1 and
        // 6.12 alike; a kernel with other block devices moves it)
        faulty(
            "allocation 15 fails, panic=0",
            &[Ext4],
            "root=/dev/vda klibc_fail_alloc=15 panic=0",
            &["internal error at && out of memory"],
        ),
        faulty(
            "allocation 206 fails (root mounted)",
            &[Ext4],
            "root=/dev/vda klibc_fail_alloc=206",
            &["Mounted root (ext4 filesystem)", "internal error at && out of memory"],
        ),
        // the disk vanishes between lookup and mount: the mount's message
        Scenario {
            fault: Fault::DriveDel,
            ..faulty(
                "disk removed before mount",
                &[Ext4],
                "root=/dev/vda kinit_pause=2",
                &[
                    "fault injection: pausing 2s before mounting /dev/vda",
                    "mounting /dev/vda on /root as ext4",
                    "Unable to mount root fs on /dev/vda",
                ],
            )
        },
        own(
            "init not executable",
            &[InitNoExec],
            "root=/dev/vda",
            Check::Fails {
                kinit_says: &["running /sbin/init: Permission denied", "no working init found"],
            },
        ),
        own(
            "init a dangling link",
            &[InitDangling],
            "root=/dev/vda",
            Check::Fails {
                kinit_says: &[
                    "running /sbin/init: No such file or directory",
                    "no working init found",
                ],
            },
        ),
        // rw asked of a read-only disk whose ext4 journal needs replaying:
        // read-write is refused (EACCES), and read-only too, as ext4 will
        // not skip the replay nor write it (EROFS): no root
        Scenario {
            readonly: true,
            ..own(
                "read-only disk, journal to replay, rw",
                &[Ext4Unreplayed],
                "root=/dev/vda rw",
                Check::Fails {
                    kinit_says: &[
                        "mounting /dev/vda on /root as ext4: Read-only file system",
                        "Unable to mount root fs on /dev/vda",
                    ],
                },
            )
        },
        // garbage from the DHCP server, then silence: ipconfig ignores each
        // broken reply (IPCONFIG_DEBUG=1 says so), gives up after its minute
        // and the local root boots
        Scenario {
            net: Net::GarbageDhcp,
            console_says: &["ignored", "IP-Config: no response after 60 secs - giving up"],
            timeout_s: Some(150),
            ..own(
                "DHCP answers garbage, then nothing",
                &[Ext4],
                "root=/dev/vda ip=dhcp IPCONFIG_DEBUG=1",
                boots("ext4", vda),
            )
        },
        // the NFS server dies after the MOUNT call, before mount(2)
        Scenario {
            net: Net::Nfs,
            fault: Fault::KillNfs,
            ..faulty(
                "NFS server killed mid-mount",
                &[],
                "root=/dev/nfs nfsroot=10.0.2.2:@NFS_EXPORT@,vers=3,tcp ip=dhcp kinit_pause=2",
                &["fault injection: pausing 2s before mounting 10.0.2.2:", "Unable to mount root fs via NFS"],
            )
        },
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
        // md RAID (kinit assembles; the kernel's own md= runs only without
        // an initramfs /init): members made by mdadm --create in a guest
        Scenario {
            default: false,
            kinit_says: &["md: md0 started (raid1, 2 of 2 disks, superblock 1.2)"],
            ..own(
                "md=N,devs (RAID1, superblock 1.2)",
                &[Md(MdSet::Raid1, 0), Md(MdSet::Raid1, 1)],
                "md=0,/dev/vda,/dev/vdb raid=noautodetect root=/dev/md0",
                boots("ext4", Some((9, 0))),
            )
        },
        Scenario {
            kinit_says: &[
                "md: md0: unknown device /dev/vdb",
                "md: md0 started degraded (raid1, 1 of 2 disks, superblock 1.2)",
            ],
            ..own(
                "md RAID1 with a member missing boots degraded",
                &[Md(MdSet::Raid1, 0)],
                "md=0,/dev/vda,/dev/vdb root=/dev/md0",
                boots("ext4", Some((9, 0))),
            )
        },
        Scenario {
            kinit_says: &["md: md0 started (raid1, 2 of 2 disks, superblock 0.90)"],
            ..own(
                "md autodetect (0.90 on type 0xfd partitions)",
                &[Md(MdSet::Auto090, 0), Md(MdSet::Auto090, 1)],
                "root=/dev/md0",
                boots("ext4", Some((9, 0))),
            )
        },
        Scenario {
            default: false,
            kinit_says: &["md: md0 started (raid1, 2 of 2 disks, superblock 0.90)"],
            ..own(
                "md=N,partitions (0.90), raid=noautodetect",
                &[Md(MdSet::Auto090, 0), Md(MdSet::Auto090, 1)],
                "raid=noautodetect md=0,vda1,vdb1 root=/dev/md0",
                boots("ext4", Some((9, 0))),
            )
        },
        Scenario {
            default: false,
            kinit_says: &["md: md_d0 started (raid1, 2 of 2 disks, superblock 0.90)"],
            ..own(
                "md autodetect, raid=partitionable",
                &[Md(MdSet::Auto090, 0), Md(MdSet::Auto090, 1)],
                "raid=partitionable root=/dev/md_d0",
                boots("ext4", None),
            )
        },
        Scenario {
            default: false,
            kinit_says: &["md: md_d0 started (raid1, 2 of 2 disks, superblock 1.2)"],
            ..own(
                "md=dN partitionable (md_d0p1)",
                &[Md(MdSet::Partitioned, 0), Md(MdSet::Partitioned, 1)],
                "md=d0,/dev/vda,/dev/vdb root=/dev/md_d0p1",
                boots("ext4", None),
            )
        },
        Scenario {
            default: false,
            kinit_says: &["md: md0 started (raid0, 2 of 2 disks, no superblock)"],
            ..own(
                "md=N,0,... RAID0 without superblocks",
                &[Md(MdSet::Raid0, 0), Md(MdSet::Raid0, 1)],
                "md=0,0,4,0,/dev/vda,/dev/vdb root=/dev/md0",
                boots("ext4", Some((9, 0))),
            )
        },
        Scenario {
            default: false,
            kinit_says: &["md: md1 started (linear, 2 of 2 disks, no superblock)"],
            ..own(
                "md=N,-1,... linear without superblocks",
                &[Md(MdSet::Linear, 0), Md(MdSet::Linear, 1)],
                "md=1,-1,0,0,/dev/vda,/dev/vdb root=/dev/md1",
                boots("ext4", Some((9, 1))),
            )
        },
        // roots without a block device: a host directory through virtiofsd
        // and through QEMU's 9p server
        Scenario {
            share: Some(ShareKind::Virtiofs),
            ..own(
                "rootfstype=virtiofs root=<tag> (virtiofsd)",
                &[],
                "rootfstype=virtiofs root=rootfs",
                boots("virtiofs", None),
            )
        },
        Scenario {
            default: false,
            share: Some(ShareKind::NineP),
            ..own(
                "rootfstype=9p root=<tag> (QEMU -virtfs)",
                &[],
                "rootfstype=9p root=rootfs rootflags=trans=virtio,version=9p2000.L",
                boots("9p", None),
            )
        },
        // an SMB root (QEMU's smb= with the host's smbd): root=/dev/cifs
        Scenario {
            net: Net::Smb,
            kinit_says: &["Mounted root (cifs filesystem)"],
            ..own(
                "root=/dev/cifs cifsroot= (SMB 3)",
                &[],
                "ip=dhcp root=/dev/cifs cifsroot=//10.0.2.4/qemu,vers=3.0,sec=none",
                boots("cifs", None),
            )
        },
        // old-style initrd images: /initrd.image into /dev/ram0, /linuxrc
        Scenario {
            initramfs: Extra::Initrd(InitrdImage::Linuxrc),
            kinit_says: &[
                "ignoring the deprecated load_ramdisk= option",
                "initrd: running /linuxrc",
                "initrd: /linuxrc done; real root device ",
                "initrd: moved to /initrd",
            ],
            console_says: &["linuxrc: ran, real-root-dev was "],
            mounts: &[("/initrd", "ext2")],
            ..own(
                "initrd /linuxrc, root=/dev/vda, kept on /initrd",
                &[Ext4InitrdDir],
                "root=/dev/vda load_ramdisk=1",
                boots("ext4", vda),
            )
        },
        Scenario {
            default: false,
            initramfs: Extra::Initrd(InitrdImage::Linuxrc),
            kinit_says: &[
                "initrd: /linuxrc done; real root device ",
                "initrd: unmounted and freed",
            ],
            console_says: &["linuxrc: ran, real-root-dev was 0, "],
            ..own(
                "no root=: real-root-dev (set by /linuxrc)",
                &[Ext4],
                "",
                boots("ext4", vda),
            )
        },
        Scenario {
            initramfs: Extra::Initrd(InitrdImage::RootGzip),
            ..own(
                "gzip initrd as root=/dev/ram0",
                &[],
                "root=/dev/ram0",
                boots("ext2", Some((1, 0))),
            )
        },
        Scenario {
            default: false,
            initramfs: Extra::Initrd(InitrdImage::Root),
            ..own(
                "initrd as root=/dev/ram0",
                &[],
                "root=/dev/ram0",
                boots("ext2", Some((1, 0))),
            )
        },
        Scenario {
            default: false,
            initramfs: Extra::Initrd(InitrdImage::Root),
            ..own(
                "noinitrd leaves /dev/ram0 empty",
                &[],
                "root=/dev/ram0 noinitrd",
                Check::Fails {
                    kinit_says: &["Unable to mount root fs on /dev/ram0"],
                },
            )
        },
        // MTD and UBI roots: block2mtd over a virtio disk holding the image
        own(
            "root=mtd0 (jffs2 on block2mtd)",
            &[Jffs2],
            "block2mtd.block2mtd=/dev/vda,65536 root=mtd0",
            boots("jffs2", None),
        ),
        Scenario {
            default: false,
            ..own(
            "root=mtd:<name> (jffs2)",
            &[Jffs2],
            "block2mtd.block2mtd=/dev/vda,65536,kinitroot root=mtd:kinitroot",
            boots("jffs2", None),
        )
        },
        own(
            "root=ubi0:rootfs (ubifs, ubi.mtd=0)",
            &[Ubi],
            "block2mtd.block2mtd=/dev/vda,65536 ubi.mtd=0 root=ubi0:rootfs",
            boots("ubifs", None),
        ),
        // dm-verity roots (veritysetup format), systemd's parameters
        Scenario {
            kinit_says: &["verity: /dev/mapper/root is vda verified against vdb"],
            ..own(
                "dm-verity root, devices named",
                &[VerityData, VerityHash],
                "roothash=@ROOTHASH@ systemd.verity_root_data=/dev/vda systemd.verity_root_hash=/dev/vdb",
                boots("ext4", None),
            )
        },
        Scenario {
            default: false,
            kinit_says: &[
                "verity: /dev/mapper/usr is vdb verified against vdc",
                "mounted /dev/mapper/usr on /usr (ext4)",
            ],
            mounts: &[("/usr", "ext4")],
            ..own(
                "dm-verity /usr (usrhash=, systemd.verity_usr_*)",
                &[Ext4, VerityData, VerityHash],
                "root=/dev/vda usrhash=@ROOTHASH@ systemd.verity_usr_data=/dev/vdb systemd.verity_usr_hash=/dev/vdc",
                boots("ext4", vda),
            )
        },
        Scenario {
            default: false,
            kinit_says: &["verity: /dev/mapper/root is vda1 verified against vda2"],
            ..own(
                "dm-verity root from roothash= alone (GPT partition UUIDs)",
                &[VerityGpt],
                "roothash=@ROOTHASH@",
                boots("ext4", None),
            )
        },
        own(
            "dm-verity root with a corrupted superblock stops the boot",
            &[VerityDataCorrupt, VerityHash],
            "roothash=@ROOTHASH@ systemd.verity_root_data=/dev/vda systemd.verity_root_hash=/dev/vdb",
            Check::Fails {
                kinit_says: &[
                    "/dev/mapper/root: data corruption detected (dm-verity status C)",
                    "cannot boot; rebooting (panic=-1)",
                ],
            },
        ),
        // the Discoverable Partitions: no root=, GPT types (sgdisk --typecode)
        Scenario {
            kinit_says: &["no root=: root is /dev/vda2 (Discoverable Partitions)"],
            mounts: &[("/usr", "ext4")],
            ..own("no root=: Discoverable Partitions", &[DpsGpt], "", boots("ext4", vda2))
        },
        Scenario {
            default: false,
            kinit_says: &["no root=: root is /dev/vda2 (Discoverable Partitions, read-only)"],
            ..own(
                "root=gpt-auto, read-only flag wins over rw",
                &[DpsGptReadOnly],
                "root=gpt-auto rw",
                Check::Boots {
                    argv: None,
                    fstype: Some("ext4"),
                    mode: Some("ro"),
                    st_dev: vda2,
                    min_wait: None,
                },
            )
        },
        Scenario {
            default: false,
            ..own(
            "root=gpt-auto skips a no-auto root",
            &[DpsGptNoAuto],
            "root=gpt-auto",
            boots("ext4", Some((0, 3))),
        )
        },
        Scenario {
            default: false,
            ..own(
            "no root=, two disks with a root partition",
            &[DpsGpt, DpsGptReadOnly],
            "",
            Check::Fails {
                kinit_says: &["two disks have a root partition (vda2 and vdb2)"],
            },
        )
        },
        // ... and the disk the firmware booted from (OVMF, systemd-boot's
        // LoaderDevicePartUUID) decides between two disks with a root
        Scenario {
            default: false,
            efi: true,
            kinit_says: &["no root=: root is /dev/vdb2 (Discoverable Partitions)"],
            ..own(
                "no root=: the ESP's disk (OVMF, systemd-boot, LoaderDevicePartUUID)",
                &[DpsGpt],
                "",
                boots("ext4", Some((0, 18))),
            )
        },
        // rescue shell: rd.break, rd.shell (dash on klibc in the initramfs)
        Scenario {
            default: false,
            initramfs: Extra::Shell(RESCUE_RC_BREAK),
            kinit_says: &["rd.break=root: starting /bin/sh on the console"],
            console_says: &["rescue-shell: at the break"],
            ..own(
                "rd.break=root runs a shell, then boots",
                &[Ext4],
                "root=/dev/vda rd.break=root ENV=/etc/kinit-rc",
                boots("ext4", vda),
            )
        },
        Scenario {
            initramfs: Extra::Shell(RESCUE_RC_WAIT),
            late: Some(Ext4),
            late_after: "rescue-shell: waiting for vda",
            kinit_says: &[
                "cannot find root device /dev/vda",
                "rd.shell: cannot boot; starting /bin/sh",
                "rd.shell: the shell exited; trying the root again",
            ],
            console_says: &["rescue-shell: vda is there"],
            ..own(
                "rd.shell: a shell, then the root once more",
                &[],
                "root=/dev/vda rd.shell ENV=/etc/kinit-rc",
                boots("ext4", vda),
            )
        },
        Scenario {
            default: false,
            ..own(
            "rd.shell without a shell in the archive",
            &[],
            "root=/dev/vda rd.shell",
            Check::Fails {
                kinit_says: &["rd.shell: no /bin/sh in the initramfs", "cannot boot"],
            },
        )
        },
        // the boot timeline
        Scenario {
            // Each rule takes its own lines: the steps, then the summary.
            kinit_says: &[
                "timeline: mounts done at",
                "timeline: root found done at",
                "timeline: run-init done at",
                " ms, root found ",
            ],
            ..own("kinit.debug: boot timeline", &[Ext4], "root=/dev/vda kinit.debug", boots("ext4", vda))
        },
        // compressed modules (our kernels: xz, MODULE_DECOMPRESS): the
        // iso9660 root's module from /etc/modules, udf and its dependency
        // crc-itu-t from modules-load=, and a .ko.zst the kernel cannot take
        Scenario {
            initramfs: Extra::OwnModules,
            kinit_says: &[
                "loading module kernel/fs/minix/minix.ko.zst: compressed with zstd, but this kernel decompresses only xz modules",
            ],
            modules: &["isofs", "udf", "crc_itu_t"],
            ..own(
                "compressed modules (.ko.xz; .ko.zst refused)",
                &[Iso9660],
                "root=/dev/vda modules-load=udf",
                boots("iso9660", vda),
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
