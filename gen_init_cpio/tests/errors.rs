//! Bad input never half-works: malformed lines name `FILE:LINE`, missing or
//! unrepresentable inputs give a clear error and a non-zero exit, and a failed
//! run leaves no archive behind (and an existing one untouched).

mod common;

use common::*;
use std::fs;
use std::process::{Command, Output};
use std::time::{Duration, UNIX_EPOCH};

fn fails(out: &Output) -> String {
    assert!(!out.status.success(), "unexpected success");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn malformed_lines_name_file_and_line() {
    let d = scratch("malformed");
    let list = d.join("bad.list");
    fs::write(
        &list,
        "dir /ok 0755 0 0\n\
         dir /x 0755 0\n\
         frob /y 0 0 0\n\
         nod /n 0600 0 0 q 1 2\n\
         file /f /etc/hostname 0999 0 0\n\
         slink /s t 0777 0 0 extra\n\
         \x20dir /indented 0755 0 0\n\
         dir /u 0755 notanumber 0\n",
    )
    .unwrap();
    let out = run(ours_cmd(&ours(), "6.12").args(["-t", "0"]).arg(&list));
    let err = fails(&out);
    assert!(out.stdout.is_empty(), "wrote part of an archive");
    let l = list.display();
    for n in 2..=8 {
        assert!(
            err.contains(&format!("{l}:{n}: ")),
            "line {n} not reported:\n{err}"
        );
    }
    assert!(!err.contains(&format!("{l}:1:")));
    assert_eq!(err.lines().count(), 7, "{err}");
}

#[test]
fn failed_run_keeps_the_old_archive() {
    let d = scratch("keep");
    let out = d.join("out.cpio");
    fs::write(&out, b"previous archive").unwrap();
    let list = d.join("missing.list");
    fs::write(
        &list,
        "dir /a 0755 0 0\nfile /b /nonexistent/file 0644 0 0\n",
    )
    .unwrap();
    // The missing file is found on this thread and on the reader thread.
    for threads in ["1", "2"] {
        let r = run(ours_cmd(&ours(), "6.12")
            .env("GEN_INIT_CPIO_THREADS", threads)
            .args(["-t", "0", "-o"])
            .arg(&out)
            .arg(&list));
        let err = fails(&r);
        let want = format!("{}:2: /nonexistent/file: No such file", list.display());
        assert!(err.contains(&want), "threads={threads}: {err}");
        assert_eq!(fs::read(&out).unwrap(), b"previous archive");
        assert_eq!(
            fs::read_dir(&d).unwrap().count(),
            2,
            "temporary file left behind"
        );
    }
    // The same through a failing compressor.
    let good = d.join("good.list");
    fs::write(&good, "dir /a 0755 0 0\n").unwrap();
    let r = run(ours_cmd(&ours(), "6.12")
        .env("KGZIP", "false")
        .args(["--compress=gzip", "-t", "0", "-o"])
        .arg(&out)
        .arg(&good));
    fails(&r);
    assert_eq!(fs::read(&out).unwrap(), b"previous archive");
    assert_eq!(
        fs::read_dir(&d).unwrap().count(),
        3,
        "temporary file left behind"
    );
}

#[test]
fn names_too_long_and_files_too_big() {
    let d = scratch("limits");
    let big = d.join("sparse");
    let f = fs::File::create(&big).unwrap();
    f.set_len((4u64 << 30) + 1).unwrap();
    drop(f);
    let list = d.join("big.list");
    fs::write(&list, format!("file /big {} 0644 0 0\n", big.display())).unwrap();
    let err = fails(&run(ours_cmd(&ours(), "6.12").args(["-t", "0"]).arg(&list)));
    assert!(err.contains("4294967295"), "{err}");
    assert!(err.contains(&format!("{}:1:", list.display())), "{err}");
    fs::remove_file(&big).unwrap();

    let list = d.join("long.list");
    fs::write(&list, format!("dir /{} 0755 0 0\n", "x".repeat(4096))).unwrap();
    let err = fails(&run(ours_cmd(&ours(), "6.12").args(["-t", "0"]).arg(&list)));
    assert!(err.contains(":1: name is too long"), "{err}");
    let list = d.join("longtarget.list");
    fs::write(&list, format!("slink /l {} 0777 0 0\n", "x".repeat(4096))).unwrap();
    let err = fails(&run(ours_cmd(&ours(), "6.12").args(["-t", "0"]).arg(&list)));
    assert!(err.contains(":1: symlink target is longer"), "{err}");
}

#[test]
fn timestamps_the_format_cannot_hold() {
    let d = scratch("mtime");
    let list = d.join("l");
    fs::write(&list, "dir /a 0755 0 0\n").unwrap();
    for series in SERIES {
        for t in ["4294967296", "-1", "12abc", ""] {
            let err = fails(&run(ours_cmd(&ours(), series).args(["-t", t]).arg(&list)));
            assert!(
                err.to_lowercase().contains("timestamp"),
                "{series} -t {t:?}: {err}"
            );
        }
    }
    // A regular file from before 1970: 6.12 clips it to 0 with a warning (as
    // the C tool does, byte for byte); 6.1's tool wrote a broken header, so
    // we refuse.
    let old = d.join("old");
    fs::write(&old, b"x").unwrap();
    let f = fs::File::options().write(true).open(&old).unwrap();
    f.set_modified(UNIX_EPOCH - Duration::from_secs(100))
        .unwrap();
    drop(f);
    fs::write(&list, format!("file /old {} 0644 0 0\n", old.display())).unwrap();
    let err = fails(&run(ours_cmd(&ours(), "6.1").args(["-t", "0"]).arg(&list)));
    assert!(err.contains("before 1970"), "{err}");
    let want = ok(Command::new(c_tool("6.12")).arg(&list).args(["-t", "7"]));
    let got = run(ours_cmd(&ours(), "6.12").args(["-t", "7"]).arg(&list));
    assert!(got.status.success());
    assert!(want == got.stdout);
    // Without -t the file's own mtime is used: clipped, with the C warning.
    let got = run(ours_cmd(&ours(), "6.12").arg(&list));
    assert!(got.status.success());
    assert!(String::from_utf8_lossy(&got.stderr).contains("Timestamp negative, clipping"));
}

#[test]
fn bad_options() {
    let d = scratch("options");
    let list = d.join("l");
    fs::write(&list, "dir /a 0755 0 0\n").unwrap();
    for args in [
        vec!["-z"],
        vec!["--frobnicate=1"],
        vec!["-a", "3"],
        vec!["--compress=zip"],
        vec!["--kernel=six"],
        vec!["--xz-bcj=x86"],
        vec![],
    ] {
        let mut cmd = ours_cmd(&ours(), "6.12");
        cmd.args(&args);
        if !args.is_empty() {
            cmd.arg(&list);
        }
        let err = fails(&run(&mut cmd));
        assert!(!err.is_empty(), "{args:?}: no message");
    }
    assert!(run(ours_cmd(&ours(), "6.12").arg("-h")).status.success());
    let err = fails(&run(ours_cmd(&ours(), "6.12").arg("/nonexistent.list")));
    assert!(err.contains("/nonexistent.list"), "{err}");

    for args in [
        vec!["-x"],
        vec!["/nonexistent-source"],
        vec!["-d", "not a date at all", "/nonexistent-source"],
        vec!["-u", "bob"],
        vec!["-o"],
    ] {
        let err = fails(&run(ours_cmd(&ours_initramfs(), "6.12").args(&args)));
        assert!(!err.is_empty(), "{args:?}: no message");
    }
}
