//! The NFS server of the NFS-root scenarios: Debian's nfs-ganesha on the
//! host's loopback (which QEMU's user network shows the guest as 10.0.2.2),
//! exporting a tree whose /sbin/init is boot-marker (and a copy of it
//! under 10.0.2.15/, the guest's address, for `%s` in nfsroot=), NFSv3 over TCP and
//! UDP on fixed ports registered with rpcbind (started here when none
//! runs). One ganesha at a time per machine: whoever binds LOCK_PORT (the
//! same lock kinit's nfs_ganesha test takes) runs theirs. Stopped on drop.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NFS_PORT: u16 = 20490;
pub const MNT_PORT: u16 = 20048;
const LOCK_PORT: u16 = 20400;
/// Where the scenarios' `nfsroot=` values say the export is.
pub const EXPORT_PLACEHOLDER: &str = "@NFS_EXPORT@";
/// The address QEMU's user network gives the guest.
const GUEST_IP: &str = "10.0.2.15";

pub struct NfsServer {
    ganesha: Child,
    rpcbind: Option<Child>,
    _lock: TcpListener,
    pub export: PathBuf,
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

impl NfsServer {
    /// Starts rpcbind (if needed) and ganesha exporting `dir`/export, a
    /// tree with `marker` as /sbin/init.
    pub fn start(dir: &Path, marker: &Path) -> Result<NfsServer, String> {
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
        let _ = std::fs::remove_dir_all(dir);
        let export = dir.join("export");
        for d in ["bin", "dev", "etc", "proc", "sbin", "sys", "tmp"] {
            std::fs::create_dir_all(export.join(d)).map_err(|e| e.to_string())?;
        }
        std::fs::copy(marker, export.join("sbin/init")).map_err(|e| format!("sbin/init: {e}"))?;
        // The same tree again below the guest's DHCP address, for `%s` in nfsroot=.
        let per_client = export.join(GUEST_IP);
        for d in ["dev", "proc", "sbin", "sys"] {
            std::fs::create_dir_all(per_client.join(d)).map_err(|e| e.to_string())?;
        }
        std::fs::copy(marker, per_client.join("sbin/init"))
            .map_err(|e| format!("{GUEST_IP}/sbin/init: {e}"))?;
        let recovery = dir.join("recovery");
        std::fs::create_dir_all(&recovery).map_err(|e| e.to_string())?;
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
        let mut server = NfsServer {
            ganesha: Command::new("true").spawn().map_err(|e| e.to_string())?,
            rpcbind,
            _lock: lock,
            export: export.clone(),
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
        std::fs::write(&conf, text).map_err(|e| e.to_string())?;
        let log = dir.join("ganesha.log");
        let _ = server.ganesha.wait();
        server.ganesha = Command::new(tool("ganesha.nfsd"))
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
        let registered = |p: u16| rpcinfo().is_some_and(|t| t.contains(&format!(" {p} ")));
        wait_for("nfs-ganesha registering with rpcbind", 30, || {
            registered(NFS_PORT) && registered(MNT_PORT)
        })
        .map_err(|e| format!("{e}; see {}", log.display()))?;
        Ok(server)
    }
}

impl Drop for NfsServer {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.ganesha.id().to_string())
            .status();
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.ganesha.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.ganesha.kill();
        let _ = self.ganesha.wait();
        if let Some(r) = &mut self.rpcbind {
            let _ = r.kill();
            let _ = r.wait();
        }
    }
}
