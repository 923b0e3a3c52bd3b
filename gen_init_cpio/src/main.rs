//! `gen_init_cpio`: the kernel tool's command line (see `cli`).

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    std::process::exit(gen_init_cpio::cli::main(&args));
}
