//! Replays the committed seed corpus of the `rpc` fuzz target
//! (kinit/fuzz/corpus/rpc/: real replies captured from rpcbind and
//! nfs-ganesha with kinit/fuzz/capture_rpc.py, plus malformed and text
//! seeds) through the entry point the target calls, and checks what the
//! named seeds must parse as.
#![cfg(feature = "net")]

use kinit::net::rpc_fuzz::{rpc, Seen};

use std::path::Path;

#[test]
fn rpc_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/rpc");
    let mut got = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seed corpus directory") {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        got.push((name, rpc(&data)));
    }
    assert!(got.len() >= 10, "only {} seeds", got.len());
    let seen = |name: &str| {
        got.iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| panic!("seed {name} missing"))
    };
    // A GETPORT result is one word: a port (which the MNT parser would
    // also read as a status; only the port counts here).
    let port = |s: Seen| (s.replies, s.ports, s.handles);
    assert_eq!(port(seen("rpcbind-getport-nfs3-tcp")), (1, 1, 0));
    assert_eq!(port(seen("rpcbind-getport-nfs3-tcp-tcp")), (1, 1, 0));
    assert_eq!(port(seen("rpcbind-getport-mount3-udp")), (1, 1, 0));
    // An unregistered program: port 0, still a well-formed answer.
    assert_eq!(port(seen("rpcbind-getport-unregistered")), (1, 1, 0));
    assert_eq!(seen("rpcbind-v9-mismatch").replies, 0);
    for ok in ["ganesha-mnt3-ok-tcp", "ganesha-mnt3-ok-udp"] {
        assert_eq!(seen(ok).handles, 1, "{ok}");
    }
    assert_eq!(seen("ganesha-mnt3-noent").refused, 1);
    assert_eq!(seen("ganesha-mnt1-proc-unavail").replies, 0);
    assert_eq!(seen("ganesha-garbage-args").replies, 0);
    assert_eq!(seen("bad-truncated-mnt3").handles, 0);
    assert_eq!(seen("bad-call-not-reply").replies, 0);
    assert_eq!(seen("bad-tcp-incomplete").replies, 0);
}
