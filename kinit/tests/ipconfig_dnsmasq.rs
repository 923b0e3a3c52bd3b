//! Our ipconfig against a real dnsmasq in a network namespace, compared
//! with klibc-utils' ipconfig against the same server: DHCP (with every
//! option the .conf reports), BOOTP (`--bootp-dynamic`) and static
//! configuration give the same stdout and the same /run/net-<dev>.conf
//! (UPTIME as far apart as the runs), and the interface ends configured the
//! same way (address, broadcast, default route, MTU). Needs root, `ip
//! netns` and dnsmasq (Debian: dnsmasq-base).
#![cfg(feature = "net")]

mod net_support;
mod probe_support;

use net_support::*;
use std::path::Path;

fn ours() -> &'static Path {
    our_ipconfig(probe_support::kinit())
}

fn text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs ours then klibc's with the same arguments and compares outputs,
/// .conf files and the interface state.
fn compare(link: &Link, args: &[&str]) -> (String, String) {
    link.reset_client();
    let a = link.run_client(ours(), args, &[]);
    assert!(
        a.status.success(),
        "ours failed: {}{}",
        text(&a),
        String::from_utf8_lossy(&a.stderr)
    );
    let conf_a = link.take_conf();
    let (addrs_a, routes_a, mtu_a) = (link.client_addrs(), link.client_routes(), link.client_mtu());
    link.reset_client();
    let t = std::time::Instant::now();
    let b = link.run_client(Path::new(KLIBC_IPCONFIG), args, &[]);
    let slack = t.elapsed().as_secs() as i64 + 2;
    assert!(b.status.success(), "klibc's failed: {}", text(&b));
    let conf_b = link.take_conf();
    assert_eq!(text(&a), text(&b), "stdout");
    assert_same_conf(&conf_a, &conf_b, slack);
    assert_eq!(addrs_a, link.client_addrs(), "addresses");
    assert_eq!(routes_a, link.client_routes(), "routes");
    assert_eq!(mtu_a, link.client_mtu(), "mtu");
    (text(&a), conf_a)
}

#[test]
fn dhcp_matches_klibc() {
    let mut link = Link::new("d");
    link.dnsmasq(&[
        "--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h",
        "--dhcp-option=option:router,10.9.0.1",
        "--dhcp-option=option:dns-server,10.9.0.53,10.9.0.54",
        "--dhcp-option=option:domain-name,example.test",
        "--dhcp-option=option:domain-search,example.test,boot.example.test,lab.other.test",
        "--dhcp-option=option:root-path,/srv/nfs/it's!root",
        "--dhcp-option=40,nis.example",
        "--dhcp-option=option:mtu,1400",
        "--dhcp-option=12,client-one",
        "--dhcp-boot=pxelinux.0",
    ]);
    let dev = link.dev.clone();
    let (out, conf) = compare(&link, &["-t", "20", &dev]);
    assert!(out.contains("complete (dhcp from 10.9.0.1)"), "{out}");
    let f: std::collections::BTreeMap<_, _> = conf_fields(&conf).into_iter().collect();
    assert_eq!(f["PROTO"], "dhcp");
    assert!(f["IPV4ADDR"].starts_with("10.9.0."), "{conf}");
    assert_eq!(f["IPV4GATEWAY"], "10.9.0.1");
    assert_eq!(f["IPV4DNS1"], "10.9.0.54");
    assert_eq!(f["ROOTPATH"], "/srv/nfs/it's!root");
    assert_eq!(f["DHCPLEASETIME"], "3600");
    assert_eq!(f["HOSTNAME"], "client-one");
    assert_eq!(
        f["DOMAINSEARCH"],
        "example.test. boot.example.test. lab.other.test."
    );
    assert_eq!(link.client_mtu().trim(), "1400");
    // the vendor class id reached the server
    assert!(
        link.dnsmasq_log().contains("Linux ipconfig"),
        "{}",
        link.dnsmasq_log()
    );
}

#[test]
fn bootp_matches_klibc() {
    let mut link = Link::new("b");
    link.dnsmasq(&[
        "--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h",
        "--bootp-dynamic",
        "--dhcp-option=option:router,10.9.0.1",
        "--dhcp-option=option:dns-server,10.9.0.53",
        "--dhcp-boot=boot.img",
    ]);
    let dev = link.dev.clone();
    let (out, conf) = compare(&link, &["-c", "bootp", "-t", "20", &dev]);
    assert!(out.contains("complete (bootp from 10.9.0.1)"), "{out}");
    assert!(conf.contains("PROTO='bootp'"), "{conf}");
    assert!(conf.contains("filename='boot.img'"), "{conf}");
}

#[test]
fn static_matches_klibc() {
    let link = Link::new("s");
    let spec = format!(
        "10.9.0.7:10.9.0.1:10.9.0.1:255.255.255.0:statichost:{}:none:10.9.0.53:10.9.0.54:10.9.0.123",
        link.dev
    );
    let (_, conf) = compare(&link, &["-d", &spec]);
    assert!(conf.contains("IPV4ADDR='10.9.0.7'"), "{conf}");
    // classful guesses for a bare address
    let spec = format!("10.9.0.8:::::{}", link.dev);
    let (out, _) = compare(&link, &["-d", &format!("ip={spec}")]);
    assert!(out.contains("guessed netmask 255.0.0.0"), "{out}");
}

#[test]
fn two_interfaces_dhcp_and_static() {
    let mut link = Link::new("m");
    link.dnsmasq(&["--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h"]);
    // a second interface with nobody on the other end
    let second = format!("{}x", link.dev);
    let st = std::process::Command::new("ip")
        .args([
            "-n",
            &link.client_ns,
            "link",
            "add",
            &second,
            "type",
            "veth",
        ])
        .args(["peer", "name", "other0"])
        .status()
        .unwrap();
    assert!(st.success());
    let _ = std::fs::remove_file(format!("/run/net-{second}.conf"));
    let dev = link.dev.clone();
    let spec = format!("ip=192.168.77.2::192.168.77.1:255.255.255.0::{second}:off");
    let out = link.run_client(ours(), &["-t", "20", "-d", &spec, &dev], &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("IP-Config: {second} complete:")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("IP-Config: {dev} complete (dhcp")),
        "{stdout}"
    );
    let other = std::fs::read_to_string(format!("/run/net-{second}.conf")).unwrap();
    let _ = std::fs::remove_file(format!("/run/net-{second}.conf"));
    assert!(other.contains("IPV4ADDR='192.168.77.2'"), "{other}");
    assert!(link.take_conf().contains("PROTO='dhcp'"));
}

#[test]
fn dry_run_leaves_the_interface_alone() {
    let mut link = Link::new("r");
    link.dnsmasq(&["--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h"]);
    let dev = link.dev.clone();
    let (out, conf) = compare(&link, &["-n", "-t", "20", &dev]);
    assert!(out.contains("complete (dhcp"), "{out}");
    assert!(conf.contains("IPV4ADDR='10.9.0.1"), "{conf}");
    assert!(
        link.client_addrs().trim().is_empty(),
        "{}",
        link.client_addrs()
    );
}

#[test]
fn other_ports() {
    let mut link = Link::new("p");
    link.dnsmasq(&[
        "--dhcp-range=10.9.0.100,10.9.0.150,255.255.255.0,1h",
        "--dhcp-alternate-port=1067,1068",
    ]);
    let dev = link.dev.clone();
    let (out, _) = compare(&link, &["-p", "1068", "-t", "20", &dev]);
    assert!(
        out.contains("IP-Config: binding source port to 1068, dest to 1067"),
        "{out}"
    );
}

#[test]
fn usage_errors_match_klibc() {
    let link = Link::new("u");
    for args in [
        &["-c", "foo", "x"][..],
        &["-p", "0", "x"],
        &["-t", "-1", "x"],
        &["-q"],
        &[],
    ] {
        let a = link.run_client(ours(), args, &[]);
        let b = link.run_client(Path::new(KLIBC_IPCONFIG), args, &[]);
        assert_eq!(a.status.code(), b.status.code(), "{args:?}");
        let msg = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
                .rsplit(": ")
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(msg(&a), msg(&b), "{args:?}");
    }
    // RARP alone is refused by name (klibc's has no RARP client either)
    let a = link.run_client(ours(), &["-c", "rarp", "-t", "2", &link.dev], &[]);
    assert_eq!(a.status.code(), Some(1));
    let err = String::from_utf8_lossy(&a.stderr);
    assert!(err.contains("RARP is not supported"), "{err}");
    assert!(err.contains("no devices to configure"), "{err}");
    // klibc's inet_aton takes 999 as a byte and goes on; ours refuses it
    let a = link.run_client(ours(), &["-d", "1.2.3.999:::::x"], &[]);
    assert_eq!(a.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&a.stderr).contains("can't parse IP address '1.2.3.999'"),
        "{a:?}"
    );
}
