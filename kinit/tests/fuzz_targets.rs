//! The fuzz targets and their seed corpora agree: every `[[bin]]` of
//! kinit/fuzz/Cargo.toml is in `kinit::fuzzing::TARGETS`, calls its entry
//! point there, and has a seed corpus in kinit/fuzz/corpus/<name>/ (a
//! missing or empty one fails); every seed of every target is replayed.
//! The seeds of `drop_capabilities`, `resume_header` and `bootif` are
//! named for what they must give (`ok-`, `bad-`, `none-`) and checked here;
//! the other targets' named seeds have their own replay tests.
//!
//! Built with network boot only (the default features, what `cargo test`
//! builds): the `dhcp`, `rpc` and `bootif` targets need it.
#![cfg(feature = "net")]

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The `[[bin]]` names of kinit/fuzz/Cargo.toml, in order.
fn bins() -> Vec<String> {
    let toml = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
    let mut names = Vec::new();
    let mut in_bin = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if let Some(v) = line.strip_prefix("name = ").filter(|_| in_bin) {
            names.push(v.trim_matches('"').to_string());
        }
    }
    names
}

/// A target's seeds: (file name, contents), sorted; fails when there are none.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
    let rd = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{target}: no seed corpus {}: {e}", dir.display()));
    let mut out: Vec<(String, Vec<u8>)> = rd
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(
        !out.is_empty(),
        "{target}: empty seed corpus {}",
        dir.display()
    );
    out
}

#[test]
fn every_target_is_listed_calls_its_entry_and_has_seeds() {
    let bins = bins();
    let listed: Vec<&str> = kinit::fuzzing::TARGETS.iter().map(|(n, _)| *n).collect();
    let mut sorted_bins: Vec<&str> = bins.iter().map(String::as_str).collect();
    sorted_bins.sort();
    let mut sorted_listed = listed.clone();
    sorted_listed.sort();
    assert_eq!(
        sorted_bins, sorted_listed,
        "fuzz/Cargo.toml's [[bin]]s and kinit::fuzzing::TARGETS differ"
    );
    for name in &bins {
        let src = fuzz_dir().join(format!("fuzz_targets/{name}.rs"));
        let text =
            std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        assert!(
            text.contains(&format!("kinit::fuzzing::{name}(data)")),
            "{} does not call kinit::fuzzing::{name}",
            src.display()
        );
        seeds(name);
    }
}

#[test]
fn every_seed_of_every_target_replays() {
    let mut total = 0;
    for (name, entry) in kinit::fuzzing::TARGETS {
        for (_, data) in seeds(name) {
            entry(&data);
            total += 1;
        }
    }
    assert!(total >= 100, "only {total} seeds in all");
}

#[test]
fn drop_capabilities_seeds() {
    for (name, data) in seeds("drop_capabilities") {
        let got = kinit::fuzzing::drop_capabilities(&data);
        if name.starts_with("ok-") {
            assert!(got.is_some(), "{name} was refused");
        } else if name.starts_with("bad-") {
            assert_eq!(got, None, "{name} was accepted");
        }
    }
    let n = |name: &str| {
        let data = std::fs::read(fuzz_dir().join("corpus/drop_capabilities").join(name)).unwrap();
        kinit::fuzzing::drop_capabilities(&data)
    };
    assert_eq!(n("ok-names"), Some(2));
    assert_eq!(n("ok-numbers"), Some(3));
    assert_eq!(n("ok-empty"), Some(0));
    assert_eq!(n("ok-all-names"), Some(41));
}

#[test]
fn resume_header_seeds() {
    for (name, data) in seeds("resume_header") {
        let found = kinit::fuzzing::resume_header(&data);
        if name.starts_with("ok-") {
            assert!(found >= 1, "{name}: no image found");
        } else if name.starts_with("none-") {
            assert_eq!(found, 0, "{name}: an image found");
        }
    }
}

#[test]
fn bootif_seeds() {
    for (name, data) in seeds("bootif") {
        let got = kinit::fuzzing::bootif(&data);
        if name.starts_with("ok-") {
            assert!(got.is_some(), "{name} was refused");
        } else if name.starts_with("bad-") {
            assert_eq!(got, None, "{name} was accepted");
        }
    }
    let data = std::fs::read(fuzz_dir().join("corpus/bootif/ok-ethernet")).unwrap();
    assert_eq!(kinit::fuzzing::bootif(&data), Some(6));
}
