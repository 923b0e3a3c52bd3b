//! Replays the committed fuzz corpus (fuzz/corpus/list_parser) through the
//! same check the fuzz target runs. Seeds named `ok-*` must parse and seeds
//! named `bad-*` must be refused; any other file (one the fuzzer found) only
//! has to pass the check.

use std::path::Path;

#[test]
fn list_parser_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/list_parser");
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz corpus directory")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let data = std::fs::read(&path).expect("read corpus file");
        let parsed = gen_init_cpio::fuzz::check_list(&data);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("ok-") {
            assert!(parsed, "{name} was refused");
        } else if name.starts_with("bad-") {
            assert!(!parsed, "{name} was accepted");
        }
        seen += 1;
    }
    assert!(seen >= 10, "corpus has only {seen} files");
}
