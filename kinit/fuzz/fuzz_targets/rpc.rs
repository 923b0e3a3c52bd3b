//! Fuzz target: bytes from the network as RPC replies (UDP datagrams or
//! record-marked TCP streams) through the GETPORT and MOUNT parsers, and
//! as NFS mount options, `nfsroot=` and `/run/net-*.conf` texts; must
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::rpc(data);
});
