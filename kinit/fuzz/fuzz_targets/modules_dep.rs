//! Fuzz target: modules.dep, modules.softdep, modules.alias,
//! modules.builtin and /etc/modules texts (NUL-separated in the input)
//! planned into a load order must never panic or loop forever.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = kinit::fuzzing::modules_dep(data);
});
