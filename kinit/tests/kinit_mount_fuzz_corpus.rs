//! Replays the committed seed corpus of the `kinit_mount` fuzz target
//! (kinit/fuzz/corpus/kinit_mount/) through the entry point the target
//! calls, and checks what the named seeds must give.

use std::path::Path;

#[test]
fn kinit_mount_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/kinit_mount");
    let mut got = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seed corpus directory") {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        got.push((name, kinit::kinit_mount::fuzz_entry(&data)));
    }
    assert!(got.len() >= 5, "only {} seeds", got.len());
    let count = |name: &str| got.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    // Four fstab entries (swap and noauto ones parse too; mount_extra
    // skips them).
    assert_eq!(count("ok-fstab"), Some(4));
    assert_eq!(count("bad-fstab-short"), Some(1));
    assert_eq!(count("ok-spec"), Some(0));
}
