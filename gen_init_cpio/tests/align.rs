//! `-a <data_align>` (mainline's newest option, absent from the 6.1 and 6.12
//! tools, so checked here against its definition rather than the C tool):
//! names of files larger than the alignment are NUL-padded so their data
//! starts on a multiple of it; everything else is as without `-a`; the result
//! still unpacks; a name too long to pad gets the C tool's warning.

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

struct Member {
    name: Vec<u8>,
    namesize: usize,
    data_at: usize,
    data: Vec<u8>,
}

fn hex(b: &[u8]) -> usize {
    usize::from_str_radix(std::str::from_utf8(b).unwrap(), 16).unwrap()
}

/// A minimal newc reader, independent of the code under test.
fn members(a: &[u8]) -> Vec<Member> {
    let mut v = Vec::new();
    let mut off = 0;
    loop {
        assert!(a[off..].starts_with(b"07070"), "bad magic at {off}");
        let filesize = hex(&a[off + 54..off + 62]);
        let namesize = hex(&a[off + 94..off + 102]);
        let name_at = off + 110;
        let raw = &a[name_at..name_at + namesize];
        let name = raw[..raw.iter().position(|&b| b == 0).unwrap()].to_vec();
        let data_at = (name_at + namesize + 3) & !3;
        if name == b"TRAILER!!!" {
            return v;
        }
        v.push(Member {
            name,
            namesize,
            data_at,
            data: a[data_at..data_at + filesize].to_vec(),
        });
        off = (data_at + filesize + 3) & !3;
    }
}

#[test]
fn aligned_data() {
    let d = scratch("align");
    let big = bytes(3, 10_000);
    fs::write(d.join("big"), &big).unwrap();
    fs::write(d.join("small"), b"small").unwrap();
    let list = d.join("list");
    fs::write(
        &list,
        format!(
            "dir /d 0755 0 0\nfile /d/small {0}/small 0644 0 0\nfile /d/big {0}/big 0644 0 0 /d/big2\nslink /s d/big 0777 0 0\nfile /d/big3 {0}/big 0644 0 0\n",
            d.display()
        ),
    )
    .unwrap();
    let plain = ok(ours_cmd(&ours(), "6.12").args(["-t", "1"]).arg(&list));
    let zero = ok(ours_cmd(&ours(), "6.12")
        .args(["-t", "1", "-a", "0"])
        .arg(&list));
    assert_eq!(plain, zero, "-a 0 must change nothing");
    // The 6.12 C tool has no -a, but without it we must match it.
    assert_eq!(
        plain,
        ok(Command::new(c_tool("6.12")).args(["-t", "1"]).arg(&list))
    );

    for align in [4096usize, 512, 64] {
        for csum in [false, true] {
            let mut cmd = ours_cmd(&ours(), "6.12");
            cmd.args(["-t", "1", "-a", &align.to_string()]);
            if csum {
                cmd.arg("-c");
            }
            let out = d.join(format!("a{align}{csum}.cpio"));
            ok(cmd.arg("-o").arg(&out).arg(&list));
            let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "-o creates the file 0600, as the C tool does");
            let archive = fs::read(&out).unwrap();
            assert_eq!(archive.len() % 512, 0);
            let m = members(&archive);
            let names: Vec<&[u8]> = m.iter().map(|m| m.name.as_slice()).collect();
            assert_eq!(
                names,
                [&b"d"[..], b"d/small", b"d/big", b"d/big2", b"s", b"d/big3"]
            );
            for x in &m {
                if x.data.len() > align {
                    assert_eq!(x.data_at % align, 0, "{:?} not aligned", x.name);
                    assert_eq!(x.data, big);
                } else {
                    assert_eq!(x.namesize, x.name.len() + 1, "{:?} padded", x.name);
                }
            }
            let dir = scratch(&format!("align-x{align}{csum}"));
            let st = Command::new("cpio")
                .args(["-idm", "--quiet"])
                .current_dir(&dir)
                .stdin(fs::File::open(&out).unwrap())
                .status()
                .unwrap();
            assert!(st.success());
            assert_eq!(fs::read(dir.join("d/big")).unwrap(), big);
            assert_eq!(fs::read(dir.join("d/big3")).unwrap(), big);
            assert_eq!(fs::read(dir.join("d/small")).unwrap(), b"small");
        }
    }

    // A name too long to pad: the C tool's warning, no padding.
    let long = format!("/{}", "l".repeat(4090));
    fs::write(&list, format!("file {long} {}/big 0644 0 0\n", d.display())).unwrap();
    let r = run(ours_cmd(&ours(), "6.12")
        .args(["-t", "1", "-a", "4096"])
        .arg(&list));
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("best-effort alignment 4096 missed"));
    let m = members(&r.stdout);
    assert_eq!(m[0].namesize, 4091);
}
