//! kinit's network boot: interface configuration (`ip=`, DHCP, BOOTP,
//! static; the ipconfig applet) and NFS (RPC/XDR, the MOUNT protocol, the
//! nfsmount applet, `root=/dev/nfs`).

pub mod rpc;
