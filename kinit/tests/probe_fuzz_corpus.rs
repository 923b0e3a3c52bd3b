//! Replays the committed seed corpora of the probe_fs and probe_parts fuzz
//! targets (kinit/fuzz/corpus/) through the targets' entry points.
//! Seeds are named for what they must give: `ok-<fstype>.*` (probe_fs) or
//! `ok-<gpt|gpt4k|mbr>.*` (probe_parts) must be identified as that, `none-*`
//! must be recognised as nothing, `err-*` must be refused as unreadable;
//! anything else (what the fuzzer adds) only has to return.
//!
//! probe_fs seeds are the first 128 KiB of the images the fstype tests make
//! with the real mkfs tools (plus an LVM2 PV from pvcreate); probe_parts
//! seeds are small whole disks partitioned by sgdisk (one with 4096-byte
//! sectors, through a loop device), the first 64 KiB of one partitioned by
//! sfdisk with logical partitions, copies with a spoiled primary header,
//! both headers spoiled or a protective MBR not at LBA 1, and hand-made MBRs.

use kinit::probe::TableKind;
use std::path::Path;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The part of `name` between `ok-` and the first dot.
fn expected(name: &str) -> Option<&str> {
    name.strip_prefix("ok-")?.split('.').next()
}

#[test]
fn probe_fs_corpus() {
    let seeds = corpus("probe_fs");
    assert!(seeds.len() >= 25, "only {} seeds", seeds.len());
    for (name, data) in &seeds {
        let results = kinit::fuzzing::probe_fs(data);
        let r = &results[0];
        if let Some(t) = expected(name) {
            let got = r.as_ref().ok().and_then(|i| i.as_ref()).map(|i| i.fstype);
            assert_eq!(got, Some(t), "{name}: {r:?}");
        } else if name.starts_with("none-") {
            assert_eq!(r, &Ok(None), "{name}");
        } else if name.starts_with("err-") {
            assert!(r.is_err(), "{name}: {r:?}");
        }
    }
}

#[test]
fn probe_parts_corpus() {
    let seeds = corpus("probe_parts");
    assert!(seeds.len() >= 6, "only {} seeds", seeds.len());
    for (name, data) in &seeds {
        let [r512, r4k] = kinit::fuzzing::probe_parts(data);
        match expected(name) {
            Some(kind) => {
                let (r, want) = match kind {
                    "gpt" => (&r512, TableKind::Gpt),
                    "gpt4k" => (&r4k, TableKind::Gpt),
                    "mbr" => (&r512, TableKind::Mbr),
                    k => panic!("{name}: unknown kind {k}"),
                };
                let t = r.as_ref().ok().and_then(|t| t.as_ref());
                let t = t.unwrap_or_else(|| panic!("{name}: {r:?}"));
                assert_eq!(t.kind, want, "{name}");
                assert!(!t.partitions.is_empty(), "{name}");
            }
            None if name.starts_with("none-") => assert_eq!(r512, Ok(None), "{name}"),
            None if name.starts_with("err-") => assert!(r512.is_err(), "{name}: {r512:?}"),
            None => {}
        }
    }
}
