//! Differential tests: the kernel's own C gen_init_cpio and gen_initramfs.sh,
//! built from Debian's linux-source-6.1 and linux-source-6.12, against ours on
//! the same lists, trees and options; the archives must be byte-identical.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

struct Fixture {
    dir: std::path::PathBuf,
    tree: std::path::PathBuf,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = scratch("differential");
        let tree = dir.join("tree");
        make_tree(&tree);
        Fixture { dir, tree }
    })
}

/// The list corpus: every line type, hard links, long names, odd ids and
/// modes, `${VAR}`, comments, blank lines, tabs, CRLF, no final newline.
fn corpus(f: &Fixture) -> Vec<(&'static str, Vec<u8>)> {
    let t = f.tree.display().to_string();
    let long_name = format!("/{}", "d".repeat(4000));
    let long_file = format!("/{}/{}", "e".repeat(2000), "f".repeat(1990));
    let long_target = "t/".repeat(2000);
    vec![
        ("empty", Vec::new()),
        (
            "every-type",
            format!(
                "# A simple initramfs\n\
                 dir /dev 0755 0 0\n\
                 nod /dev/console 0600 0 0 c 5 1\n\
                 nod /dev/sda 0660 0 6 b 8 0\n\
                 \n\
                 dir /root 0700 0 0\n\
                 dir /sbin 0755 0 0\n\
                 file /sbin/three {t}/three 0755 0 0\n\
                 slink /bin/sh busybox 0777 0 0\n\
                 pipe /run/initctl 0600 0 0\n\
                 sock /run/sock 0666 0 0\n\
                 file /empty {t}/empty 0644 0 0\n\
                 file\t/one\t{t}/one 0600 0 0\n\
                 file /mid {t}/sub/mid 0644 1234 4321\r\n\
                 file /big {t}/sub/big 0644 0 0\n\
                 # the end, without a newline\n\
                 dir /last 0755 0 0"
            )
            .into_bytes(),
        ),
        (
            "hard-links",
            format!(
                "file /bin/busybox {t}/sub/big 0755 0 0 /bin/sh /sbin/init /bin/ls\n\
                 file /e1 {t}/empty 0644 0 0 /e2\n\
                 file /o1 {t}/one 0644 0 0 o2 /o3   \n\
                 file /single {t}/three 0644 0 0 \n"
            )
            .into_bytes(),
        ),
        (
            "long-names",
            format!(
                "dir {long_name} 0755 0 0\n\
                 file {long_file} {t}/three 0644 0 0\n\
                 slink /l {long_target} 0777 0 0\n\
                 file /{n} {t}/{n} 0644 0 0\n",
                n = "n".repeat(200)
            )
            .into_bytes(),
        ),
        (
            "ids-and-modes",
            format!(
                "dir / 0755 0 0\n\
                 dir /a 0 -1 4294967295\n\
                 dir /b 7777 65534 65534\n\
                 dir /c 040755 2147483647 -2147483648\n\
                 file /s {t}/setuid 4755 0 0\n\
                 file /r {t}/three 0100444 0 0\n\
                 nod /n 0 0 0 c 4294967295 4294967295\n\
                 slink /sl x 0120777 1 2\n"
            )
            .into_bytes(),
        ),
        (
            "env",
            b"file /a ${GIC_FIXTURE}/three 0644 0 0\n\
              file /b ${GIC_UNSET_VAR}${GIC_FIXTURE}/sub/${GIC_SUB} 0644 0 0\n\
              file /c ${GIC_NESTED} 0644 0 0\n"
                .to_vec(),
        ),
    ]
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Runs `a` and `b` until both ran within one second (entries without an
/// mtime of their own get the current time), then returns both outputs.
fn same_second(
    mut a: impl FnMut() -> Vec<u8>,
    mut b: impl FnMut() -> Vec<u8>,
) -> (Vec<u8>, Vec<u8>) {
    for _ in 0..10 {
        let t0 = now();
        let x = a();
        let y = b();
        if now() == t0 {
            return (x, y);
        }
    }
    panic!("could not run both tools within one second");
}

fn set_env(cmd: &mut Command, f: &Fixture) {
    cmd.env("GIC_FIXTURE", &f.tree)
        .env("GIC_SUB", "mid")
        .env("GIC_NESTED", "${GIC_FIXTURE}/one")
        .env_remove("GIC_UNSET_VAR");
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let show = |v: &[u8]| {
        String::from_utf8_lossy(&v[i.saturating_sub(40)..(i + 80).min(v.len())]).into_owned()
    };
    format!(
        "lengths {} vs {}, first difference at {i}:\n C: {:?}\nus: {:?}",
        a.len(),
        b.len(),
        show(a),
        show(b)
    )
}

#[test]
fn lists_match_the_c_tool() {
    let f = fixture();
    let option_sets: &[&[&str]] = &[
        &["-t", "1234567890"],
        &["-c", "-t", "0"],
        &["-t", "4294967295", "-c"],
        &["-ct77"],
        &[],
        &["-c"],
    ];
    let mut compared = 0;
    for (name, text) in corpus(f) {
        let list = f.dir.join(format!("{name}.list"));
        std::fs::write(&list, &text).unwrap();
        for series in SERIES {
            let c = c_tool(series);
            for opts in option_sets {
                let run_c = || {
                    let mut cmd = Command::new(&c);
                    set_env(&mut cmd, f);
                    ok(cmd.args(*opts).arg(&list))
                };
                // Both ways of reading files: on this thread, and ahead on a
                // second one.
                for threads in ["1", "2"] {
                    let run_ours = || {
                        let mut cmd = ours_cmd(&ours(), series);
                        set_env(&mut cmd, f);
                        cmd.env("GEN_INIT_CPIO_THREADS", threads);
                        ok(cmd.args(*opts).arg(&list))
                    };
                    let (want, got) = same_second(run_c, run_ours);
                    assert!(
                        want == got,
                        "{series} {opts:?} threads={threads} list {name}: {}",
                        first_difference(&want, &got)
                    );
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 6 * 2 * 6 * 2);
}

#[test]
fn list_from_stdin_and_to_a_file() {
    let f = fixture();
    let text = &corpus(f)[1].1;
    for series in SERIES {
        let list = f.dir.join(format!("stdin-{series}.list"));
        std::fs::write(&list, text).unwrap();
        let mut c = Command::new(c_tool(series));
        set_env(&mut c, f);
        let want = ok(c.args(["-t", "99"]).arg(&list));
        let mut cmd = ours_cmd(&ours(), series);
        set_env(&mut cmd, f);
        let out = f.dir.join(format!("out-{series}.cpio"));
        ok(cmd
            .args(["-t", "99", "-o"])
            .arg(&out)
            .arg("-")
            .stdin(std::fs::File::open(&list).unwrap()));
        assert!(
            std::fs::read(&out).unwrap() == want,
            "{series}: -o - differs"
        );
    }
}

/// gen_initramfs.sh + gen_init_cpio of `series` (run from its directory, as
/// the script calls `usr/gen_init_cpio`), writing `out` and `deps`.
fn script(series: &str, args: &[&str], date: Option<&str>, out: &Path, deps: &Path) -> Command {
    let dir = c_dir(series);
    let mut cmd = Command::new("sh");
    cmd.current_dir(&dir)
        .arg("usr/gen_initramfs.sh")
        .arg("-o")
        .arg(out)
        .arg("-l")
        .arg(deps)
        .env_remove("KBUILD_BUILD_TIMESTAMP")
        .env_remove("SOURCE_DATE_EPOCH");
    match (series, date) {
        ("6.1", Some(d)) => {
            cmd.env("KBUILD_BUILD_TIMESTAMP", d);
        }
        (_, Some(d)) => {
            cmd.args(["-d", d]);
        }
        _ => {}
    }
    cmd.args(args);
    cmd
}

#[test]
fn directories_and_lists_match_gen_initramfs_sh() {
    let f = fixture();
    let t = f.tree.display().to_string();
    let empty = f.tree.join("empty-dir").display().to_string();
    let list = f.dir.join("initramfs.list");
    std::fs::write(&list, corpus(f)[1].1.clone()).unwrap();
    let l = list.display().to_string();
    let sub = format!("{t}//sub/");
    let cases: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec![&t], Some("@1234567890")),
        (
            vec!["-u", "1234", "-g", "squash", &t, &l, &sub],
            Some("2001-02-03 04:05:06 UTC"),
        ),
        (
            vec![
                "-u", "squash", "-g", "4321", &l, &empty, &t, "-u", "0", &sub,
            ],
            Some("@0"),
        ),
        (vec![&empty], Some("@5")),
        (vec!["-g", "1234", &sub, &t], None),
    ];
    for series in SERIES {
        for (i, (args, date)) in cases.iter().enumerate() {
            let (c_out, c_deps) = (f.dir.join("c.cpio"), f.dir.join("c.d"));
            let (r_out, r_deps) = (f.dir.join("r.cpio"), f.dir.join("r.d"));
            let run_c = || {
                ok(&mut script(series, args, *date, &c_out, &c_deps));
                std::fs::read(&c_out).unwrap()
            };
            let run_ours = || {
                let mut cmd = ours_cmd(&ours_initramfs(), series);
                cmd.env("GEN_INIT_CPIO_THREADS", if i % 2 == 0 { "2" } else { "1" });
                if let Some(d) = date {
                    cmd.args(["-d", d]);
                }
                ok(cmd.arg("-o").arg(&r_out).arg("-l").arg(&r_deps).args(args));
                std::fs::read(&r_out).unwrap()
            };
            let (want, got) = same_second(run_c, run_ours);
            assert!(
                want == got,
                "{series} case {i} {args:?}: {}",
                first_difference(&want, &got)
            );
            let (wd, gd) = (
                std::fs::read(&c_deps).unwrap(),
                std::fs::read(&r_deps).unwrap(),
            );
            assert!(
                wd == gd,
                "{series} case {i}: dependency lists differ:\n{}\n---\n{}",
                String::from_utf8_lossy(&wd),
                String::from_utf8_lossy(&gd)
            );
        }
    }
}

#[test]
fn cpio_source_is_copied_in() {
    let f = fixture();
    let first = f.dir.join("first.cpio");
    let list = f.dir.join("pass.list");
    std::fs::write(&list, b"dir /x 0755 0 0\n").unwrap();
    ok(ours_cmd(&ours(), "6.12")
        .args(["-t", "1", "-o"])
        .arg(&first)
        .arg(&list));
    let first_bytes = std::fs::read(&first).unwrap();
    let out = ok(ours_cmd(&ours_initramfs(), "6.12")
        .args(["-d", "@1"])
        .arg(&first)
        .arg(&list));
    // The archive as is, then a fresh archive for the list.
    assert_eq!(&out[..first_bytes.len()], &first_bytes[..]);
    assert_eq!(out.len(), first_bytes.len() * 2);
    let extracted = scratch("cpio-extract");
    let st = Command::new("cpio")
        .args(["-idm", "--quiet"])
        .current_dir(&extracted)
        .stdin(std::fs::File::open(&first).unwrap())
        .status()
        .unwrap();
    assert!(st.success());
    assert!(extracted.join("x").is_dir());
}

/// Random but valid lists (seeded, so every run is the same): odd names,
/// blanks and tabs, trailing white space, CRLF, extreme ids, modes and
/// device numbers, hard links. Ours must accept them and match both tools.
#[test]
fn random_lists_match_the_c_tool() {
    let f = fixture();
    let files = [
        "empty",
        "one",
        "three",
        "setuid",
        "sub/mid",
        "sub/deeper/x.y",
    ];
    let mut x = 0x1234_5678_9abc_def1u64;
    let mut rnd = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    const CHARS: &[&str] = &[
        "a", "b", "z", "0", "9", ".", "_", "-", "+", "@", "#", ":", ",", "=", "~", "/", "é", "${",
        "}", "%", "\\",
    ];
    for round in 0..4 {
        let mut text = String::new();
        for _ in 0..150 {
            let name = |rnd: &mut dyn FnMut(u64) -> u64| {
                let mut s = String::from(if rnd(4) == 0 { "" } else { "/" });
                for _ in 0..1 + rnd(30) {
                    s.push_str(CHARS[rnd(CHARS.len() as u64) as usize]);
                }
                s
            };
            let sep = |rnd: &mut dyn FnMut(u64) -> u64| ["\t", " ", "  ", " \t "][rnd(4) as usize];
            let id = |rnd: &mut dyn FnMut(u64) -> u64| match rnd(4) {
                0 => "0".to_string(),
                1 => format!("-{}", rnd(1 << 31)),
                _ => rnd(1 << 32).to_string(),
            };
            let mode = format!("{:0w$o}", rnd(0o10000), w = rnd(6) as usize);
            let n = name(&mut rnd);
            let (s1, s2, s3) = (sep(&mut rnd), sep(&mut rnd), sep(&mut rnd));
            let (uid, gid) = (id(&mut rnd), id(&mut rnd));
            let line = match rnd(6) {
                0 => {
                    let loc = f.tree.join(files[rnd(files.len() as u64) as usize]);
                    let mut l = format!("file {n}{s1}{}{s2}{mode} {uid}{s3}{gid}", loc.display());
                    for _ in 0..rnd(3) {
                        l.push(' ');
                        l.push('/');
                        l.push_str(&name(&mut rnd));
                    }
                    l
                }
                1 => format!("dir {n}{s1}{mode}{s2}{uid}{s3}{gid}"),
                2 => format!(
                    "nod\t{n} {mode} {uid} {gid}{s1}{}{s2}{}{s3}{}",
                    ["b", "c"][rnd(2) as usize],
                    rnd(1 << 32),
                    rnd(1 << 32)
                ),
                3 => format!("slink {n} {} {mode} {uid} {gid}", name(&mut rnd)),
                4 => format!("pipe {n} {mode} {uid} {gid}"),
                _ => format!("sock {n} {mode} {uid} {gid}"),
            };
            text.push_str(&line);
            text.push_str(["\n", "\r\n", " \n", "\t\n"][rnd(4) as usize]);
            if rnd(10) == 0 {
                text.push_str("# comment\n\n");
            }
        }
        let list = f.dir.join(format!("random-{round}.list"));
        std::fs::write(&list, &text).unwrap();
        for series in SERIES {
            for opts in [&["-t", "5"][..], &["-c", "-t", "4000000000"][..]] {
                let want = ok(Command::new(c_tool(series)).args(opts).arg(&list));
                let got = ok(ours_cmd(&ours(), series).args(opts).arg(&list));
                assert!(
                    want == got,
                    "{series} {opts:?} {}: {}",
                    list.display(),
                    first_difference(&want, &got)
                );
            }
        }
    }
}
