//! uapi-gen: klibc's UAPI bindings and their layout check in a kernel build,
//! with the kernel's own tools only: `$(BINDGEN)` (bindgen-cli), `$(CC)`,
//! `$(RUSTC)`. A host program with no crates, built by
//! `$(HOSTRUSTC) --edition=2021 -O klibc/uapi/gen/main.rs -o uapi-gen`.
//! It reads the same spec as klibc/build.rs's bindgen crate path
//! (klibc/uapi/bindgen_parameters, through klibc/uapi/parameters.rs), and
//! chooses the same checks as uapi-check (checks.rs and items.rs are shared).
//!
//! # Commands, as Kbuild runs them
//!
//! `K` is klibc's directory (`$(srctree)/usr/klibc`), `H` the exported
//! headers (`$(objtree)/usr/include`), `A` the Rust target_arch (`x86_64`,
//! `aarch64`, `riscv64`), `M` a module, `O` the output directory
//! (rustc's `OUT_DIR`).
//!
//! 1. The modules, one a line: `uapi-gen modules --klibc K` (the spec's
//!    `[name]` lines, also readable by make itself before uapi-gen exists).
//! 2. Each module's bindings (bindgen's flags come out shell-quoted):
//!
//!        $(BINDGEN) $(shell uapi-gen args --klibc K --include H --arch A \
//!            --bindgen-version "$(shell $(BINDGEN) --version)" \
//!            -o O/M.raw.rs [--depfile O/M.d] M)
//!        uapi-gen fixup O/M.raw.rs O/M.rs
//!
//!    `args` prints `K/uapi/M.h`, the flags, `--` and the clang arguments
//!    (`--target=<triple of A>`, `-nostdinc`, `-IH`, `-IK/include`). `fixup`
//!    renames `KLIBC_IOCTL_<name>` to `<name>` and puts one item a line.
//!    klibc/src/uapi.rs includes `$OUT_DIR/M.rs` with `--cfg klibc_uapi_bindgen`
//!    (rustc run as `OUT_DIR=O $(RUSTC) ...`). bindgen-cli 0.60.1 (Debian
//!    12's) is the oldest accepted; 0.60.1 and 0.72.1 are tested to give the
//!    crate's bindings token for token (tests/bindgen_cli.rs).
//! 3. The layout check (`--cfg klibc_layout_check`), per module:
//!
//!        $(CC) $(shell uapi-gen cflags --klibc K --include H) -E -dD K/uapi/M.h -o O/M.i
//!        uapi-gen layout-c --klibc K --bindings O/M.rs --preprocessed O/M.i -o O/M-layout.c M
//!        $(CC) $(shell uapi-gen cflags --klibc K --include H) -S O/M-layout.c -o O/M-layout.s
//!        uapi-gen layout-rs --bindings O/M.rs --preprocessed O/M.i --asm O/M-layout.s \
//!            -o O/M_layout.rs M
//!
//!    `cflags` prints `-nostdinc -IH -IK/include` (the target comes with
//!    `$(CC)`: a cross gcc, or clang's `--target` in the kernel's flags). The
//!    `.i` tells which names are struct tags, which members, types and
//!    constants C has (with `-dD`, its macros too); the `.s` holds the compiler's
//!    answers; `M_layout.rs` asserts them, and klibc/src/uapi.rs includes it
//!    into `uapi::M` with that cfg: a disagreement fails klibc's compile with
//!    `uapi layout check: klibc::uapi::M: <item>: ... in C, not in the Rust
//!    bindings`, or, for an item C does not have (bindings made for another
//!    arch or other headers), `...: <item>: in the Rust bindings, not in C`.
//!
//! Outputs are written to a temporary file and renamed. Exit status: 0 done,
//! 1 bad input (the message names the file and line), 2 bad usage.

#[path = "../parameters.rs"]
mod parameters;

// Shared with uapi-check (through #[path]), which uses the rest of them.
#[allow(dead_code)]
mod checks;
#[allow(dead_code)]
mod items;
#[allow(dead_code)]
mod tokens;

mod cdecls;
mod cli;
mod layout;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  uapi-gen modules --klibc DIR
  uapi-gen args --klibc DIR --include DIR --arch ARCH --bindgen-version VERSION
                [-o FILE] [--depfile FILE] MODULE
  uapi-gen fixup IN OUT
  uapi-gen cflags --klibc DIR --include DIR
  uapi-gen layout-c --klibc DIR --bindings M.rs --preprocessed M.i -o OUT MODULE
  uapi-gen layout-rs --bindings M.rs --preprocessed M.i --asm M.s -o OUT MODULE
options:
  --klibc DIR        klibc's source (its uapi/ and include/)
  --include DIR      the exported UAPI headers (usr/include of `make headers`)
  --arch ARCH        the Rust target_arch: x86_64, aarch64, riscv64
  --bindgen-version  bindgen's version (`bindgen --version` says it), 0.60.1 or newer
  -o FILE            args: have bindgen write the bindings there (else stdout)
  --depfile FILE     args: have bindgen write a make dependency file
  --bindings M.rs    the module's bindings (fixup's output)
  --preprocessed M.i the module's helper header after `$(CC) -E`
  --asm M.s          layout-c's C file after `$(CC) -S`
exit status: 0 done, 1 bad input, 2 bad usage";

enum Failure {
    Input(String),
    Usage(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(e)) => {
            eprintln!("uapi-gen: {e}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(e)) => {
            eprintln!("uapi-gen: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Args {
    command: String,
    positional: Vec<String>,
    klibc: Option<PathBuf>,
    include: Option<PathBuf>,
    arch: Option<String>,
    bindgen_version: Option<String>,
    depfile: Option<PathBuf>,
    bindings: Option<PathBuf>,
    preprocessed: Option<PathBuf>,
    asm: Option<PathBuf>,
    output: Option<PathBuf>,
}

impl Args {
    fn need<'a, T>(&self, v: &'a Option<T>, flag: &str) -> Result<&'a T, Failure> {
        v.as_ref()
            .ok_or_else(|| Failure::Usage(format!("{} needs {flag}", self.command)))
    }

    /// Exactly `n` positional arguments.
    fn positional(&self, n: usize, what: &str) -> Result<&[String], Failure> {
        if self.positional.len() == n {
            Ok(&self.positional)
        } else {
            Err(Failure::Usage(format!("{} takes {what}", self.command)))
        }
    }
}

fn parse_args(args: &[String]) -> Result<Args, Failure> {
    let mut it = args.iter();
    let mut a = Args {
        command: it
            .next()
            .cloned()
            .ok_or_else(|| Failure::Usage("no command".into()))?,
        ..Args::default()
    };
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--klibc" => a.klibc = Some(value()?.into()),
            "--include" => a.include = Some(value()?.into()),
            "--arch" => a.arch = Some(value()?),
            "--bindgen-version" => a.bindgen_version = Some(value()?),
            "--depfile" => a.depfile = Some(value()?.into()),
            "--bindings" => a.bindings = Some(value()?.into()),
            "--preprocessed" => a.preprocessed = Some(value()?.into()),
            "--asm" => a.asm = Some(value()?.into()),
            "-o" | "--output" => a.output = Some(value()?.into()),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(Failure::Usage(format!("unknown option `{s}`")))
            }
            s => a.positional.push(s.to_owned()),
        }
    }
    Ok(a)
}

fn run(args: &[String]) -> Result<(), Failure> {
    if matches!(
        args.first().map(String::as_str),
        Some("-h" | "--help" | "help")
    ) {
        println!("{USAGE}");
        return Ok(());
    }
    let a = parse_args(args)?;
    match a.command.as_str() {
        "modules" => {
            a.positional(0, "no arguments")?;
            let (params, _, _) = read_parameters(a.need(&a.klibc, "--klibc")?)?;
            for m in &params.modules {
                println!("{}", m.name);
            }
            Ok(())
        }
        "args" => {
            let module = &a.positional(1, "one MODULE")?[0];
            let klibc = a.need(&a.klibc, "--klibc")?;
            let (params, file, text) = read_parameters(klibc)?;
            let version = cli::parse_version(a.need(&a.bindgen_version, "--bindgen-version")?)
                .map_err(Failure::Input)?;
            let target = cli::Target {
                klibc,
                include: a.need(&a.include, "--include")?,
                arch: a.need(&a.arch, "--arch")?,
                version,
                output: a.output.as_deref(),
                depfile: a.depfile.as_deref(),
            };
            let words =
                cli::args(&params, &file, &text, module, &target).map_err(Failure::Input)?;
            println!("{}", cli::shell_words(&words));
            Ok(())
        }
        "fixup" => {
            let [input, output] = a.positional(2, "IN and OUT")? else {
                unreachable!()
            };
            let src = read(Path::new(input))?;
            let fixed = cli::fixup(&src).map_err(|e| Failure::Input(format!("{input}:{e}")))?;
            write(Path::new(output), &fixed)
        }
        "cflags" => {
            a.positional(0, "no arguments")?;
            let klibc = a.need(&a.klibc, "--klibc")?;
            let include = a.need(&a.include, "--include")?;
            let words = parameters::include_args(include, &klibc.join("include"));
            println!("{}", cli::shell_words(&words));
            Ok(())
        }
        "layout-c" => {
            let module = &a.positional(1, "one MODULE")?[0];
            let klibc = a.need(&a.klibc, "--klibc")?;
            let checks = plan(&a, module)?;
            let pre = read(a.need(&a.preprocessed, "--preprocessed")?)?;
            let decls = cdecls::CDecls::scan(&pre);
            let header = klibc.join("uapi").join(format!("{module}.h"));
            if !header.is_file() {
                return Err(Failure::Input(format!(
                    "{}: no such helper header",
                    header.display()
                )));
            }
            // Absolute: a quoted #include looks beside the including file,
            // which is in the object tree, not where make runs.
            let header = std::path::absolute(&header)
                .map_err(|e| Failure::Input(format!("{}: {e}", header.display())))?;
            let c = layout::c_source(module, &header.display().to_string(), &checks, &decls)
                .map_err(Failure::Input)?;
            write(a.need(&a.output, "-o")?, &c)
        }
        "layout-rs" => {
            let module = &a.positional(1, "one MODULE")?[0];
            let checks = plan(&a, module)?;
            let asm_path = a.need(&a.asm, "--asm")?;
            let asm = read(asm_path)?;
            let name = asm_path.display().to_string();
            let values =
                layout::read_markers(&asm, &name, module, &checks).map_err(Failure::Input)?;
            let file_name = asm_path
                .file_name()
                .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
            let rust = layout::rust_source(module, &file_name, &checks, &values);
            write(a.need(&a.output, "-o")?, &rust)
        }
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

/// klibc/uapi/bindgen_parameters: parsed, its path and its text.
fn read_parameters(klibc: &Path) -> Result<(parameters::Parameters, String, String), Failure> {
    let path = klibc.join("uapi/bindgen_parameters");
    let text = read(&path)?;
    let name = path.display().to_string();
    let params =
        parameters::Parameters::parse(&text).map_err(|e| Failure::Input(format!("{name}:{e}")))?;
    Ok((params, name, text))
}

/// The checks for a module from `--bindings` and `--preprocessed`.
fn plan(a: &Args, module: &str) -> Result<Vec<checks::Check>, Failure> {
    let bindings = a.need(&a.bindings, "--bindings")?;
    let pre = a.need(&a.preprocessed, "--preprocessed")?;
    let src = read(bindings)?;
    layout::plan(module, &src, &read(pre)?)
        .map_err(|e| Failure::Input(format!("{}:{e}", bindings.display())))
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

/// Writes `text` to `path` through a temporary file beside it, renamed.
fn write(path: &Path, text: &str) -> Result<(), Failure> {
    let name = path
        .file_name()
        .ok_or_else(|| Failure::Usage(format!("{}: not a file name", path.display())))?;
    let tmp = path.with_file_name(format!(
        ".{}.tmp{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let fail = |e: std::io::Error, p: &Path| {
        let _ = std::fs::remove_file(&tmp);
        Failure::Input(format!("{}: {e}", p.display()))
    };
    std::fs::write(&tmp, text).map_err(|e| fail(e, &tmp))?;
    std::fs::rename(&tmp, path).map_err(|e| fail(e, path))
}
