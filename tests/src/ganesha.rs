//! Debian's nfs-ganesha on the host's loopback, exporting one directory as
//! NFSv3 over TCP and UDP on fixed ports registered with rpcbind (started
//! here when none runs), stopped on drop. One ganesha at a time per machine
//! (rpcbind holds one registration per program): whoever binds LOCK_PORT
//! runs theirs, the others wait. Used by the boot harness's NFS-root
//! scenarios (nfs_server.rs) and, through `#[path]`, by kinit's nfsmount
//! test (kinit/tests/nfs_ganesha.rs), so both take the same lock.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NFS_PORT: u16 = 20490;
pub const MNT_PORT: u16 = 20048;
const LOCK_PORT: u16 = 20400;

/// rpcbind (when started here) and nfs-ganesha, stopped on drop.
pub struct Ganesha {
    /// None until it is started.
    ganesha: Option<Child>,
    rpcbind: Option<Child>,
    _lock: TcpListener,
}

fn tool(name: &str) -> PathBuf {
    ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

fn rpcinfo() -> Option<String> {
    let o = Command::new(tool("rpcinfo"))
        .args(["-p", "127.0.0.1"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn wait_for(what: &str, secs: u64, mut ok: impl FnMut() -> bool) -> Result<(), String> {
    let t = Instant::now();
    while !ok() {
        if t.elapsed() > Duration::from_secs(secs) {
            return Err(format!("{what} within {secs} s"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

impl Ganesha {
    /// Starts rpcbind (if needed) and ganesha exporting `export`; its
    /// config, log, pid file and recovery directory go to `dir`.
    pub fn start(dir: &Path, export: &Path) -> Result<Ganesha, String> {
        for t in ["ganesha.nfsd", "rpcbind", "rpcinfo"] {
            if !tool(t).is_file() {
                return Err(format!(
                    "{t} not found: install the Debian packages nfs-ganesha, nfs-ganesha-vfs and rpcbind"
                ));
            }
        }
        let t = Instant::now();
        let lock = loop {
            match TcpListener::bind(("127.0.0.1", LOCK_PORT)) {
                Ok(l) => break l,
                Err(_) if t.elapsed() < Duration::from_secs(600) => {
                    std::thread::sleep(Duration::from_millis(500))
                }
                Err(e) => {
                    return Err(format!(
                        "another nfs-ganesha run holds port {LOCK_PORT}: {e}"
                    ))
                }
            }
        };
        let recovery = dir.join("recovery");
        std::fs::create_dir_all(&recovery).map_err(|e| format!("{}: {e}", recovery.display()))?;
        let rpcbind = if rpcinfo().is_some() {
            None
        } else {
            let c = Command::new(tool("rpcbind"))
                .args(["-f", "-w"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("starting rpcbind: {e}"))?;
            Some(c)
        };
        // Whatever fails from here on stops rpcbind again (drop).
        let mut server = Ganesha {
            ganesha: None,
            rpcbind,
            _lock: lock,
        };
        wait_for("rpcbind answering", 10, || rpcinfo().is_some())?;
        let conf = dir.join("ganesha.conf");
        let text = format!(
            "NFS_CORE_PARAM {{ Protocols = 3; Bind_addr = 127.0.0.1; NFS_Port = {NFS_PORT}; \
             MNT_Port = {MNT_PORT}; Enable_NLM = false; Enable_RQUOTA = false; \
             Plugins_Dir = /usr/lib/x86_64-linux-gnu/ganesha; }}\n\
             NFSV4 {{ Graceless = true; RecoveryRoot = {rec}; }}\n\
             NFS_KRB5 {{ Active_krb5 = false; }}\n\
             EXPORT {{ Export_Id = 1; Path = {exp}; Pseudo = {exp}; Access_Type = RW; \
             Squash = No_Root_Squash; SecType = sys, none; Protocols = 3; \
             Transports = TCP, UDP; FSAL {{ Name = VFS; }} }}\n",
            rec = recovery.display(),
            exp = export.display()
        );
        std::fs::write(&conf, text).map_err(|e| format!("{}: {e}", conf.display()))?;
        let log = dir.join("ganesha.log");
        let ganesha = Command::new(tool("ganesha.nfsd"))
            .arg("-F")
            .arg("-f")
            .arg(&conf)
            .arg("-L")
            .arg(&log)
            .arg("-p")
            .arg(dir.join("ganesha.pid"))
            .args(["-N", "NIV_EVENT"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting ganesha.nfsd: {e}"))?;
        server.ganesha = Some(ganesha);
        let registered = |p: u16| rpcinfo().is_some_and(|t| t.contains(&format!(" {p} ")));
        wait_for("nfs-ganesha registering with rpcbind", 30, || {
            registered(NFS_PORT) && registered(MNT_PORT)
        })
        .map_err(|e| {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            format!("{e}; {}:\n{text}", log.display())
        })?;
        Ok(server)
    }
}

impl Ganesha {
    /// Kills nfs-ganesha at once (SIGKILL), as a crash would; rpcbind and
    /// the lock stay until drop. (kinit's nfsmount test, which includes
    /// this file too, never kills it.)
    #[allow(dead_code)]
    pub fn kill(&mut self) {
        if let Some(g) = &mut self.ganesha {
            let _ = g.kill();
            let _ = g.wait();
        }
        self.ganesha = None;
    }
}

impl Drop for Ganesha {
    fn drop(&mut self) {
        if let Some(g) = &mut self.ganesha {
            // SIGTERM first, for a clean shutdown; SIGKILL after 10 s.
            let _ = Command::new("kill").arg(g.id().to_string()).status();
            let t = Instant::now();
            while t.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = g.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = g.kill();
            let _ = g.wait();
        }
        if let Some(r) = &mut self.rpcbind {
            let _ = r.kill();
            let _ = r.wait();
        }
    }
}
