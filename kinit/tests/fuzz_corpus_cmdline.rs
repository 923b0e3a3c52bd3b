//! Replays the committed seed corpora of the `cmdline` and `sysfs` fuzz
//! targets (kinit/fuzz/corpus/<target>/) through the same entry points the
//! targets call, and checks what the named seeds must give.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8]) -> usize) -> Vec<(String, usize)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seed corpus directory")
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let out: Vec<_> = paths
        .iter()
        .map(|p| {
            let data = std::fs::read(p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                check(&data),
            )
        })
        .collect();
    assert!(out.len() >= 4, "{target}: only {} seeds", out.len());
    out
}

#[test]
fn cmdline_corpus() {
    let got = replay("cmdline", kinit::fuzzing::cmdline);
    let count = |name: &str| got.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    assert_eq!(count("ok-simple"), Some(3));
    // The kernel strips the quotes of "--" before comparing: it ends the
    // parameters just like a bare `--`.
    assert_eq!(count("ok-quotes"), Some(1));
    assert_eq!(count("ok-full"), Some(8));
}

#[test]
fn sysfs_corpus() {
    let got = replay("sysfs", kinit::fuzzing::sysfs);
    let count = |name: &str| got.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    assert_eq!(count("ok-filesystems"), Some(4));
    assert_eq!(count("ok-uevent"), Some(0));
}
