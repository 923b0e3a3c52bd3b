//! The probe library on images made by the real mkfs tools: type, UUID and
//! LABEL must be what `blkid -p -o export` says about the same image (the
//! form root=UUID=/LABEL= are matched against).

mod probe_support;

use kinit::probe::{self, Device};
use probe_support::*;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;

/// blkid's TYPE for a name klibc's fstype prints.
fn blkid_type(fstype: &str) -> Option<&str> {
    match fstype {
        "luks" => Some("crypto_LUKS"),
        "lvm2" => Some("LVM2_member"),
        "suspend" => Some("swsuspend"),
        "gzip" => None,
        t => Some(t),
    }
}

#[test]
fn uuid_and_label_match_blkid() {
    let dir = scratch("ids");
    let mut failures = Vec::new();
    for img in make_images(&dir) {
        let path = CString::new(img.path.as_os_str().as_bytes()).unwrap();
        let mut dev = Device::open(&path).expect("open image");
        let info = probe::identify(&mut dev, probe::DEFAULT_PAGE_SIZE)
            .unwrap_or_else(|e| panic!("{}: {e}", img.path.display()))
            .unwrap_or_else(|| panic!("{}: not identified", img.path.display()));
        let want = blkid(&img.path);
        let name = img.path.file_name().unwrap().to_string_lossy().into_owned();
        let mut check = |what: &str, ours: Option<&str>, theirs: Option<&str>| {
            if ours != theirs {
                failures.push(format!("{name}: {what}: ours {ours:?}, blkid {theirs:?}"));
            }
        };
        check("fstype", Some(info.fstype), Some(img.fstype));
        check(
            "TYPE",
            blkid_type(info.fstype),
            want.get("TYPE").map(String::as_str),
        );
        check(
            "UUID",
            info.uuid.as_deref(),
            want.get("UUID").map(String::as_str),
        );
        check(
            "LABEL",
            info.label.as_deref(),
            want.get("LABEL").map(String::as_str),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
