//! Replays the committed seed corpus of the `modules_dep` fuzz target
//! (kinit/fuzz/corpus/modules_dep/) through the entry point the target
//! calls, and checks what the named seeds must plan.

use std::path::Path;

#[test]
fn modules_dep_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/modules_dep");
    let mut got = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seed corpus directory") {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        got.push((name, kinit::modules::fuzz_entry(&data)));
    }
    assert!(got.len() >= 5, "only {} seeds", got.len());
    let count = |name: &str| got.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    // ext4 with jbd2, mbcache, crc16 and both crc32c drivers; virtio_blk
    // with virtio and virtio_ring.
    assert_eq!(count("ok-debian-ext4"), Some(9));
    assert_eq!(count("ok-empty"), Some(0));
    assert_eq!(count("ok-compressed"), Some(2));
    assert_eq!(count("bad-no-colon"), Some(0));
}
