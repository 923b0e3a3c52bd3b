//! Partition tables made by sgdisk and sfdisk, read by kinit's probe and
//! checked against `sfdisk --dump` (numbers, starts, sizes, types, GPT
//! PARTUUID and PARTLABEL) and `blkid -p` (the disk's PTUUID). MBR
//! PARTUUIDs are the kernel's `SSSSSSSS-PP` with PP the partition number
//! as sfdisk (and the kernel) number logical partitions.

mod probe_support;

use kinit::probe::{self, Device, Table, TableKind};
use probe_support::*;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;

/// One line of `sfdisk --dump`.
#[derive(Debug)]
struct Dumped {
    number: u32,
    start: u64,
    size: u64,
    ty: String,
    uuid: Option<String>,
    name: Option<String>,
}

/// sfdisk's `\xNN` escapes back to bytes.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') {
            out.push(u8::from_str_radix(&s[i + 2..i + 4], 16).unwrap());
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn sfdisk_dump(dev: &Path) -> (String, Vec<Dumped>) {
    let out = Command::new(tool("sfdisk", "fdisk"))
        .arg("--dump")
        .arg(dev)
        .output()
        .expect("run sfdisk");
    assert!(out.status.success(), "sfdisk --dump failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut id = String::new();
    let mut parts = Vec::new();
    let dev_name = dev.to_str().unwrap();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("label-id: ") {
            id = v.trim_start_matches("0x").to_lowercase();
        }
        let Some((node, rest)) = line.split_once(" : ") else {
            continue;
        };
        let number = node
            .strip_prefix(dev_name)
            .unwrap()
            .trim_start_matches('p')
            .parse()
            .unwrap();
        let mut d = Dumped {
            number,
            start: 0,
            size: 0,
            ty: String::new(),
            uuid: None,
            name: None,
        };
        for field in rest.split(", ") {
            let (k, v) = field.split_once('=').unwrap();
            let v = v.trim();
            match k.trim() {
                "start" => d.start = v.parse().unwrap(),
                "size" => d.size = v.parse().unwrap(),
                "type" => d.ty = v.to_lowercase(),
                "uuid" => d.uuid = Some(v.to_lowercase()),
                "name" => d.name = Some(unescape(v.trim_matches('"'))),
                _ => {}
            }
        }
        parts.push(d);
    }
    (id, parts)
}

fn read_table(image: &Path, sector: u32) -> Table {
    let path = CString::new(image.as_os_str().as_bytes()).unwrap();
    let mut dev = Device::open(&path).unwrap();
    probe::partitions(&mut dev, sector)
        .expect("read partition table")
        .expect("a partition table")
}

/// Our table against sfdisk's dump of `dump_of` (the image, or a loop
/// device on it) and blkid's PTUUID.
fn check(image: &Path, dump_of: &Path, sector: u32, kind: TableKind) -> Table {
    let table = read_table(image, sector);
    let (id, want) = sfdisk_dump(dump_of);
    assert_eq!(table.kind, kind);
    assert_eq!(table.disk_id(), id, "disk id");
    assert_eq!(
        blkid(dump_of).get("PTUUID"),
        Some(&table.disk_id()),
        "blkid PTUUID"
    );
    assert_eq!(
        table.partitions.len(),
        want.len(),
        "{:#?}",
        table.partitions
    );
    for (ours, theirs) in table.partitions.iter().zip(&want) {
        assert_eq!(ours.number, theirs.number);
        assert_eq!(ours.start, theirs.start, "start of {}", ours.number);
        if kind == TableKind::Gpt {
            assert_eq!(ours.sectors, theirs.size, "size of {}", ours.number);
            assert_eq!(Some(&ours.uuid()), theirs.uuid.as_ref());
            assert_eq!(ours.label(), theirs.name);
            assert_eq!(ours.part_type(), theirs.ty);
        } else {
            assert_eq!(
                u8::from_str_radix(&ours.part_type(), 16).unwrap(),
                u8::from_str_radix(&theirs.ty, 16).unwrap()
            );
            assert_eq!(ours.uuid(), format!("{id}-{:02x}", theirs.number));
            // The kernel shows an extended partition as 1 KiB; sfdisk as
            // its table entry. Logical and primary sizes agree.
            if !matches!(theirs.ty.as_str(), "5" | "f" | "85") {
                assert_eq!(ours.sectors, theirs.size, "size of {}", ours.number);
            }
        }
    }
    table
}

fn gpt_image(dir: &Path) -> std::path::PathBuf {
    let img = dir.join("gpt.img");
    blank(&img, 64 << 20);
    run(
        "sgdisk",
        "gdisk",
        &[
            "-o",
            "-n",
            "1:2048:+8M",
            "-c",
            "1:EFI system",
            "-t",
            "1:ef00",
            "-n",
            "2:0:+16M",
            "-c",
            "2:root ü",
            "-n",
            "4:0:0",
            "-c",
            "4:data",
            img.to_str().unwrap(),
        ],
        dir,
    );
    img
}

#[test]
fn gpt_from_sgdisk() {
    let dir = scratch("gpt");
    let img = gpt_image(&dir);
    let t = check(&img, &img, 512, TableKind::Gpt);
    assert_eq!(t.partitions[1].label().as_deref(), Some("root ü"));
    assert_eq!(t.partitions[2].number, 4);
}

#[test]
fn gpt_backup_header_when_primary_is_corrupt() {
    let dir = scratch("gpt-backup");
    let img = gpt_image(&dir);
    let good = read_table(&img, 512);
    // Spoil the primary header's CRC-covered bytes.
    let mut data = std::fs::read(&img).unwrap();
    data[512 + 40] ^= 0xFF;
    std::fs::write(&img, &data).unwrap();
    assert_eq!(read_table(&img, 512), good);
    // With neither header intact there is no table; the probe says so
    // instead of inventing partitions.
    let last = data.len() - 512;
    data[last + 40] ^= 0xFF;
    std::fs::write(&img, &data).unwrap();
    let path = CString::new(img.as_os_str().as_bytes()).unwrap();
    let mut dev = Device::open(&path).unwrap();
    assert_eq!(probe::partitions(&mut dev, 512), Ok(None));
}

#[test]
fn mbr_with_logical_partitions_from_sfdisk() {
    let dir = scratch("mbr");
    let img = dir.join("mbr.img");
    blank(&img, 64 << 20);
    let script = "label: dos\nlabel-id: 0x1234abcd\n\
        start=2048, size=8M, type=83\nsize=4M, type=83\nsize=+, type=5\n\
        size=8M, type=83\nsize=8M, type=82\nsize=8M, type=c\nsize=4M, type=83\n";
    let mut child = Command::new(tool("sfdisk", "fdisk"))
        .arg("-q")
        .arg(&img)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let t = check(&img, &img, 512, TableKind::Mbr);
    let uuids: Vec<_> = t.partitions.iter().map(|p| p.uuid()).collect();
    assert_eq!(
        uuids,
        [
            "1234abcd-01",
            "1234abcd-02",
            "1234abcd-03",
            "1234abcd-05",
            "1234abcd-06",
            "1234abcd-07",
            "1234abcd-08"
        ]
    );
}

#[test]
fn gpt_with_4096_byte_sectors() {
    let dir = scratch("gpt4k");
    let img = dir.join("gpt4k.img");
    blank(&img, 64 << 20);
    let lo = Loop::attach(&img, 4096);
    run(
        "sgdisk",
        "gdisk",
        &[
            "-o", "-n", "1:0:+8M", "-c", "1:boot", "-n", "2:0:0", "-c", "2:root", &lo.0,
        ],
        &dir,
    );
    let t = check(&img, Path::new(&lo.0), 4096, TableKind::Gpt);
    assert_eq!(t.partitions.len(), 2);
    // The loop device says its sector size; read through it, the table
    // is the same.
    let mut dev = Device::open(&CString::new(lo.0.as_bytes()).unwrap()).unwrap();
    assert_eq!(dev.sector_size(), 4096);
    let sector = dev.sector_size();
    let through = probe::partitions(&mut dev, sector).unwrap().unwrap();
    assert_eq!(through, t);
    assert_eq!(
        through.partition(2).and_then(|p| p.label()).as_deref(),
        Some("root")
    );
    assert_eq!(through.partition(3), None);
    // Read at 512 the same bytes hold no table where the kernel would look.
    assert_ne!(
        probe::partitions(&mut &std::fs::read(&img).unwrap()[..], 512)
            .ok()
            .flatten()
            .map(|t| t.partitions),
        Some(t.partitions)
    );
}
