//! The applets of the multi-call binary, each with klibc-utils' command line,
//! exit codes and output. Each has `pub fn main(args: &[&CStr]) -> i32`,
//! where `args[0]` is the applet name.

pub mod fstype;
#[cfg(feature = "net")]
pub mod ipconfig;
pub mod kinit;
#[cfg(feature = "net")]
pub mod nfsmount;
pub mod resume;
pub mod run_init;
