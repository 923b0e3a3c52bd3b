//! The applets of the multi-call binary, each with klibc-utils' command line,
//! exit codes and output. Each has `pub fn main(args: &[&CStr]) -> i32`,
//! where `args[0]` is the applet name.

pub mod fstype;
pub mod ipconfig;
pub mod kinit;
pub mod nfsmount;
pub mod resume;
pub mod run_init;
