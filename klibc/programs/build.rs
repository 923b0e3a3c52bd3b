//! Links the programs as static, libc-free executables (see klibc/static_link.rs).

include!("../static_link.rs");

fn main() {
    link_static();
}
