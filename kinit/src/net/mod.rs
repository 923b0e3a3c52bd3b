//! kinit's network boot: interface configuration (`ip=`, DHCP, BOOTP,
//! static; the ipconfig applet) and NFS (RPC/XDR, the MOUNT protocol, the
//! nfsmount applet, `root=/dev/nfs`).

pub mod nfs_mount;
pub mod nfs_opts;
pub mod nfsroot;
pub mod rpc;
pub mod rpc_client;
