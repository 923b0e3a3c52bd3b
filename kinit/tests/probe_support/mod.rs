//! Shared by the probe, fstype and resume tests: builds the static kinit
//! binary once (for `KLIBC_TEST_ARCH`, run under qemu-user, see
//! target_support), makes filesystem images with the real mkfs tools
//! (failing with the Debian package to install when a tool is missing), and
//! reads what blkid says about an image.
#![allow(dead_code)]

#[path = "../../../klibc/tests/target_support/mod.rs"]
pub mod target_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The release (static, size-optimised) kinit, built once per test binary;
/// for another arch, a script running it under qemu-user (see
/// [`target_support::Target::exec_path`]).
pub fn kinit() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let t = target_support::target();
        let target = t.target_dir(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("kinit-bin"));
        let status = t
            .cargo()
            .args(["build", "--release", "--offline", "--locked", "-p", "kinit"])
            .arg("--target-dir")
            .arg(&target)
            .env_remove("KLIBC_UAPI_INCLUDE")
            .status()
            .expect("run cargo");
        assert!(status.success(), "building kinit for {} failed", t.arch);
        let bin = t.bin_dir(&target, "release").join("kinit");
        let wrappers = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kinit-{}", t.arch));
        t.exec_path(&bin, &wrappers, "kinit")
    })
}

/// A fresh scratch directory under the test target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("probe-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Finds `tool` in PATH or the sbin directories; panics naming `package`.
pub fn tool(tool: &str, package: &str) -> PathBuf {
    let path = std::env::var("PATH").unwrap_or_default();
    for dir in path
        .split(':')
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
    {
        let p = Path::new(dir).join(tool);
        if p.is_file() {
            return p;
        }
    }
    panic!("{tool} not found: install the Debian package {package} (scripts/setup does)");
}

/// Runs a tool (found with [`tool`]) and panics with its output on failure.
pub fn run(name: &str, package: &str, args: &[&str], dir: &Path) -> Output {
    let out = Command::new(tool(name, package))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {name}: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Creates a sparse file of `size` bytes.
pub fn blank(path: &Path, size: u64) {
    let f = std::fs::File::create(path).unwrap();
    f.set_len(size).unwrap();
}

/// `blkid -p -o export` of an image, as a map (values unescaped).
pub fn blkid(image: &Path) -> BTreeMap<String, String> {
    let out = Command::new(tool("blkid", "util-linux"))
        .args(["-p", "-o", "export"])
        .arg(image)
        .output()
        .expect("run blkid");
    let mut map = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some((k, v)) = line.split_once('=') {
            map.insert(k.to_owned(), v.replace('\\', ""));
        }
    }
    map
}

/// A directory with a file in it, for the tools that build from a tree.
pub fn content(dir: &Path) -> PathBuf {
    let d = dir.join("content");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("hello"), b"hello, world\n").unwrap();
    std::fs::write(d.join("sub/data"), vec![7u8; 10000]).unwrap();
    d
}

/// One filesystem image made by its real tool.
pub struct Image {
    /// The name the fstype of klibc (or blkid, for types klibc lacks) gives.
    pub fstype: &'static str,
    /// Whether klibc 2.0.12's fstype knows the type.
    pub klibc_knows: bool,
    pub path: PathBuf,
}

/// Every image the tests use, made in `dir`. Labels are set where the tool
/// allows, so LABEL is checked as well as UUID.
pub fn make_images(dir: &Path) -> Vec<Image> {
    let src = content(dir);
    let s = |p: &Path| p.to_str().unwrap().to_owned();
    let mut images = Vec::new();
    let mut add =
        |fstype: &'static str, klibc_knows: bool, file: &str, size: u64, f: &dyn Fn(&str)| {
            let path = dir.join(file);
            if size > 0 {
                blank(&path, size);
            }
            f(&s(&path));
            images.push(Image {
                fstype,
                klibc_knows,
                path,
            });
        };
    const M: u64 = 1 << 20;
    let e2 = "e2fsprogs";
    add("ext2", true, "ext2.img", 8 * M, &|p| {
        run(
            "mke2fs",
            e2,
            &["-q", "-F", "-t", "ext2", "-L", "root-ext2", p],
            dir,
        );
    });
    add("ext3", true, "ext3.img", 8 * M, &|p| {
        run(
            "mke2fs",
            e2,
            &["-q", "-F", "-t", "ext3", "-L", "root ext3", p],
            dir,
        );
    });
    add("ext4", true, "ext4.img", 16 * M, &|p| {
        run(
            "mke2fs",
            e2,
            &["-q", "-F", "-t", "ext4", "-L", "ROOT4", "-d", &s(&src), p],
            dir,
        );
    });
    add("ext4", true, "ext4-4k.img", 64 * M, &|p| {
        run(
            "mke2fs",
            e2,
            &["-q", "-F", "-t", "ext4", "-b", "4096", p],
            dir,
        );
    });
    add("xfs", true, "xfs.img", 300 * M, &|p| {
        run(
            "mkfs.xfs",
            "xfsprogs",
            &["-q", "-f", "-L", "xfsroot", p],
            dir,
        );
    });
    add("btrfs", true, "btrfs.img", 128 * M, &|p| {
        run(
            "mkfs.btrfs",
            "btrfs-progs",
            &["-q", "-f", "-L", "btrfs root", p],
            dir,
        );
    });
    add("squashfs", true, "squashfs.img", 0, &|p| {
        run(
            "mksquashfs",
            "squashfs-tools",
            &[&s(&src), p, "-quiet", "-noappend"],
            dir,
        );
    });
    add("cramfs", true, "cramfs.img", 0, &|p| {
        run(
            "mkfs.cramfs",
            "util-linux",
            &["-n", "cramlabel", &s(&src), p],
            dir,
        );
    });
    add("romfs", true, "romfs.img", 0, &|p| {
        run(
            "genromfs",
            "genromfs",
            &["-V", "romvol", "-d", &s(&src), "-f", p],
            dir,
        );
    });
    add("iso9660", true, "iso9660.img", 0, &|p| {
        run(
            "xorriso",
            "xorriso",
            &[
                "-as",
                "mkisofs",
                "-quiet",
                "-V",
                "ISOVOL",
                "-o",
                p,
                &s(&src),
            ],
            dir,
        );
    });
    add("jfs", true, "jfs.img", 32 * M, &|p| {
        run("mkfs.jfs", "jfsutils", &["-q", "-L", "jfsvol", p], dir);
    });
    add("nilfs2", true, "nilfs2.img", 160 * M, &|p| {
        run(
            "mkfs.nilfs2",
            "nilfs-tools",
            &["-q", "-f", "-L", "nilfsvol", p],
            dir,
        );
    });
    add("reiserfs", true, "reiserfs.img", 64 * M, &|p| {
        run(
            "mkreiserfs",
            "reiserfsprogs",
            &["-q", "-f", "-l", "reiservol", p],
            dir,
        );
    });
    add("ocfs2", true, "ocfs2.img", 64 * M, &|p| {
        run(
            "mkfs.ocfs2",
            "ocfs2-tools",
            &["-q", "-F", "-b", "1K", "-L", "ocfsvol", p],
            dir,
        );
    });
    add("minix", true, "minix.img", 8 * M, &|p| {
        run("mkfs.minix", "util-linux", &[p], dir);
    });
    add("luks", true, "luks1.img", 32 * M, &|p| {
        luks(p, &["--type", "luks1"], dir);
    });
    add("luks", true, "luks2.img", 32 * M, &|p| {
        luks(p, &["--type", "luks2", "--label", "cryptvol"], dir);
    });
    add("swap", true, "swap.img", 8 * M, &|p| {
        run("mkswap", "util-linux", &["-q", "-L", "swapvol", p], dir);
    });
    // A suspend image: a swap header with the kernel's signature written
    // where swsusp writes it (the last bytes of the first page).
    add("suspend", true, "suspend.img", 0, &|p| {
        let mut data = std::fs::read(dir.join("swap.img")).unwrap();
        data[4086..4096].copy_from_slice(b"S1SUSPEND\0");
        std::fs::write(p, data).unwrap();
    });
    add("gzip", true, "initrd.gz", 0, &|p| {
        let raw = p.strip_suffix(".gz").unwrap();
        std::fs::write(raw, noise(100_000)).unwrap();
        run("gzip", "gzip", &["-f", raw], dir);
    });
    add("vfat", false, "vfat16.img", 32 * M, &|p| {
        run(
            "mkfs.vfat",
            "dosfstools",
            &["-F", "16", "-n", "FATVOL", p],
            dir,
        );
    });
    add("vfat", false, "vfat12.img", 2 * M, &|p| {
        run("mkfs.vfat", "dosfstools", &["-F", "12", p], dir);
    });
    add("vfat", false, "vfat32.img", 64 * M, &|p| {
        run(
            "mkfs.vfat",
            "dosfstools",
            &["-F", "32", "-n", "EFI", p],
            dir,
        );
    });
    add("exfat", false, "exfat.img", 16 * M, &|p| {
        run("mkfs.exfat", "exfatprogs", &["-L", "exvol", p], dir);
    });
    add("f2fs", false, "f2fs.img", 64 * M, &|p| {
        run(
            "mkfs.f2fs",
            "f2fs-tools",
            &["-q", "-f", "-l", "f2fsvol", p],
            dir,
        );
    });
    add("erofs", false, "erofs.img", 0, &|p| {
        run("mkfs.erofs", "erofs-utils", &["--quiet", p, &s(&src)], dir);
    });
    images
}

/// Incompressible bytes (a fixed LCG), so a compressed file is not tiny.
pub fn noise(len: usize) -> Vec<u8> {
    let mut x = 1u32;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect()
}

fn luks(path: &str, args: &[&str], dir: &Path) {
    let key = dir.join("luks.key");
    std::fs::write(&key, b"secret").unwrap();
    let mut all = vec![
        "luksFormat",
        "-q",
        "--pbkdf",
        "pbkdf2",
        "--pbkdf-force-iterations",
        "1000",
    ];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--key-file", key.to_str().unwrap(), path]);
    run("cryptsetup", "cryptsetup-bin", &all, dir);
}

/// A loop device, detached on drop.
pub struct Loop(pub String);

impl Loop {
    pub fn attach(image: &Path, sector: u32) -> Loop {
        let out = run(
            "losetup",
            "mount",
            &[
                "--find",
                "--show",
                "--sector-size",
                &sector.to_string(),
                image.to_str().unwrap(),
            ],
            Path::new("/"),
        );
        Loop(String::from_utf8(out.stdout).unwrap().trim().to_owned())
    }
}

impl Drop for Loop {
    fn drop(&mut self) {
        let _ = Command::new(tool("losetup", "mount"))
            .args(["-d", &self.0])
            .status();
    }
}
