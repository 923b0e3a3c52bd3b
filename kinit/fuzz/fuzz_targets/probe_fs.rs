//! Fuzz target: filesystem identification (klibc's signatures and ours,
//! UUID and LABEL extraction) on arbitrary device contents must answer or
//! fail, never panic, at the page sizes kinit meets.
#![no_main]

use kinit::probe;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for page in [4096, 16384, 65536] {
        let _ = probe::identify(&mut &data[..], page);
    }
});
