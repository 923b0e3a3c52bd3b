//! Replays the committed seed corpora of the md, verity, gpt_auto and inflate fuzz
//! targets (kinit/fuzz/corpus/) through the same entry points. Seeds named
//! `ok-*` must be understood (an md= with members, a verity superblock, a
//! GPT with a root partition: `ok-root<N>` has it as partition N), `none-*`
//! must be refused; anything else (what the fuzzer adds) only has to
//! return. md seeds are md= values and the 4 KiB superblocks (1.2 and 0.90)
//! that mdadm --create wrote in the boot tests' guest; verity seeds are the superblocks `veritysetup format` wrote
//! (default, sha1, 1024/512-byte blocks, no salt, format 0); GPT seeds are
//! small disks partitioned with `sgdisk --typecode` (8304 root, 8314 /usr,
//! flags 60 read-only and 63 no-auto); inflate seeds are gzip's output and
//! a stored block from zlib.

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
    assert!(files.len() >= 3, "{target}: only {} seeds", files.len());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn md_corpus() {
    for (name, data) in corpus("md") {
        let members = kinit::md::fuzz_entry(&data);
        if name.starts_with("ok-") {
            assert!(members > 0, "{name}: no members");
        } else if name.starts_with("none-") {
            assert_eq!(members, 0, "{name}");
        }
    }
}

#[test]
fn verity_corpus() {
    for (name, data) in corpus("verity") {
        let blocks = kinit::verity::fuzz_entry(&data);
        if name.starts_with("ok-") {
            assert!(blocks > 0, "{name}: not understood");
        } else if name.starts_with("none-") {
            assert_eq!(blocks, 0, "{name}");
        }
    }
}

#[test]
fn inflate_corpus() {
    for (name, data) in corpus("inflate") {
        let n = kinit::inflate::fuzz_entry(&data);
        if name.starts_with("ok-") && !name.contains("empty") {
            assert!(n > 0, "{name}: refused");
        } else if name.starts_with("none-") {
            assert_eq!(n, 0, "{name}");
        }
    }
}

#[test]
fn gpt_auto_corpus() {
    for (name, data) in corpus("gpt_auto") {
        let root = kinit::gpt_auto::fuzz_entry(&data);
        if let Some(n) = name
            .strip_prefix("ok-root")
            .and_then(|r| r.split('.').next())
        {
            assert_eq!(root.to_string(), n, "{name}");
        } else if name.starts_with("none-") {
            assert_eq!(root, 0, "{name}");
        }
    }
}
