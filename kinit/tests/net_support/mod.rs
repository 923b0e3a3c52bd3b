//! Shared by the ipconfig/DHCP host tests: a client and a server network
//! namespace joined by a veth pair (private 10.x addresses, nothing leaves
//! them), a real dnsmasq started in the server namespace with the test's
//! own options, and runners for our ipconfig and klibc-utils' in the client
//! namespace (in their own UTS namespace, so a DHCP hostname never reaches
//! the host). Everything is torn down on drop, also when a test fails.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub const KLIBC_IPCONFIG: &str = "/usr/lib/klibc/bin/ipconfig";

/// The server's address on the link.
pub const SERVER: &str = "10.9.0.1";

static NEXT: AtomicU32 = AtomicU32::new(0);

fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("run ip");
    assert!(
        out.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two namespaces and a veth pair; `dev` is the client's interface name
/// (unique per test, since both ipconfigs write /run/net-<dev>.conf).
pub struct Link {
    pub client_ns: String,
    pub server_ns: String,
    pub dev: String,
    pub server_dev: String,
    children: Vec<Child>,
    pub scratch: PathBuf,
}

/// Skips (with a message) unless this runs as root with `ip netns`.
pub fn usable() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let root = status
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .is_some_and(|l| l.split_whitespace().nth(1) == Some("0"));
    assert!(root, "the ipconfig tests need root (CI runs as root)");
    true
}

impl Link {
    pub fn new(tag: &str) -> Link {
        usable();
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let id = format!("{}{}", std::process::id() % 100000, n);
        let client_ns = format!("kipc-c{id}");
        let server_ns = format!("kipc-s{id}");
        // unique per process too: the .conf files go to the host's /run,
        // shared with test runs in other checkouts
        let dev = format!("k{tag}{id}");
        assert!(dev.len() < 16, "interface name {dev} too long");
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("ipconfig-tests")
            .join(&dev);
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).unwrap();
        let link = Link {
            client_ns,
            server_ns,
            dev,
            server_dev: "srv0".into(),
            children: Vec::new(),
            scratch,
        };
        ip(&["netns", "add", &link.client_ns]);
        ip(&["netns", "add", &link.server_ns]);
        ip(&[
            "-n",
            &link.client_ns,
            "link",
            "add",
            &link.dev,
            "type",
            "veth",
            "peer",
            "name",
            &link.server_dev,
            "netns",
            &link.server_ns,
        ]);
        ip(&[
            "-n",
            &link.server_ns,
            "addr",
            "add",
            "10.9.0.1/24",
            "dev",
            "srv0",
        ]);
        ip(&["-n", &link.server_ns, "link", "set", "srv0", "up"]);
        ip(&["-n", &link.server_ns, "link", "set", "lo", "up"]);
        let _ = std::fs::remove_file(link.conf_path());
        link
    }

    pub fn conf_path(&self) -> PathBuf {
        PathBuf::from(format!("/run/net-{}.conf", self.dev))
    }

    /// Starts dnsmasq in the server namespace with `extra` options and
    /// waits until it listens.
    pub fn dnsmasq(&mut self, extra: &[&str]) {
        let tool = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("dnsmasq not found: install the Debian package dnsmasq-base");
        let log = self.scratch.join("dnsmasq.log");
        let leases = self.scratch.join("leases");
        let child = Command::new("ip")
            .args(["netns", "exec", &self.server_ns, tool])
            .args([
                "--no-daemon",
                "--conf-file=/dev/null",
                "--port=0",
                "--interface=srv0",
                "--bind-interfaces",
                "--log-dhcp",
            ])
            .arg(format!("--log-facility={}", log.display()))
            .arg(format!("--dhcp-leasefile={}", leases.display()))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dnsmasq");
        self.children.push(child);
        self.wait_log(&log, "started");
    }

    /// Starts a program (a test responder) in the server namespace.
    pub fn spawn_server(&mut self, cmd: &mut Command) {
        let child = cmd.spawn().expect("start the test responder");
        self.children.push(child);
    }

    pub fn server_cmd(&self, program: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.server_ns, program]);
        c
    }

    pub fn wait_log(&self, log: &Path, what: &str) {
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(10) {
            if std::fs::read_to_string(log).is_ok_and(|s| s.contains(what)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{} did not say {what:?}: {}",
            log.display(),
            std::fs::read_to_string(log).unwrap_or_default()
        );
    }

    pub fn dnsmasq_log(&self) -> String {
        std::fs::read_to_string(self.scratch.join("dnsmasq.log")).unwrap_or_default()
    }

    /// Runs `program args` in the client namespace (own UTS namespace).
    pub fn run_client(&self, program: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.client_ns, "unshare", "--uts", "--"])
            .arg(program)
            .args(args)
            .stdin(Stdio::null());
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().expect("run the client")
    }

    /// Puts the client interface back: no addresses, MTU 1500, no .conf
    /// file. The link stays up: klibc's ipconfig waits 10 s after a send
    /// on a link that is still coming up (waits_for_carrier covers that).
    pub fn reset_client(&self) {
        ip(&["-n", &self.client_ns, "addr", "flush", "dev", &self.dev]);
        ip(&[
            "-n",
            &self.client_ns,
            "link",
            "set",
            &self.dev,
            "mtu",
            "1500",
        ]);
        let _ = std::fs::remove_file(self.conf_path());
    }

    /// `ip -4 -o addr` of the client interface.
    pub fn client_addrs(&self) -> String {
        let out = Command::new("ip")
            .args([
                "-n",
                &self.client_ns,
                "-4",
                "-o",
                "addr",
                "show",
                "dev",
                &self.dev,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn client_routes(&self) -> String {
        let out = Command::new("ip")
            .args(["-n", &self.client_ns, "-4", "route"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn client_mtu(&self) -> String {
        let out = Command::new("ip")
            .args([
                "-n",
                &self.client_ns,
                "-o",
                "link",
                "show",
                "dev",
                &self.dev,
            ])
            .output()
            .unwrap();
        let s = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut w = s.split_whitespace();
        w.find(|&x| x == "mtu");
        w.next().unwrap_or("").to_string()
    }

    pub fn take_conf(&self) -> String {
        let p = self.conf_path();
        let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let _ = std::fs::remove_file(&p);
        s
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = Command::new("ip")
            .args(["netns", "del", &self.client_ns])
            .status();
        let _ = Command::new("ip")
            .args(["netns", "del", &self.server_ns])
            .status();
        let _ = std::fs::remove_file(self.conf_path());
    }
}

/// A .conf file's variables in order, with the quoting taken off.
pub fn conf_fields(s: &str) -> Vec<(String, String)> {
    s.lines()
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            let v = v.replace("'\\''", "'").replace("'\\!'", "!");
            (k.to_string(), v.trim_matches('\'').to_string())
        })
        .collect()
}

/// Compares two .conf files field by field: same names in the same order,
/// same values except UPTIME (within `slack` seconds).
pub fn assert_same_conf(ours: &str, klibc: &str, slack: i64) {
    let a = conf_fields(ours);
    let b = conf_fields(klibc);
    let names = |v: &[(String, String)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "variables and order\nours:\n{ours}\nklibc:\n{klibc}"
    );
    let bm: BTreeMap<_, _> = b.iter().cloned().collect();
    for (k, v) in &a {
        let w = &bm[k];
        if k == "UPTIME" {
            let (x, y): (i64, i64) = (v.parse().unwrap(), w.parse().unwrap());
            assert!((x - y).abs() <= slack, "UPTIME {x} vs {y}");
        } else {
            assert_eq!(v, w, "{k}\nours:\n{ours}\nklibc:\n{klibc}");
        }
    }
}

/// Our ipconfig: the multi-call binary under the name `ipconfig`.
pub fn our_ipconfig(kinit: &Path) -> &'static Path {
    static LINK: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    LINK.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("ipconfig-bin")
            .join(std::process::id().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("ipconfig");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(kinit, &link).unwrap();
        link
    })
}
