//! The NFS server of the NFS-root scenarios: nfs-ganesha on the host's
//! loopback (see ganesha.rs; QEMU's user network shows it to the guest as
//! 10.0.2.2), exporting one directory with a tree per architecture whose
//! /sbin/init is boot-marker built for it (and a copy of it under
//! 10.0.2.15/, the guest's address, for `%s` in nfsroot=). Stopped on drop.

use crate::ganesha::Ganesha;
use std::path::{Path, PathBuf};

/// Where the scenarios' `nfsroot=` values say the export is.
pub const EXPORT_PLACEHOLDER: &str = "@NFS_EXPORT@";
/// The address QEMU's user network gives the guest.
const GUEST_IP: &str = "10.0.2.15";

pub struct NfsServer {
    ganesha: Ganesha,
    export: PathBuf,
}

impl NfsServer {
    /// Makes `dir`/export and starts ganesha (and rpcbind if needed)
    /// exporting it.
    pub fn start(dir: &Path) -> Result<NfsServer, String> {
        let _ = std::fs::remove_dir_all(dir);
        let export = dir.join("export");
        std::fs::create_dir_all(&export).map_err(|e| format!("{}: {e}", export.display()))?;
        Ok(NfsServer {
            ganesha: Ganesha::start(dir, &export)?,
            export,
        })
    }

    /// Makes the export's subdirectory `name`, a root with `marker` as
    /// /sbin/init, and returns its path (what nfsroot= names).
    pub fn tree(&self, name: &str, marker: &Path) -> Result<PathBuf, String> {
        let tree = self.export.join(name);
        for d in ["bin", "dev", "etc", "proc", "sbin", "sys", "tmp"] {
            std::fs::create_dir_all(tree.join(d)).map_err(|e| e.to_string())?;
        }
        std::fs::copy(marker, tree.join("sbin/init"))
            .map_err(|e| format!("{name}/sbin/init: {e}"))?;
        // The same tree again below the guest's DHCP address, for `%s` in nfsroot=.
        let per_client = tree.join(GUEST_IP);
        for d in ["dev", "proc", "sbin", "sys"] {
            std::fs::create_dir_all(per_client.join(d)).map_err(|e| e.to_string())?;
        }
        std::fs::copy(marker, per_client.join("sbin/init"))
            .map_err(|e| format!("{name}/{GUEST_IP}/sbin/init: {e}"))?;
        Ok(tree)
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        self.ganesha.kill();
    }
}
