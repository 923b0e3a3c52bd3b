//! md= and raid= as the kernel's md_setup and raid_setup read them
//! (drivers/md/md-autodetect.c): every form, the kernel's get_option number
//! rules (base 0, a sign, a comma after each number), and the errors.

use kinit::md::{parse_md, parse_raid, Layout, MdError, RaidOpts, Setup};

fn ok(v: &'static [u8]) -> Setup<'static> {
    parse_md(v).unwrap_or_else(|e| panic!("{}: {e:?}", String::from_utf8_lossy(v)))
}

#[test]
fn superblock_arrays() {
    let s = ok(b"0,/dev/vda,/dev/vdb");
    assert_eq!(
        (s.minor, s.partitioned, s.layout),
        (0, false, Layout::Superblock)
    );
    assert_eq!(s.devices, [&b"/dev/vda"[..], b"/dev/vdb"]);
    // The first member named by a number: still a superblock array.
    let s = ok(b"3,801,811");
    assert_eq!((s.minor, s.layout), (3, Layout::Superblock));
    assert_eq!(s.devices, [&b"801"[..], b"811"]);
    let s = ok(b"d1,sda1,sdb1");
    assert_eq!((s.minor, s.partitioned), (1, true));
    assert_eq!(s.devices, [&b"sda1"[..], b"sdb1"]);
    // Base 0 like the kernel's get_option: 0x10 is 16, 010 is 8.
    assert_eq!(ok(b"0x10,/dev/a").minor, 16);
    assert_eq!(ok(b"010,/dev/a").minor, 8);
    // A level that is neither 0 nor -1 is the first member (a number).
    let s = ok(b"0,1,2,3,/dev/vda");
    assert_eq!(s.layout, Layout::Superblock);
    assert_eq!(s.devices.len(), 4);
}

#[test]
fn raid0_and_linear_without_superblocks() {
    let s = ok(b"0,0,4,0,/dev/vda,/dev/vdb");
    assert_eq!(s.layout, Layout::Raid0 { chunk: 64 << 10 });
    assert_eq!(s.devices, [&b"/dev/vda"[..], b"/dev/vdb"]);
    let s = ok(b"2,-1,0,0,/dev/vda");
    assert_eq!((s.minor, s.layout), (2, Layout::Linear { chunk: 4096 }));
    assert_eq!(ok(b"0,0,18,0,x").layout, Layout::Raid0 { chunk: 1 << 30 });
}

#[test]
fn malformed_values_are_errors() {
    assert_eq!(parse_md(b""), Err(MdError::TooFew));
    assert_eq!(parse_md(b"0"), Err(MdError::TooFew));
    assert_eq!(parse_md(b"x,/dev/vda"), Err(MdError::TooFew));
    assert_eq!(parse_md(b"d"), Err(MdError::TooFew));
    assert_eq!(parse_md(b"0,"), Err(MdError::NoDevices));
    assert_eq!(parse_md(b"0,0,4"), Err(MdError::TooFew));
    assert_eq!(parse_md(b"0,0,4,0"), Err(MdError::TooFew));
    assert_eq!(parse_md(b"0,0,4,0,"), Err(MdError::NoDevices));
    assert_eq!(parse_md(b"0,-1,x,0,/dev/a"), Err(MdError::TooFew));
    assert_eq!(parse_md(b"0,0,19,0,/dev/a"), Err(MdError::BadChunk));
    assert_eq!(parse_md(b"0,0,-1,0,/dev/a"), Err(MdError::BadChunk));
    assert_eq!(parse_md(b"512,/dev/a"), Err(MdError::BadMinor));
    assert_eq!(parse_md(b"-1,/dev/a"), Err(MdError::BadMinor));
    assert_eq!(
        parse_md(b"99999999999999999999999,/dev/a"),
        Err(MdError::BadMinor)
    );
}

#[test]
fn raid_words() {
    let r = |v: &[u8]| parse_raid(v);
    assert_eq!(r(b""), RaidOpts::default());
    assert!(r(b"noautodetect").noautodetect);
    assert!(!r(b"noautodetect,autodetect").noautodetect);
    let o = r(b"noautodetect,partitionable");
    assert!(o.noautodetect && o.partitionable);
    assert!(r(b"part").partitionable);
    assert_eq!(r(b"bogus,,"), RaidOpts::default());
}

/// The superblocks mdadm --create wrote (the boot tests' guest, kept as fuzz
/// seeds) placed where each version lives in a 1 MiB member file: kinit
/// reads what `mdadm --examine` reads there.
#[test]
fn superblocks_as_mdadm_examines_them() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/md");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("md_parse");
    std::fs::create_dir_all(&dir).unwrap();
    let size = 1usize << 20;
    for (seed, at, version) in [
        ("ok-super.1.2", 4096, "1.2"),
        (
            "ok-super.0.90",
            (((size / 512) & !127) - 128) * 512,
            "0.90.00",
        ),
    ] {
        let sb = std::fs::read(corpus.join(seed)).unwrap();
        let mut member = vec![0u8; size];
        member[at..at + sb.len()].copy_from_slice(&sb);
        let file = dir.join(seed);
        std::fs::write(&file, &member).unwrap();
        let out = std::process::Command::new("mdadm")
            .arg("--examine")
            .arg(&file)
            .output()
            .expect("mdadm");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{seed}: {text}");
        let field = |k: &str| {
            text.lines()
                .find_map(|l| {
                    let (a, b) = l.split_once(" : ")?;
                    (a.trim() == k).then(|| b.trim().to_string())
                })
                .unwrap_or_else(|| panic!("{seed}: no {k} in {text}"))
        };
        let mut dev: &[u8] = &member;
        let s = kinit::md::read_super(&mut dev, size as u64).expect(seed);
        let v = if s.major == 0 {
            format!("0.{}.00", s.minor)
        } else {
            format!("{}.{}", s.major, s.minor)
        };
        assert_eq!(v, field("Version"));
        assert_eq!(v, version);
        assert_eq!(format!("raid{}", s.level), field("Raid Level"));
        assert_eq!(s.raid_disks.to_string(), field("Raid Devices"));
        let uuid = if s.major == 0 {
            field("UUID")
        } else {
            field("Array UUID")
        };
        let words: Vec<String> = s
            .uuid
            .chunks(4)
            .map(|w| {
                let w: [u8; 4] = w.try_into().unwrap();
                if s.major == 0 {
                    format!("{:08x}", u32::from_ne_bytes(w))
                } else {
                    w.iter().map(|b| format!("{b:02x}")).collect()
                }
            })
            .collect();
        assert_eq!(words.join(":"), uuid, "{seed}");
    }
}
