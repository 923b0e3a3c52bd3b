//! Our ipconfig against peers that misbehave or refuse: a test responder
//! (Python, a real UDP server in the server namespace) that answers each
//! DISCOVER and REQUEST first with replies for another transaction, another
//! client, a truncated message and garbage, then with the right one (all
//! ignored but the last, each with a debug line); a real dnsmasq with
//! `--dhcp-authoritative` that NAKs a REQUEST for a foreign address (back
//! to DISCOVER, then configured); no server at all (the timeout message,
//! exit status 255 as klibc's, the interface left without an address); and
//! a link without carrier that comes up later. Needs root, `ip netns`,
//! dnsmasq (Debian: dnsmasq-base) and python3.
#![cfg(feature = "net")]

mod net_support;
mod probe_support;

use net_support::*;
use std::path::Path;
use std::process::Stdio;

fn ours() -> &'static Path {
    our_ipconfig(probe_support::kinit())
}

const RESPONDER: &str = r#"
import socket, sys
dev = sys.argv[1]
SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, dev.encode())
s.bind(("0.0.0.0", 67))
open(sys.argv[2], "w").write("ready\n")

def msgtype(m):
    i = 240
    while i + 1 < len(m):
        if m[i] == 0:
            i += 1
            continue
        if m[i] == 255:
            break
        if m[i] == 53:
            return m[i + 2]
        i += 2 + m[i + 1]
    return 0

def reply(req, yi, mtype, xid=None, chaddr=None, cut=None):
    xid = req[4:8] if xid is None else xid
    ch = req[28:44] if chaddr is None else chaddr
    m = bytes([2, 1, 6, 0]) + xid + bytes(4) + bytes(4) + socket.inet_aton(yi)
    m += socket.inet_aton("10.9.0.1") + bytes(4) + ch + bytes(192)
    m += bytes([99, 130, 83, 99, 53, 1, mtype, 54, 4]) + socket.inet_aton("10.9.0.1")
    m += bytes([1, 4, 255, 255, 255, 0, 51, 4, 0, 0, 0x0e, 0x10, 3, 4]) + socket.inet_aton("10.9.0.1")
    m += bytes([255])
    if cut:
        m = m[:cut]
    s.sendto(m, ("255.255.255.255", 68))

while True:
    req, _ = s.recvfrom(2048)
    if len(req) < 240 or req[0] != 1:
        continue
    t = msgtype(req)
    if t not in (1, 3):
        continue
    good = 2 if t == 1 else 5
    reply(req, "10.9.0.66", good, xid=bytes([0xde, 0xad, 0xbe, 0xef]))
    reply(req, "10.9.0.67", good, chaddr=bytes([2] * 6) + bytes(10))
    reply(req, "10.9.0.68", good, cut=100)
    s.sendto(b"\x01" + bytes(299), ("255.255.255.255", 68))
    reply(req, "10.9.0.70", good)
"#;

#[test]
fn foreign_and_malformed_replies_are_ignored() {
    let mut link = Link::new("f");
    let script = link.scratch.join("responder.py");
    std::fs::write(&script, RESPONDER).unwrap();
    let ready = link.scratch.join("ready");
    let mut cmd = link.server_cmd("python3");
    cmd.arg(&script)
        .arg(&link.server_dev)
        .arg(&ready)
        .stdin(Stdio::null());
    link.spawn_server(&mut cmd);
    link.wait_log(&ready, "ready");
    let dev = link.dev.clone();
    let out = link.run_client(ours(), &["-t", "20", &dev], &[("IPCONFIG_DEBUG", "1")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    let conf = link.take_conf();
    assert!(conf.contains("IPV4ADDR='10.9.0.70'"), "{conf}\n{stderr}");
    assert!(link.client_addrs().contains("10.9.0.70/24"));
    for why in [
        "wrong xid",
        "wrong chaddr",
        "short message",
        "not a BOOTP reply",
    ] {
        assert!(stderr.contains(why), "no debug line for {why}: {stderr}");
    }
    // klibc's ends the same way against the same responder
    link.reset_client();
    let k = link.run_client(Path::new(KLIBC_IPCONFIG), &["-t", "20", &dev], &[]);
    assert!(k.status.success());
    assert!(link.take_conf().contains("IPV4ADDR='10.9.0.70'"));
}

#[test]
fn nak_goes_back_to_discover() {
    let mut link = Link::new("n");
    link.dnsmasq(&[
        "--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h",
        "--dhcp-authoritative",
    ]);
    // asks for an address of another network first (INIT-REBOOT)
    let spec = format!("10.77.0.5:::::{}:dhcp", link.dev);
    let out = link.run_client(
        ours(),
        &["-t", "30", "-d", &spec],
        &[("IPCONFIG_DEBUG", "1")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("DHCPNAK from 10.9.0.1"), "{stderr}");
    assert!(
        link.dnsmasq_log().contains("DHCPNAK"),
        "{}",
        link.dnsmasq_log()
    );
    let conf = link.take_conf();
    assert!(conf.contains("IPV4ADDR='10.9.0.1"), "{conf}");
    assert!(conf.contains("PROTO='dhcp'"), "{conf}");
}

#[test]
fn no_server_times_out() {
    let link = Link::new("t");
    let dev = link.dev.clone();
    let t = std::time::Instant::now();
    let a = link.run_client(ours(), &["-t", "2", &dev], &[]);
    let took = t.elapsed();
    let stdout = String::from_utf8_lossy(&a.stdout);
    assert!(
        stdout.contains("IP-Config: no response after 2 secs - giving up"),
        "{stdout}"
    );
    assert!(
        took.as_secs_f64() >= 2.0 && took.as_secs_f64() < 5.0,
        "{took:?}"
    );
    assert!(
        link.client_addrs().trim().is_empty(),
        "{}",
        link.client_addrs()
    );
    assert!(!link.conf_path().exists());
    let b = link.run_client(Path::new(KLIBC_IPCONFIG), &["-t", "2", &dev], &[]);
    assert_eq!(a.status.code(), b.status.code());
    assert_ne!(a.status.code(), Some(0));
}

#[test]
fn waits_for_carrier() {
    let mut link = Link::new("w");
    link.dnsmasq(&["--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h"]);
    let ns = link.server_ns.clone();
    std::process::Command::new("ip")
        .args(["-n", &ns, "link", "set", "srv0", "down"])
        .status()
        .unwrap();
    let raise = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(2500));
        std::process::Command::new("ip")
            .args(["-n", &ns, "link", "set", "srv0", "up"])
            .status()
            .unwrap();
    });
    let dev = link.dev.clone();
    let t = std::time::Instant::now();
    let out = link.run_client(ours(), &["-t", "20", &dev], &[]);
    raise.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(t.elapsed().as_millis() >= 2500);
    assert!(link.take_conf().contains("PROTO='dhcp'"));
}
