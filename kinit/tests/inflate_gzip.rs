//! kinit's gunzip (old-style gzip initrd images) against the real gzip:
//! what `gzip` compresses (levels 1 and 9, with and without a file name,
//! empty, text, random and runs of zeros, a megabyte) comes back byte for
//! byte; damaged streams are errors, never panics; the output limit holds.

use kinit::inflate::{gunzip, GzError};
use std::io::Write;
use std::process::{Command, Stdio};

fn gzip(data: &[u8], args: &[&str]) -> Vec<u8> {
    let mut c = Command::new("gzip")
        .args(args)
        .arg("-c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    let mut stdin = c.stdin.take().unwrap();
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data).unwrap());
    let out = c.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    out.stdout
}

fn samples() -> Vec<Vec<u8>> {
    let mut seed = 0x1234_5678u32;
    let mut random = vec![0u8; 200_000];
    for b in &mut random {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        *b = seed as u8;
    }
    let text: Vec<u8> = (0..20_000)
        .flat_map(|i| format!("line {i}: the quick brown fox {}\n", i % 7).into_bytes())
        .collect();
    vec![Vec::new(), b"a".to_vec(), text, random, vec![0u8; 1 << 20]]
}

#[test]
fn round_trips_through_gzip() {
    for data in samples() {
        for args in [&["-1"][..], &["-9"], &["-n", "-6"]] {
            let z = gzip(&data, args);
            let out =
                gunzip(&z, 2 << 20).unwrap_or_else(|e| panic!("{args:?} {}: {e:?}", data.len()));
            assert!(out == data, "{args:?}: {} bytes differ", data.len());
        }
    }
}

#[test]
fn file_names_and_limits() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("inflate");
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("initrd.img");
    std::fs::write(&f, b"named member").unwrap();
    // gzip FILE keeps the name (FNAME) in the header.
    let z = Command::new("gzip")
        .arg("-c")
        .arg(&f)
        .output()
        .unwrap()
        .stdout;
    assert_ne!(z[3] & 8, 0, "no FNAME");
    assert_eq!(gunzip(&z, 100).unwrap(), b"named member");
    assert_eq!(gunzip(&z, 5), Err(GzError::TooBig));
}

#[test]
fn damage_is_an_error() {
    let z = gzip(&samples()[2], &["-9"]);
    assert_eq!(gunzip(&z[..z.len() - 4], 1 << 22), Err(GzError::Truncated));
    assert_eq!(
        gunzip(b"\x1f\x8b\x07\0\0\0\0\0\0\0", 10),
        Err(GzError::Header)
    );
    let mut bad = z.clone();
    let n = bad.len();
    bad[n - 6] ^= 1; // the CRC
    assert_eq!(gunzip(&bad, 1 << 22), Err(GzError::Check));
    // Every single flipped byte of the body: an error or (rarely) other
    // data, never a panic.
    for i in 10..z.len().min(400) {
        let mut d = z.clone();
        d[i] ^= 0x55;
        let _ = gunzip(&d, 1 << 22);
    }
}
