//! kinit's readers of what other tools write, against those tools' own
//! view on the host: verity superblocks (`veritysetup format`, compared
//! with `veritysetup dump`, and the table kinit would load); the
//! Discoverable Partitions' type GUIDs (compared with `systemd-id128 show`)
//! found in GPTs made by `sgdisk --typecode`, with their flags.

use std::path::{Path, PathBuf};
use std::process::Command;

fn work(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("roots_tools")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cmd: &mut Command) -> String {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// `Key: value` of veritysetup's output.
fn field<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(str::trim))
        .unwrap_or_else(|| panic!("no {key} in {text}"))
}

#[test]
fn verity_superblocks_as_veritysetup_dumps_them() {
    let dir = work("verity");
    let cases: [&[&str]; 5] = [
        &[],
        &["--hash", "sha1"],
        &["--data-block-size", "1024", "--hash-block-size", "512"],
        &["--salt", "-"],
        &["--format", "0"],
    ];
    for (i, opts) in cases.iter().enumerate() {
        let (data, hash) = (dir.join(format!("data{i}")), dir.join(format!("hash{i}")));
        std::fs::write(&data, vec![0x5au8; 64 << 10]).unwrap();
        let out = run(Command::new("veritysetup")
            .arg("format")
            .args(*opts)
            .arg(&data)
            .arg(&hash));
        let dump = run(Command::new("veritysetup").arg("dump").arg(&hash));
        let sb = kinit::verity::parse_superblock(&std::fs::read(&hash).unwrap()[..512])
            .unwrap_or_else(|e| panic!("{opts:?}: {e:?}"));
        let uuid: String = sb.uuid.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(uuid, field(&dump, "UUID").replace('-', ""), "{opts:?}");
        assert_eq!(sb.hash_type.to_string(), field(&dump, "Hash type"));
        assert_eq!(sb.data_blocks.to_string(), field(&dump, "Data blocks"));
        assert_eq!(
            sb.data_block_size.to_string(),
            field(&dump, "Data block size")
        );
        assert_eq!(
            sb.hash_block_size.to_string(),
            field(&dump, "Hash block size")
        );
        assert_eq!(
            String::from_utf8_lossy(&sb.algorithm),
            field(&dump, "Hash algorithm")
        );
        let salt: String = sb.salt.iter().map(|b| format!("{b:02x}")).collect();
        let want = field(&dump, "Salt");
        assert_eq!(
            if salt.is_empty() {
                "-".to_string()
            } else {
                salt
            },
            want,
            "{opts:?}"
        );
        // The table: the tree starts in the hash block after the superblock,
        // which the hash device's size confirms (superblock block + tree).
        let root = field(&out, "Root hash");
        let t = kinit::verity::table_params(
            &sb,
            b"254:0",
            b"254:16",
            root.as_bytes(),
            &[b"ignore-zero-blocks"],
        );
        let t = String::from_utf8(t).unwrap();
        let words: Vec<&str> = t.split(' ').collect();
        let hash_blocks: u64 = field(&dump, "Hash blocks").parse().unwrap();
        let start: u64 = words[6].parse().unwrap();
        let size = std::fs::metadata(&hash).unwrap().len();
        assert_eq!(
            (start + hash_blocks) * u64::from(sb.hash_block_size),
            size,
            "{t}"
        );
        assert_eq!(words[8], root);
        assert_eq!(&words[10..], ["1", "ignore_zero_blocks"], "{t}");
    }
}

#[test]
fn verity_partuuids_from_the_root_hash() {
    let h = kinit::verity::parse_root_hash(
        b"1D6240AAB79284020A50938CB8A4A36EE5F8EAA4FC20BF0FE7C3AC8C81062062",
    )
    .unwrap();
    assert_eq!(
        kinit::verity::partuuid_from_hash(&h, false),
        b"1d6240aa-b792-8402-0a50-938cb8a4a36e"
    );
    assert_eq!(
        kinit::verity::partuuid_from_hash(&h, true),
        b"e5f8eaa4-fc20-bf0f-e7c3-ac8c81062062"
    );
    assert!(kinit::verity::parse_root_hash(b"abc").is_none());
    assert!(kinit::verity::parse_root_hash(&[b'g'; 64]).is_none());
}

#[test]
fn dps_types_are_systemds() {
    let ids = run(Command::new("systemd-id128").arg("show"));
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x86-64",
        "aarch64" => "arm64",
        "riscv64" => "riscv64",
        a => panic!("no DPS types for {a}"),
    };
    let get = |name: &str| {
        ids.lines()
            .find_map(|l| {
                let mut w = l.split_whitespace();
                (w.next() == Some(name)).then(|| w.next().unwrap().to_string())
            })
            .unwrap_or_else(|| panic!("systemd-id128 show lists no {name}"))
    };
    let (root, usr) = kinit::gpt_auto::TYPES;
    let plain = |t: &[u8; 36]| String::from_utf8(t.to_vec()).unwrap().replace('-', "");
    assert_eq!(plain(root), get(&format!("root-{arch}")));
    assert_eq!(plain(usr), get(&format!("usr-{arch}")));
}

#[test]
fn dps_root_in_sgdisk_tables() {
    let dir = work("dps");
    let disk = |name: &str, args: &[&str]| {
        let p = dir.join(name);
        std::fs::write(&p, vec![0u8; 1 << 20]).unwrap();
        run(Command::new("sgdisk").args(["-a", "1"]).args(args).arg(&p));
        std::fs::read(&p).unwrap()
    };
    // root 8304 second (after a plain Linux partition), /usr 8314
    let d = disk(
        "a",
        &[
            "-n1:40:99",
            "-t1:8300",
            "-n2:100:199",
            "-t2:8304",
            "-n3:200:299",
            "-t3:8314",
        ],
    );
    assert_eq!(kinit::gpt_auto::fuzz_entry(&d), 2);
    // the first root partition has no-auto (63): the second counts
    let d = disk(
        "b",
        &[
            "-n1:40:99",
            "-t1:8304",
            "-A1:set:63",
            "-n2:100:199",
            "-t2:8304",
            "-A2:set:60",
        ],
    );
    assert_eq!(kinit::gpt_auto::fuzz_entry(&d), 2);
    // only the generic Linux type: no root
    let d = disk("c", &["-n1:40:99", "-t1:8300"]);
    assert_eq!(kinit::gpt_auto::fuzz_entry(&d), 0);
}
