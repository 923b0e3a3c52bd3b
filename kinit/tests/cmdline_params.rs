//! The parameters kinit reads from the command line, with the kernel's
//! meanings (init/do_mounts.c, init/main.c, block/early-lookup.c), and
//! `root=` forms.

use kinit::cmdline::{parse_int, parse_prefix, Cmdline, RootWait};
use kinit::rootspec::{RootSpec, SpecError};

#[test]
fn root_parameters() {
    let c = Cmdline::parse(
        b"console=ttyS0 root=/dev/vda1 rootfstype=ext4,,xfs rootflags=\"data=journal,noatime\" rootdelay=3 init=/bin/sh -- -x y",
    );
    assert_eq!(c.root, Some(&b"/dev/vda1"[..]));
    assert_eq!(c.rootfstypes().collect::<Vec<_>>(), [&b"ext4"[..], b"xfs"]);
    assert_eq!(c.rootflags, Some(&b"data=journal,noatime"[..]));
    assert_eq!(c.rootdelay, 3);
    assert_eq!(c.init, Some(&b"/bin/sh"[..]));
    assert_eq!(c.init_args, b"-x y");
    assert_eq!(
        kinit::cmdline::words(c.init_args).collect::<Vec<_>>(),
        [&b"-x"[..], b"y"]
    );
    assert!(c.read_only, "root is read-only unless rw");
    assert_eq!(c.rootwait, RootWait::No);
    assert_eq!(c.get(b"console"), Some(&b"ttyS0"[..]));
}

#[test]
fn last_one_wins_and_lists_accumulate() {
    let c = Cmdline::parse(
        b"root=/dev/sda root=UUID=abc rw ro rw modules-load=a,b rd.modules-load=c,,d modules-load=e kinit_mount=x kinit_mount=y",
    );
    assert_eq!(c.root, Some(&b"UUID=abc"[..]));
    assert!(!c.read_only);
    assert_eq!(c.modules, [&b"a"[..], b"b", b"c", b"d", b"e"]);
    assert_eq!(c.kinit_mounts, [&b"x"[..], b"y"]);
    assert!(Cmdline::parse(b"rw ro").read_only);
    // `ro=1` is not `ro` (the kernel's handler refuses a value).
    assert!(!Cmdline::parse(b"rw ro=1").read_only);
}

#[test]
fn rootwait_forms() {
    assert_eq!(Cmdline::parse(b"rootwait").rootwait, RootWait::Forever);
    assert_eq!(
        Cmdline::parse(b"rootwait=10").rootwait,
        RootWait::Seconds(10)
    );
    assert_eq!(
        Cmdline::parse(b"rootwait=0x10").rootwait,
        RootWait::Seconds(16)
    );
    assert_eq!(Cmdline::parse(b"rootwait=0").rootwait, RootWait::Seconds(0));
    // Invalid, negative or excessive: the kernel waits forever.
    assert_eq!(Cmdline::parse(b"rootwait=x").rootwait, RootWait::Forever);
    assert_eq!(Cmdline::parse(b"rootwait=-1").rootwait, RootWait::Forever);
    assert_eq!(
        Cmdline::parse(b"rootwait=2147484").rootwait,
        RootWait::Forever
    );
    assert_eq!(
        Cmdline::parse(b"rootwait=2147483").rootwait,
        RootWait::Seconds(2147483)
    );
    assert_eq!(
        Cmdline::parse(b"rootwait=5 rootwait").rootwait,
        RootWait::Forever
    );
    // rootdelay= is simple_strtoul: a numeric prefix, garbage is 0.
    assert_eq!(Cmdline::parse(b"rootdelay=7s").rootdelay, 7);
    assert_eq!(Cmdline::parse(b"rootdelay=s").rootdelay, 0);
    assert_eq!(Cmdline::parse(b"rootdelay=010").rootdelay, 8);
}

#[test]
fn resume_and_others() {
    let c = Cmdline::parse(
        b"resume=/dev/vdb resume_offset=4096 noresume drop_capabilities=cap_sys_module ip=dhcp nfsroot=1.2.3.4:/srv panic=-1",
    );
    assert_eq!(c.resume, Some(&b"/dev/vdb"[..]));
    assert_eq!(c.resume_offset, Some(&b"4096"[..]));
    assert!(c.noresume);
    assert_eq!(c.drop_capabilities, Some(&b"cap_sys_module"[..]));
    assert_eq!(c.ip, Some(&b"dhcp"[..]));
    assert_eq!(c.nfsroot, Some(&b"1.2.3.4:/srv"[..]));
    assert_eq!(c.panic, -1);
    assert_eq!(Cmdline::parse(b"panic=x").panic, 0);
}

#[test]
fn numbers_as_the_kernel_reads_them() {
    assert_eq!(parse_prefix(b"12ab"), (12, 2));
    assert_eq!(parse_prefix(b"0x1f"), (31, 4));
    assert_eq!(parse_prefix(b"0x"), (0, 1));
    assert_eq!(parse_prefix(b"017"), (15, 3));
    assert_eq!(parse_prefix(b""), (0, 0));
    assert_eq!(parse_prefix(b"99999999999999999999999"), (u64::MAX, 23));
    assert_eq!(parse_int(b"-5"), Some(-5));
    assert_eq!(parse_int(b"+5\n"), Some(5));
    assert_eq!(parse_int(b"5x"), None);
    assert_eq!(parse_int(b"2147483648"), None);
    assert_eq!(parse_int(b"-2147483648"), Some(-2147483648));
}

#[test]
fn root_forms() {
    use RootSpec::*;
    assert_eq!(RootSpec::parse(b"/dev/vda1"), Ok(Name(b"vda1")));
    assert_eq!(
        RootSpec::parse(b"/dev/cciss/c0d0p1"),
        Ok(Name(b"cciss/c0d0p1"))
    );
    assert_eq!(RootSpec::parse(b"/dev/"), Err(SpecError::BadName));
    assert_eq!(
        RootSpec::parse(b"/dev/0123456789012345678901234567890123"),
        Err(SpecError::BadName)
    );
    assert_eq!(RootSpec::parse(b"8:1"), Ok(DevNum { major: 8, minor: 1 }));
    assert_eq!(
        RootSpec::parse(b"259:0"),
        Ok(DevNum {
            major: 259,
            minor: 0
        })
    );
    assert_eq!(
        RootSpec::parse(b"8:1:0:"),
        Ok(DevNum { major: 8, minor: 1 })
    );
    assert_eq!(RootSpec::parse(b"8:1x"), Err(SpecError::Unrecognised));
    assert_eq!(RootSpec::parse(b"4096:0"), Err(SpecError::Unrecognised));
    // Hex dev_t, new_decode_dev: 0x801 is 8:1, 0xfe00 is 254:0.
    assert_eq!(RootSpec::parse(b"801"), Ok(DevNum { major: 8, minor: 1 }));
    assert_eq!(
        RootSpec::parse(b"0xfe00"),
        Ok(DevNum {
            major: 254,
            minor: 0
        })
    );
    assert_eq!(
        RootSpec::parse(b"10300"),
        Ok(DevNum {
            major: 259,
            minor: 0
        })
    );
    assert_eq!(
        RootSpec::parse(b"100300"),
        Ok(DevNum {
            major: 3,
            minor: 0x100
        })
    );
    assert_eq!(RootSpec::parse(b"vda1"), Err(SpecError::Unrecognised));
    assert_eq!(
        RootSpec::parse(b"PARTUUID=0Aa1-02/PARTNROFF=-1"),
        Ok(PartUuid {
            uuid: b"0Aa1-02",
            offset: -1
        })
    );
    assert_eq!(
        RootSpec::parse(b"PARTUUID=abc"),
        Ok(PartUuid {
            uuid: b"abc",
            offset: 0
        })
    );
    assert_eq!(RootSpec::parse(b"PARTUUID="), Err(SpecError::BadPartUuid));
    assert_eq!(
        RootSpec::parse(b"PARTUUID=/PARTNROFF=1"),
        Err(SpecError::BadPartUuid)
    );
    assert_eq!(
        RootSpec::parse(b"PARTUUID=abc/PARTNROFF=1x"),
        Err(SpecError::BadPartUuid)
    );
    assert_eq!(
        RootSpec::parse(b"PARTUUID=abc/PARTNROF=1"),
        Err(SpecError::BadPartUuid)
    );
    assert_eq!(
        RootSpec::parse(b"PARTLABEL=root fs"),
        Ok(PartLabel(b"root fs"))
    );
    assert_eq!(RootSpec::parse(b"UUID=1234-ABCD"), Ok(Uuid(b"1234-ABCD")));
    assert_eq!(RootSpec::parse(b"LABEL=rootfs"), Ok(Label(b"rootfs")));
    assert_eq!(RootSpec::parse(b"LABEL="), Err(SpecError::Empty));
}

#[test]
fn root_lists_as_klibc_splits_them() {
    let l = |s: &'static [u8]| kinit::rootspec::list(s).collect::<Vec<_>>();
    assert_eq!(l(b"/dev/vda"), [&b"/dev/vda"[..]]);
    assert_eq!(l(b"/dev/vda,/dev/vdb"), [&b"/dev/vda"[..], b"/dev/vdb"]);
    assert_eq!(
        l(b",LABEL=a,,UUID=b,"),
        [&b"LABEL=a"[..], b"UUID=b"],
        "empty entries are skipped"
    );
    assert!(l(b",,").is_empty());
}
