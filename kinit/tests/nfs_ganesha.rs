//! nfsmount against real peers on loopback: Debian's nfs-ganesha (started
//! by the boot harness's launcher, tests/src/ganesha.rs, exporting a
//! temporary directory, NFSv3 over TCP and UDP, registered with rpcbind,
//! which is started too when not running) compared with klibc-utils'
//! nfsmount run the same way; and small RPC responders written here that
//! send foreign, malformed and then real replies, which nfsmount must skip
//! with a debug line.
//!
//! This host's kernel may lack the NFS client (`nfs` missing from
//! /proc/filesystems, no modprobe): then both nfsmounts get through
//! GETPORT and MOUNT and stop at mount(2) with ENODEV, and the mount itself
//! is covered by the NFS-root boot scenarios under QEMU. Needs root and
//! the Debian packages nfs-ganesha, nfs-ganesha-vfs, rpcbind, klibc-utils.
#![cfg(feature = "net")]

mod probe_support;
// The boot harness's launcher: the same config, ports and machine-wide lock.
#[path = "../../tests/src/ganesha.rs"]
mod ganesha;

use ganesha::{Ganesha, MNT_PORT, NFS_PORT};
use probe_support::{kinit, scratch};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const KLIBC_NFSMOUNT: &str = "/usr/lib/klibc/bin/nfsmount";

/// `./nfsmount` in `dir` linked to `target`, so both programs see the
/// same argv[0].
fn linked(dir: &Path, target: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let link = dir.join("nfsmount");
    let _ = std::fs::remove_file(&link);
    symlink(target, &link).unwrap();
    link
}

fn run(prog: &Path, args: &[&str], timeout: Duration) -> Output {
    let mut child = Command::new("./nfsmount")
        .current_dir(prog.parent().unwrap())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > timeout {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn kernel_has_nfs() -> bool {
    std::fs::read_to_string("/proc/filesystems")
        .is_ok_and(|f| f.lines().any(|l| l.ends_with("\tnfs")))
}

/// Each line of ours is klibc's, or klibc's with our `nfsmount: ` prefix
/// (klibc prints some messages bare, e.g. "mount: ...").
fn same_lines(ours: &str, theirs: &str) -> bool {
    let o: Vec<&str> = ours.lines().filter(|l| !l.contains(": debug: ")).collect();
    let t: Vec<&str> = theirs.lines().collect();
    o.len() == t.len()
        && o.iter()
            .zip(&t)
            .all(|(a, b)| a == b || a.strip_prefix("nfsmount: ") == Some(b))
}

#[test]
fn nfsmount_like_klibc_against_ganesha() {
    assert!(
        Path::new(KLIBC_NFSMOUNT).exists(),
        "{KLIBC_NFSMOUNT} missing: install the Debian package klibc-utils"
    );
    let dir = scratch("nfs-ganesha");
    let export = dir.join("export");
    std::fs::create_dir_all(&export).unwrap();
    std::fs::write(export.join("hello"), "hello from ganesha\n").unwrap();
    let mnt = dir.join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let ours = linked(&dir.join("ours"), kinit());
    let theirs = linked(&dir.join("theirs"), Path::new(KLIBC_NFSMOUNT));
    let _server = Ganesha::start(&dir, &export).unwrap_or_else(|e| panic!("nfs-ganesha: {e}"));
    let exp = format!("127.0.0.1:{}", export.display());
    let mnt_s = mnt.to_str().unwrap();
    let nfs = kernel_has_nfs();
    let t = Duration::from_secs(60);

    let cases: Vec<Vec<String>> = vec![
        vec![exp.clone(), mnt_s.into()],
        vec!["-o".into(), "udp".into(), exp.clone(), mnt_s.into()],
        vec![
            "-o".into(),
            "tcp,rsize=8192,wsize=8192,timeo=10,retrans=2,soft,ro".into(),
            exp.clone(),
            mnt_s.into(),
        ],
        vec![
            "-o".into(),
            format!("port={NFS_PORT}"),
            exp.clone(),
            mnt_s.into(),
        ],
        vec!["127.0.0.1:/not/exported".into(), mnt_s.into()],
        vec!["-o".into(), "foo".into(), exp.clone(), mnt_s.into()],
        vec!["-o".into(), "rsize=big".into(), exp.clone(), mnt_s.into()],
        vec!["-o".into(), "vers=4".into(), exp.clone(), mnt_s.into()],
        vec!["-x".into(), exp.clone(), mnt_s.into()],
        vec!["server.example:/x".into(), mnt_s.into()],
        vec!["127.0.0.1".into(), mnt_s.into()],
        vec!["127.0.0.1:relative".into(), mnt_s.into()],
        vec![],
        vec![
            exp.clone(),
            dir.join("hello-not-a-dir").to_str().unwrap().into(),
        ],
    ];
    std::fs::write(dir.join("hello-not-a-dir"), "").unwrap();
    for case in &cases {
        let args: Vec<&str> = case.iter().map(|s| s.as_str()).collect();
        let a = run(&ours, &args, t);
        if nfs && a.status.success() {
            let _ = Command::new("umount").arg(&mnt).status();
        }
        let b = run(&theirs, &args, t);
        if nfs && b.status.success() {
            let _ = Command::new("umount").arg(&mnt).status();
        }
        assert_eq!(
            a.status.code(),
            b.status.code(),
            "exit status for {args:?}: ours said {:?}, klibc's {:?}",
            text(&a.stderr),
            text(&b.stderr)
        );
        assert!(
            same_lines(&text(&a.stderr), &text(&b.stderr)),
            "messages for {args:?}: ours {:?}, klibc's {:?}",
            text(&a.stderr),
            text(&b.stderr)
        );
    }
    // Without the kernel's NFS client both stop exactly at mount(2), which
    // shows GETPORT and MOUNT went through.
    if !nfs {
        let a = run(&ours, &[&exp, mnt_s], t);
        assert_eq!(
            text(&a.stderr),
            "nfsmount: mount: the kernel lacks NFS v3 support\n"
        );
    }
    // mountport= (klibc's nfsmount has no such option) skips rpcbind.
    let opts = format!("port={NFS_PORT},mountport={MNT_PORT}");
    let a = run(&ours, &["-o", &opts, &exp, mnt_s], t);
    if !nfs {
        assert_eq!(
            text(&a.stderr),
            "nfsmount: mount: the kernel lacks NFS v3 support\n"
        );
    }
    // NFSv2: ganesha has no MOUNT v1 MNT; klibc retries its UDP call for
    // minutes, ours reports the server's answer at once.
    let a = run(&ours, &["-o", "vers=2,udp", &exp, mnt_s], t);
    assert_eq!(a.status.code(), Some(1));
    assert_eq!(
        text(&a.stderr),
        "nfsmount: MOUNT call to 127.0.0.1: procedure unavailable\n"
    );
}

/// The record-marked TCP form of `msg`, split into two fragments.
fn two_fragments(msg: &[u8]) -> Vec<u8> {
    let (a, b) = msg.split_at(msg.len() / 2);
    let mut out = (a.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(a);
    out.extend_from_slice(&(0x8000_0000u32 | b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
    out
}

fn reply(xid: u32, body: &[u32]) -> Vec<u8> {
    let mut words = vec![xid, 1, 0, 0, 0, 0];
    words.extend_from_slice(body);
    words.iter().flat_map(|w| w.to_be_bytes()).collect()
}

fn xid(call: &[u8]) -> u32 {
    u32::from_be_bytes(call[..4].try_into().unwrap())
}

#[test]
fn foreign_and_malformed_replies_are_skipped() {
    let dir = scratch("nfs-responders");
    let mnt = dir.join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let ours = linked(&dir.join("ours"), kinit());
    let mnt_s = mnt.to_str().unwrap();

    // UDP: garbage, a reply to another call, a CALL with our xid, then the
    // real answer (EACCES).
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = udp.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let mut buf = [0u8; 2048];
        let (n, from) = udp.recv_from(&mut buf).unwrap();
        let x = xid(&buf[..n]);
        udp.send_to(b"\x01\x02\x03", from).unwrap();
        udp.send_to(&reply(x.wrapping_add(1), &[0]), from).unwrap();
        udp.send_to(&buf[..n], from).unwrap();
        udp.send_to(&reply(x, &[13]), from).unwrap();
    });
    let opts = format!("udp,port=2049,mountport={port}");
    let out = run(
        &ours,
        &["-o", &opts, "127.0.0.1:/x", mnt_s],
        Duration::from_secs(30),
    );
    server.join().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("nfsmount: debug: ignored a reply: reply too short"),
        "{err}"
    );
    assert!(
        err.contains("nfsmount: debug: ignored a reply: wrong xid"),
        "{err}"
    );
    assert!(
        err.contains("nfsmount: debug: ignored a reply: not an RPC reply"),
        "{err}"
    );
    assert!(
        err.ends_with("nfsmount: mount call failed - server replied: Permission denied.\n"),
        "{err}"
    );

    // TCP: a reply to another call, then ours in two fragments with a
    // file handle; ours goes on to mount(2).
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = tcp.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = tcp.accept().unwrap();
        let mut head = [0u8; 4];
        s.read_exact(&mut head).unwrap();
        let len = (u32::from_be_bytes(head) & 0x7fff_ffff) as usize;
        let mut call = vec![0u8; len];
        s.read_exact(&mut call).unwrap();
        let x = xid(&call);
        s.write_all(&two_fragments(&reply(x ^ 0x5555, &[0, 4, 7, 0])))
            .unwrap();
        s.write_all(&two_fragments(&reply(x, &[0, 8, 1, 2, 1, 1])))
            .unwrap();
        // Wait for the client to close (UMNT after a failed mount(2) may follow).
        let _ = s.read(&mut [0u8; 64]);
    });
    let opts = format!("tcp,port=1,mountport={port}");
    let out = run(
        &ours,
        &["-o", &opts, "127.0.0.1:/x", mnt_s],
        Duration::from_secs(30),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("nfsmount: debug: ignored a reply: wrong xid"),
        "{err}"
    );
    assert!(
        !err.contains("MOUNT call"),
        "the real reply was not taken: {err}"
    );
    assert!(err.contains("nfsmount: mount"), "{err}");
    drop(server);
}

#[test]
fn no_server_fails_fast() {
    let dir = scratch("nfs-no-server");
    let mnt = dir.join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let ours = linked(&dir.join("ours"), kinit());
    // A port nobody listens on: refused at once, over TCP and UDP.
    let closed = TcpStream::connect(("127.0.0.1", 1)).is_err();
    assert!(closed, "something listens on 127.0.0.1:1");
    for proto in ["tcp", "udp"] {
        let opts = format!("{proto},port=2049,mountport=1");
        let t = Instant::now();
        let out = run(
            &ours,
            &["-o", &opts, "127.0.0.1:/x", mnt.to_str().unwrap()],
            Duration::from_secs(30),
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("MOUNT call to 127.0.0.1") && err.contains("Connection refused"),
            "{err}"
        );
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "took {:?}",
            t.elapsed()
        );
    }
}
