//! kinit's command-line splitter against the kernel's own: `next_arg` from
//! Debian's linux-source-6.12 lib/cmdline.c, compiled with cc at test time
//! and driven like parse_args (stop at a bare `--`), on hand-picked and
//! generated command lines. Both must give the same parameters, values and
//! text after `--`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn kernel_source() -> PathBuf {
    let out = Command::new("bash")
        .arg("-c")
        .arg(". scripts/lib.sh && kernel_source 6.12")
        .current_dir(repo())
        .output()
        .expect("running scripts/lib.sh");
    assert!(
        out.status.success(),
        "kernel_source 6.12: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// The text of `next_arg` from the kernel's lib/cmdline.c.
fn kernel_next_arg(src: &Path) -> String {
    let text = std::fs::read_to_string(src.join("lib/cmdline.c")).unwrap();
    let start = text
        .find("char *next_arg(char *args")
        .expect("next_arg in lib/cmdline.c");
    let end = start + text[start..].find("\n}\n").expect("end of next_arg") + 3;
    text[start..end].to_owned()
}

/// A driver around the kernel's function: reads NUL-separated command
/// lines, prints for each `P<len>:<param>` then `V<len>:<val>` or `N`,
/// and `R<len>:<rest>` at a `--`, then `E`.
fn build_reference(dir: &Path) -> PathBuf {
    let src = kernel_source();
    let c = format!(
        r#"#include <stdio.h>
#include <string.h>
#include <stdlib.h>
/* lib/ctype.c: the kernel's isspace is also true for 0xa0. */
static int kisspace(unsigned char c) {{
    return c == ' ' || (c >= 9 && c <= 13) || c == 0xa0;
}}
#define isspace(c) kisspace((unsigned char)(c))
/* lib/string.c */
static char *skip_spaces(const char *str) {{
    while (isspace(*str)) ++str;
    return (char *)str;
}}
{next_arg}
static void out(char tag, const char *s) {{ printf("%c%zu:%s", tag, strlen(s), s); }}
int main(void) {{
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, stdin);
    buf[n] = 0;
    char *p = buf, *end = buf + n;
    while (p < end) {{
        char *next = p + strlen(p) + 1;
        char *args = skip_spaces(p), *param, *val;
        while (*args) {{
            args = next_arg(args, &param, &val);
            if (!val && strcmp(param, "--") == 0) {{ out('R', args); break; }}
            out('P', param);
            if (val) out('V', val); else putchar('N');
        }}
        putchar('E');
        p = next;
    }}
    return 0;
}}
"#,
        next_arg = kernel_next_arg(&src)
    );
    let c_file = dir.join("next_arg.c");
    std::fs::write(&c_file, c).unwrap();
    let exe = dir.join("next_arg");
    let st = Command::new("cc")
        .arg("-O1")
        .arg("-o")
        .arg(&exe)
        .arg(&c_file)
        .status()
        .expect("cc");
    assert!(st.success(), "compiling the kernel's next_arg");
    exe
}

fn tagged(tag: u8, s: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    out.extend_from_slice(s.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(s);
}

/// Our answer in the reference's format.
fn ours(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let (params, rest) = kinit::cmdline::split(line);
    for p in &params {
        tagged(b'P', p.name, &mut out);
        match p.value {
            Some(v) => tagged(b'V', v, &mut out),
            None => out.push(b'N'),
        }
    }
    if let Some(rest) = rest {
        tagged(b'R', rest, &mut out);
    }
    out.push(b'E');
    out
}

/// Splits the reference's output into one answer per case.
fn answers(mut s: &[u8]) -> Vec<Vec<u8>> {
    let mut all = Vec::new();
    let mut cur = Vec::new();
    while let Some((&tag, rest)) = s.split_first() {
        cur.push(tag);
        s = rest;
        match tag {
            b'E' => all.push(std::mem::take(&mut cur)),
            b'N' => {}
            _ => {
                let colon = s.iter().position(|&b| b == b':').unwrap();
                let len: usize = std::str::from_utf8(&s[..colon]).unwrap().parse().unwrap();
                cur.extend_from_slice(&s[..colon + 1 + len]);
                s = &s[colon + 1 + len..];
            }
        }
    }
    all
}

fn cases() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "",
        "   ",
        "root=/dev/vda1 ro quiet",
        "root=/dev/vda rootfstype=ext4,xfs rootflags=\"data=journal,errors=panic\" rw",
        "init=/bin/sh -- -x -c \"echo hi\"",
        "a -- ",
        "--",
        "-- --",
        "x=\"a b\" y",
        "\"quoted param\"=v z",
        "\"a=b c\"",
        "a=\"",
        "a=\"\"",
        "\"",
        "\"\"",
        "=",
        "=x",
        "==",
        "a==b",
        "a=b=c",
        "k=\"v\"w\"",
        "p\"q r\"s t",
        "\t\nroot=LABEL=my\\ root\r\x0b\x0cend",
        "a\u{a0}b",
        "rootwait rootwait=10 rootdelay=0x10",
        "PARTUUID=\"x\" \"--\" -- tail",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    // Bytes that matter to the splitter, in random order (a fixed seed).
    let alphabet: &[u8] = b"ab=\" \t-\xa0x\n";
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..5000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 24) as usize;
        let mut s = Vec::with_capacity(len);
        let mut r = seed;
        for _ in 0..len {
            r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push(alphabet[((r >> 33) % alphabet.len() as u64) as usize]);
        }
        v.push(s);
    }
    v
}

#[test]
fn split_matches_the_kernels_next_arg() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cmdline_kernel");
    std::fs::create_dir_all(&dir).unwrap();
    let exe = build_reference(&dir);
    let cases = cases();
    let mut input = Vec::new();
    for c in &cases {
        input.extend_from_slice(c);
        input.push(0);
    }
    let mut child = Command::new(&exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs = answers(&out.stdout);
    assert_eq!(theirs.len(), cases.len());
    let mut checked = 0;
    for (c, want) in cases.iter().zip(&theirs) {
        let got = ours(c);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(want),
            "command line {:?}",
            String::from_utf8_lossy(c)
        );
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}
