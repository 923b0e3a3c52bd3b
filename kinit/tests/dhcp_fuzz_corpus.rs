//! Replays the `dhcp` fuzz target's seed corpus (kinit/fuzz/corpus/dhcp/:
//! replies captured from a real dnsmasq, plus damaged and crafted ones)
//! through the target's entry point, and checks what the named seeds give.
#![cfg(feature = "net")]

use std::path::Path;

#[test]
fn dhcp_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/dhcp");
    let mut got = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(&dir).expect("seed corpus directory") {
        let p = e.unwrap().path();
        let data = std::fs::read(&p).unwrap();
        got.insert(
            p.file_name().unwrap().to_string_lossy().into_owned(),
            kinit::net::dhcp::fuzz(&data),
        );
    }
    assert!(got.len() >= 8, "only {} seeds", got.len());
    for (name, r) in &got {
        if name.starts_with("bad-") {
            assert_eq!(*r, 0, "{name} was accepted");
        } else {
            assert_ne!(*r, 0, "{name} was refused");
        }
    }
    // dnsmasq's compressed list: example.test. boot.example.test. lab.other.test.
    assert_eq!(got["ok-dnsmasq-ack"], 1 + 48);
    assert_eq!(got["ok-search-rfc3397"], 1 + 40);
    // a pointer into its own name: the reply stands, the list is dropped
    assert_eq!(got["ok-search-loop"], 1);
}

#[test]
fn dnsmasq_ack_fields() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/dhcp");
    let m = std::fs::read(dir.join("ok-dnsmasq-ack")).unwrap();
    let xid = u32::from_be_bytes([m[4], m[5], m[6], m[7]]);
    let r = kinit::net::dhcp::parse_reply(&m, xid, &m[28..34]).unwrap();
    assert_eq!(r.msg_type, kinit::net::dhcp::ACK);
    let l = r.conf;
    assert_eq!(l.hostname, b"client-one");
    assert_eq!(l.rootpath, b"/srv/nfs/root");
    assert_eq!(l.nisdomain, b"nisdom");
    assert_eq!(l.domain, b"example.test");
    assert_eq!(l.mtu, 1400);
    assert_eq!(l.lease_time, 3600);
    assert_eq!(l.server_id, [10, 9, 0, 1]);
    assert_eq!(l.dns, [[10, 9, 0, 53], [10, 9, 0, 54]]);
    assert_eq!(
        l.search.as_deref(),
        Some(&b"example.test. boot.example.test. lab.other.test."[..])
    );
    assert_eq!(l.filename, b"pxelinux.0");
    assert_eq!(
        kinit::net::dhcp::parse_reply(&m, xid ^ 1, &m[28..34]),
        Err(kinit::net::dhcp::ReplyError::Xid)
    );
}
