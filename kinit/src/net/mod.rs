//! kinit's network boot: interface configuration (`ip=`, DHCP, BOOTP,
//! static; the ipconfig applet) and NFS (RPC/XDR, the MOUNT protocol, the
//! nfsmount applet, `root=/dev/nfs`). Configuration: `ipspec` (the `ip=`
//! syntax), `dhcp` and `udp` (messages and their IPv4/UDP framing; parsers
//! that take arbitrary bytes and return errors), `conf` (klibc's outputs),
//! `iface` and `client` (the interfaces and the DHCP/BOOTP engine).

pub mod boot;
pub mod cifsroot;
pub mod client;
pub mod conf;
pub mod dhcp;
pub mod iface;
pub mod ipspec;
pub mod nfs_mount;
pub mod nfs_opts;
pub mod nfsroot;
pub mod rpc;
pub mod rpc_client;
pub mod rpc_fuzz;
pub mod udp;
pub mod xid;

/// An IPv4 address in network byte order (`0.0.0.0` is "none").
pub type Ip = [u8; 4];

/// The all-zero address.
pub const NONE: Ip = [0; 4];
