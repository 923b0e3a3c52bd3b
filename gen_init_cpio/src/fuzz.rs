//! What the list parser's fuzz target checks, shared with the ordinary test
//! that replays the fuzz corpus, so `cargo test` exercises the same property.

use crate::entry::Kind;
use crate::list::parse_list;
use crate::newc::PATH_MAX;

/// A fixed environment for `${VAR}` so runs are reproducible.
fn lookup(name: &[u8]) -> Option<Vec<u8>> {
    match name {
        b"A" => Some(b"/tmp".to_vec()),
        b"SELF" => Some(b"${SELF}".to_vec()),
        b"LONG" => Some(vec![b'l'; 3000]),
        _ => None,
    }
}

/// Parses `data` as a list; panics (for the fuzzer) if an accepted entry
/// could not be written as the kernel expects. Returns whether it parsed.
pub fn check_list(data: &[u8]) -> bool {
    match parse_list(data, "fuzz", &lookup) {
        Err(e) => {
            assert!(!e.message().is_empty());
            for line in e.message().lines() {
                assert!(line.starts_with("fuzz:"), "error without FILE:LINE: {line}");
            }
            false
        }
        Ok(entries) => {
            for e in &entries {
                let name = crate::archive::stored_name(&e.name);
                assert!(name.len() < PATH_MAX);
                assert!(!name.contains(&0));
                assert!(e.mode <= 0o177777);
                match &e.kind {
                    Kind::File {
                        location, links, ..
                    } => {
                        assert!(location.as_os_str().len() < PATH_MAX);
                        for l in links {
                            assert!(crate::archive::stored_name(l).len() < PATH_MAX);
                        }
                    }
                    Kind::Slink { target } => assert!(target.len() < PATH_MAX),
                    _ => {}
                }
            }
            true
        }
    }
}
