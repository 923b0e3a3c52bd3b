//! kinit's library: everything kinit and its applets decide, parse or probe,
//! as `no_std` + `alloc` code on klibc that also builds for host tests. The
//! binary (main.rs) only dispatches on argv[0].
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod applets;
pub mod ascii;
pub mod attr;
pub mod blockdevs;
pub mod caps;
pub mod cmdline;
pub mod cpath;
pub mod fatal;
pub mod faults;
pub mod fuzzing;
pub mod gpt_auto;
pub mod inflate;
pub mod initrd;
pub mod kinit_mount;
pub mod lockstep;
pub mod md;
pub mod modules;
pub mod mountroot;
#[cfg(feature = "net")]
pub mod net;
pub mod pid1;
pub mod probe;
pub mod rescue;
pub mod resume;
pub mod rootdev;
pub mod rootid;
pub mod rootspec;
pub mod runinit;
pub mod say;
pub mod timeline;
pub mod verity;
