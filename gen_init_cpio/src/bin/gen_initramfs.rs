//! `gen_initramfs`: gen_initramfs.sh's command line (see `initramfs`).

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    std::process::exit(gen_init_cpio::initramfs::main(&args));
}
