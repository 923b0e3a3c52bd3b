//! kinit's library: everything kinit and its applets decide, parse or probe,
//! as `no_std` + `alloc` code on klibc that also builds for host tests. The
//! binary (main.rs) only dispatches on argv[0].
#![cfg_attr(not(test), no_std)]

extern crate alloc;

pub mod applets;
pub mod probe;
