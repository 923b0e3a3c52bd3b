//! Fuzz target: bytes from the network as ipconfig reads them (a DHCP/BOOTP
//! reply and its options, an IPv4/UDP frame, a domain search list) and as
//! an `ip=` value must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::dhcp(data);
});
