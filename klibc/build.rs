//! Generates klibc's UAPI bindings with bindgen from the kernel's exported
//! headers (`KLIBC_UAPI_INCLUDE`, the `usr/include` of `make headers`), as
//! klibc/uapi/bindgen_parameters says. Without that variable the crate uses
//! linux-raw-sys instead, and this script only records that choice.

use std::env;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(klibc_uapi_bindgen)");
    // Kbuild's layout check (klibc/uapi/gen); cargo builds leave it to uapi-check.
    println!("cargo::rustc-check-cfg=cfg(klibc_layout_check)");
    println!("cargo::rustc-check-cfg=cfg(fuzzing)");
    println!("cargo::rerun-if-env-changed=KLIBC_UAPI_INCLUDE");
    // The binding spec: uapi/'s files (not uapi/gen/, Kbuild's tool; a new
    // helper header comes with a new bindgen_parameters section).
    if let Ok(dir) = std::fs::read_dir("uapi") {
        for e in dir.flatten() {
            if e.file_type().is_ok_and(|t| t.is_file()) {
                println!("cargo::rerun-if-changed={}", e.path().display());
            }
        }
    }
    println!("cargo::rerun-if-changed=include");

    let include = env::var_os("KLIBC_UAPI_INCLUDE").filter(|v| !v.is_empty());
    let bindgen_on = env::var_os("CARGO_FEATURE_BINDGEN").is_some();
    match (include, bindgen_on) {
        (None, false) => {}
        (Some(dir), true) => {
            let dir = PathBuf::from(dir);
            if let Err(e) = generate(&dir) {
                eprintln!("error: klibc: UAPI bindings from {}: {e}", dir.display());
                std::process::exit(1);
            }
            println!("cargo::rustc-cfg=klibc_uapi_bindgen");
            println!("cargo::metadata=uapi_include={}", dir.display());
        }
        (Some(_), false) => fail(
            "KLIBC_UAPI_INCLUDE is set but klibc was built without its `bindgen` feature; \
             build with `--features klibc/bindgen`",
        ),
        (None, true) => fail(
            "klibc's `bindgen` feature needs KLIBC_UAPI_INCLUDE, the exported UAPI headers \
             (`make headers` puts them in usr/include); scripts/uapi-headers prints one",
        ),
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: klibc: {msg}");
    std::process::exit(1);
}

#[cfg(not(feature = "bindgen"))]
fn generate(_: &Path) -> Result<(), String> {
    unreachable!("generate() is only called with the bindgen feature")
}

#[cfg(feature = "bindgen")]
fn generate(include: &Path) -> Result<(), String> {
    use parameters::Parameters;
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let arch = env::var("CARGO_CFG_TARGET_ARCH").map_err(|e| e.to_string())?;
    let args = bindgen_setup::clang_args(include, &manifest.join("include"), &arch)?;

    if !include.join("linux/types.h").is_file() {
        return Err("no linux/types.h there: not an exported UAPI include directory".into());
    }
    // A fresh `make headers` rewrites version.h; rebuild the bindings then.
    println!(
        "cargo::rerun-if-changed={}",
        include.join("linux/version.h").display()
    );

    let params_path = manifest.join("uapi/bindgen_parameters");
    let text = std::fs::read_to_string(&params_path)
        .map_err(|e| format!("{}: {e}", params_path.display()))?;
    let params = Parameters::parse(&text).map_err(|e| format!("{}:{e}", params_path.display()))?;

    for module in &params.modules {
        let header = manifest.join("uapi").join(format!("{}.h", module.name));
        let mut b = bindgen_setup::builder(&header, &args);
        for p in params.common.iter().chain(&module.params) {
            b = bindgen_setup::apply(b, p);
        }
        let generated = b
            .generate()
            .map_err(|e| format!("bindgen over {}: {e}", header.display()))?;
        let file = out.join(format!("{}.rs", module.name));
        generated
            .write_to_file(&file)
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}

#[cfg(feature = "bindgen")]
#[path = "uapi/parameters.rs"]
mod parameters;

#[cfg(feature = "bindgen")]
#[path = "uapi/bindgen_setup.rs"]
mod bindgen_setup;
