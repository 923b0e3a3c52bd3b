//! Reproducible output: the same inputs give the same bytes; without `-t`,
//! `SOURCE_DATE_EPOCH` stands in for "now"; gen_initramfs takes
//! `KBUILD_BUILD_TIMESTAMP` like `-d`, as the kernel's build passes it.

mod common;

use common::*;
use std::fs;

fn mtimes(a: &[u8]) -> Vec<u32> {
    let mut v = Vec::new();
    let mut off = 0;
    while off + 110 <= a.len() && a[off..].starts_with(b"07070") {
        let field = |i: usize| {
            u32::from_str_radix(
                std::str::from_utf8(&a[off + 6 + 8 * i..off + 14 + 8 * i]).unwrap(),
                16,
            )
            .unwrap()
        };
        let (filesize, namesize) = (field(6) as usize, field(11) as usize);
        let name = &a[off + 110..off + 110 + namesize - 1];
        if name == b"TRAILER!!!" {
            break;
        }
        v.push(field(5));
        let data = (off + 110 + namesize + 3) & !3;
        off = (data + filesize + 3) & !3;
    }
    v
}

#[test]
fn source_date_epoch_and_kbuild_build_timestamp() {
    let d = scratch("repro");
    fs::create_dir_all(d.join("tree/sub")).unwrap();
    fs::write(d.join("tree/sub/f"), b"data").unwrap();
    let list = d.join("list");
    fs::write(&list, "dir /a 0755 0 0\nslink /b a 0777 0 0\n").unwrap();
    let once = || {
        ok(ours_cmd(&ours(), "6.12")
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .arg(&list))
    };
    let a = once();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(a, once(), "not reproducible across seconds");
    assert_eq!(mtimes(&a), [1_700_000_000, 1_700_000_000]);
    let bad = run(ours_cmd(&ours(), "6.12")
        .env("SOURCE_DATE_EPOCH", "soon")
        .arg(&list));
    assert!(!bad.status.success());

    for series in SERIES {
        let tree = d.join("tree");
        let by_env = ok(ours_cmd(&ours_initramfs(), series)
            .env("KBUILD_BUILD_TIMESTAMP", "Tue Nov 14 22:13:20 UTC 2023")
            .arg(&tree));
        let by_opt = ok(ours_cmd(&ours_initramfs(), series)
            .args(["-d", "@1700000000"])
            .arg(&tree));
        assert_eq!(by_env, by_opt, "{series}");
        let m = mtimes(&by_opt);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0], 1_700_000_000, "{series}: directory mtime");
        let file_mtime = fs::metadata(d.join("tree/sub/f"))
            .unwrap()
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as u32;
        // 6.1 keeps a regular file's own mtime; 6.12 applies the date to it.
        let want = if *series == "6.1" {
            file_mtime
        } else {
            1_700_000_000
        };
        assert_eq!(m[1], want, "{series}: file mtime");
    }
}
