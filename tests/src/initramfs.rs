//! Initramfs archives for the boots, written by our gen_init_cpio from a list
//! in the kernel's grammar: the kernel's default entries (/dev, /dev/console,
//! /root), kinit as /init, and whatever a scenario adds (modules, /etc/modules).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

pub enum Entry {
    Dir(String),
    File {
        dst: String,
        src: PathBuf,
    },
    /// A program (mode 0755), e.g. dash on klibc as /bin/sh.
    Exec {
        dst: String,
        src: PathBuf,
    },
    Text {
        dst: String,
        text: String,
    },
}

/// The cpio list (text files are written next to it, into `scratch`).
pub fn list(init: &Path, extra: &[Entry], scratch: &Path) -> Result<String, String> {
    let mut l = String::new();
    l.push_str("dir /dev 0755 0 0\n");
    l.push_str("nod /dev/console 0600 0 0 c 5 1\n");
    l.push_str("dir /root 0700 0 0\n");
    let _ = writeln!(l, "file /init {} 0755 0 0", init.display());
    for (i, e) in extra.iter().enumerate() {
        match e {
            Entry::Dir(d) => {
                let _ = writeln!(l, "dir {d} 0755 0 0");
            }
            Entry::File { dst, src } => {
                let _ = writeln!(l, "file {dst} {} 0644 0 0", src.display());
            }
            Entry::Exec { dst, src } => {
                let _ = writeln!(l, "file {dst} {} 0755 0 0", src.display());
            }
            Entry::Text { dst, text } => {
                let p = scratch.join(format!("text-{i}"));
                std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
                let _ = writeln!(l, "file {dst} {} 0644 0 0", p.display());
            }
        }
    }
    Ok(l)
}

/// Writes `out` with gen_init_cpio, compressed with `compress` (gzip, xz, none).
pub fn build(
    gen_init_cpio: &Path,
    init: &Path,
    extra: &[Entry],
    compress: &str,
    out: &Path,
) -> Result<(), String> {
    let scratch = out.with_extension("d");
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let list_path = scratch.join("list");
    std::fs::write(&list_path, list(init, extra, &scratch)?).map_err(|e| e.to_string())?;
    let o = Command::new(gen_init_cpio)
        .arg(format!("--compress={compress}"))
        .arg("-o")
        .arg(out)
        .arg(&list_path)
        .output()
        .map_err(|e| format!("running {}: {e}", gen_init_cpio.display()))?;
    if !o.status.success() {
        return Err(format!(
            "gen_init_cpio {}: {}",
            list_path.display(),
            String::from_utf8_lossy(&o.stderr).trim()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_has_the_kernel_defaults_and_init() {
        let dir = std::env::temp_dir().join(format!("boot-tests-list-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let l = list(
            Path::new("/k/kinit"),
            &[
                Entry::Dir("/etc".into()),
                Entry::Text {
                    dst: "/etc/modules".into(),
                    text: "ext4\n".into(),
                },
            ],
            &dir,
        )
        .unwrap();
        let text = dir.join("text-1");
        assert_eq!(
            l,
            format!(
                "dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\ndir /root 0700 0 0\n\
                 file /init /k/kinit 0755 0 0\ndir /etc 0755 0 0\nfile /etc/modules {} 0644 0 0\n",
                text.display()
            )
        );
        assert_eq!(std::fs::read_to_string(text).unwrap(), "ext4\n");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
