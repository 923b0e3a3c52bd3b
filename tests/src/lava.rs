//! LAVA jobs for the boot scenarios, generated from the same scenario table
//! and console rules (rules.rs) the harness uses: one job per boot for the
//! `qemu` device type — kernel, initramfs and root images as `file://`
//! artifacts, the kernel command line, and one test monitor whose pattern
//! is the scenario's rules compiled to a Python regex. LAVA records one test
//! case per console line a rule claims; the verdict comes from those cases
//! judged by rules.rs (a job LAVA calls Complete is not a pass by itself).
//! Run here with lava-run (lava-dispatcher, no server) against a device
//! dictionary written the way lava-server's qemu template renders it for
//! the job's context; the same job files are what a LAVA lab would be given.

use crate::arch::{self, Arch};
use crate::json::{self, map, s, Value};
use crate::rules::{self, Rules, Want};
use crate::scenarios::{Check, Disk, Fault, KernelSel, KinitSel, Net, Scenario};
use crate::{yaml, Prepared};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The monitor's name, and so the LAVA test suite of every case.
pub const SUITE: &str = "boot-tests";

/// The kernel's first line: the monitor starts reading after it.
const START: &str = "Linux version [0-9]";

/// QEMU's default MAC address, which the harness's NIC has and the
/// BOOTIF= scenario names; the LAVA template's default differs.
const MAC: &str = "52:54:00:12:34:56";

/// Why a scenario cannot be a LAVA job, if it cannot.
pub fn unsupported(s: &Scenario) -> Option<&'static str> {
    if s.late.is_some() {
        return Some("hot-adds its disk through QEMU's monitor, which a LAVA qemu job cannot");
    }
    if s.net == Net::Nfs {
        return Some("needs the harness's NFS server on the host");
    }
    if s.fault != Fault::None {
        return Some(
            "the harness acts on the machine mid-boot (drive_del, killing the NFS server)",
        );
    }
    if s.net == Net::GarbageDhcp {
        return Some("needs the harness's garbage DHCP server on a socket netdev");
    }
    if s.readonly {
        return Some("its disk is readonly=on, which a LAVA qemu job's image cannot say");
    }
    if s.net == Net::Smb {
        return Some("needs QEMU's smb= (the host's smbd), which a LAVA qemu job cannot set");
    }
    if s.share.is_some() {
        return Some(
            "exports a host directory (virtiofsd or -virtfs), which a LAVA qemu job cannot",
        );
    }
    if s.efi {
        return Some(
            "boots through OVMF from an ESP disk, not a LAVA qemu job's kernel and initrd",
        );
    }
    None
}

/// A scenario that must fail: an ext4 root checked as xfs. The boot itself
/// completes (LAVA says Complete); both runners must call it not ok.
pub const PROBE_NAME: &str = "lava probe: ext4 root checked as xfs (must fail)";

pub fn probe() -> Scenario {
    Scenario {
        name: PROBE_NAME,
        kernel: KernelSel::Own,
        disks: &[Disk::Ext4],
        late: None,
        append: "root=/dev/vda",
        kinit: KinitSel::Matching,
        check: Check::Boots {
            argv: None,
            fstype: Some("xfs"),
            mode: None,
            st_dev: None,
            min_wait: None,
        },
        default: false,
        root_opts: &[],
        caps_dropped: &[],
        mounts: &[],
        net: Net::None,
        fault: Fault::None,
        readonly: false,
        console_says: &[],
        timeout_s: None,
        initramfs: crate::scenarios::Extra::None,
        kinit_says: &[],
        modules: &[],
        share: None,
        late_after: "Run /init as init process",
        efi: false,
    }
}

/// LAVA's test case id for a captured key: lower case, every run of
/// non-word characters one `_` (lava_dispatcher's monitor does this).
pub fn case_id(key: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in key.trim().to_lowercase().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
            gap = false;
        } else if !gap {
            out.push('_');
            gap = true;
        }
    }
    out
}

/// The monitor pattern: at each line start, the rules in order (the first
/// that matches the whole line claims it), its key captured as the test
/// case and its result (fixupdict maps it to pass or fail), and the number
/// a measured rule's line carries. Python `re` syntax, as pexpect compiles it.
pub fn monitor_pattern(r: &Rules) -> String {
    let mut p = String::from(r"(?:^|\n)");
    if let Some(m) = r.measure_prefixes() {
        p.push_str(&format!(
            "(?:(?=(?:{m})(?P<measurement>{})))?",
            rules::NUMBER
        ));
    }
    p.push_str("(?:");
    for (i, rule) in r.rules.iter().enumerate() {
        if i > 0 {
            p.push('|');
        }
        p.push_str(&format!("(?P<r{i}>"));
        for a in &rule.also {
            p.push_str(&format!(r"(?=[^\n]*?{})", rules::escape(a)));
        }
        for u in &rule.unless {
            p.push_str(&format!(r"(?![^\n]*?{})", rules::escape(u)));
        }
        p.push_str(&format!("{}(?:{}))", rules::PRINTK, rule.pre));
    }
    p.push(')');
    let nested = |part: &dyn Fn(&rules::Rule) -> String| {
        let mut out = String::new();
        for (i, rule) in r.rules.iter().enumerate() {
            out.push_str(&format!("(?(r{i}){}|", part(rule)));
        }
        out.push_str("(?!)");
        out.push_str(&")".repeat(r.rules.len()));
        out
    };
    p.push_str(&format!(
        "(?P<test_case_id>(?P<result>{}))",
        nested(&|rule| rule.key_regex())
    ));
    p.push_str(&nested(&|rule| format!("(?:{})", rule.suf)));
    p.push_str(rules::EOL);
    p.push_str(r"(?=\n)");
    p
}

/// Each key literal's LAVA result (the monitor's fixupdict), and which
/// rule each test case id belongs to.
pub struct Fixups {
    pub results: Vec<(String, Value)>,
    pub rules: HashMap<String, usize>,
}

pub fn fixups(r: &Rules) -> Result<Fixups, String> {
    let mut fix = Vec::new();
    let mut cases = HashMap::new();
    for (i, rule) in r.rules.iter().enumerate() {
        let result = if rule.want == Want::Absent {
            "fail"
        } else {
            "pass"
        };
        for k in &rule.key {
            if let Some(j) = cases.insert(case_id(k), i) {
                if j != i {
                    return Err(format!(
                        "rules {j} and {i} share the LAVA test case {:?}",
                        case_id(k)
                    ));
                }
            }
            fix.push((k.clone(), s(result)));
        }
    }
    Ok(Fixups {
        results: fix,
        rules: cases,
    })
}

/// Everything one LAVA job needs.
pub struct Job<'a> {
    pub name: String,
    pub arch: &'static Arch,
    pub p: &'a Prepared,
    pub rules: Rules,
    /// Where the artifacts are (file:// URLs to them).
    pub kernel: PathBuf,
    pub initrd: PathBuf,
    pub disks: Vec<PathBuf>,
}

fn url(path: &Path) -> Result<Value, String> {
    let p = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let text = p.display().to_string();
    if text.contains(|c: char| c.is_whitespace() || c == '%' || c == '"') {
        return Err(format!("{text}: a path LAVA cannot take as a file:// URL"));
    }
    Ok(s(format!("file://{text}")))
}

fn secs(n: u64) -> Value {
    map(vec![("seconds", Value::Num(n as f64))])
}

impl Job<'_> {
    /// The job context: what lava-server's qemu template reads.
    pub fn context(&self) -> Value {
        let p = self.p;
        let mut c = vec![
            ("arch", s(self.arch.lava)),
            ("memory", Value::Num(f64::from(p.memory_mb))),
            ("no_kvm", Value::Bool(p.accel == crate::qemu::Accel::Tcg)),
        ];
        if let Some(m) = self.arch.machine {
            c.push(("machine", s(m)));
        }
        if let Some(cpu) = self.arch.cpu {
            c.push(("cpu", s(cpu)));
        }
        if p.scenario.net == Net::None {
            c.push(("no_network", Value::Bool(true)));
        } else {
            c.push(("netdevice", s("user")));
            c.push(("mac_addr", s(MAC)));
        }
        // As the harness runs QEMU: no default devices but the serial
        // console (which is where the monitor reads), the arch's firmware.
        let mut extra = vec![s("-nodefaults"), s("-serial stdio")];
        if let Some(f) = self.arch.firmware {
            extra.push(s(format!("-bios {f}")));
        }
        c.push(("extra_options", Value::List(extra)));
        map(c)
    }

    /// What decides the verdict, for a lab that reads the results without
    /// boot-tests: the job passes when it is Complete and its cases are as
    /// these say (see tests/README.md).
    pub fn metadata(&self) -> Value {
        let mut rules = Vec::new();
        for r in &self.rules.rules {
            let ids: Vec<String> = r.key.iter().map(|k| case_id(k)).collect();
            let want = match r.want {
                Want::Present if r.ordered => "present, in order",
                Want::Present => "present",
                Want::Once => "once",
                Want::Absent => "absent",
            };
            rules.push(s(format!("{want}: {}", ids.join(" or "))));
        }
        for g in &self.rules.gaps {
            let first = |i: usize| case_id(&self.rules.rules[i].key[0]);
            rules.push(s(format!(
                "measurement of {} minus {}: at least {}",
                first(g.to),
                first(g.from),
                g.min
            )));
        }
        map(vec![
            ("boot-tests.scenario", s(self.p.scenario.name)),
            ("boot-tests.kernel", s(&self.p.kernel.release)),
            ("boot-tests.verdict", Value::List(rules)),
        ])
    }

    /// The job definition.
    pub fn definition(&self) -> Result<Value, String> {
        let p = self.p;
        if p.append.contains('"') {
            return Err(format!("{}: a '\"' in the command line", self.name));
        }
        let mut images = vec![(
            "kernel",
            map(vec![
                (
                    "image_arg",
                    s(format!("-kernel {{kernel}} -append \"{}\"", p.append)),
                ),
                ("url", url(&self.kernel)?),
            ]),
        )];
        images.push((
            "initrd",
            map(vec![
                ("image_arg", s("-initrd {initrd}")),
                ("url", url(&self.initrd)?),
            ]),
        ));
        let labels: Vec<String> = (0..self.disks.len()).map(|i| format!("disk{i}")).collect();
        for (i, d) in self.disks.iter().enumerate() {
            images.push((
                &labels[i],
                map(vec![
                    (
                        "image_arg",
                        s(format!(
                            "-drive file={{disk{i}}},format=raw,if=virtio,index={i}"
                        )),
                    ),
                    ("url", url(d)?),
                ]),
            ));
        }
        let fixupdict = fixups(&self.rules)?.results;
        let boot = p.timeout.as_secs();
        let monitor = map(vec![
            ("name", s(SUITE)),
            ("start", s(START)),
            ("end", s(self.arch.restart)),
            ("pattern", s(monitor_pattern(&self.rules))),
            ("fixupdict", Value::Map(fixupdict)),
        ]);
        Ok(map(vec![
            ("device_type", s("qemu")),
            (
                "job_name",
                s(format!("{SUITE} {} {}", self.arch.name, self.name)),
            ),
            ("metadata", self.metadata()),
            ("priority", s("medium")),
            ("visibility", s("public")),
            ("context", self.context()),
            (
                "timeouts",
                map(vec![
                    ("job", secs(boot * 2 + 240)),
                    ("action", secs(boot + 120)),
                ]),
            ),
            (
                "actions",
                Value::List(vec![
                    map(vec![(
                        "deploy",
                        map(vec![
                            ("to", s("tmpfs")),
                            ("timeout", secs(120)),
                            ("images", map(images)),
                        ]),
                    )]),
                    map(vec![(
                        "boot",
                        map(vec![
                            ("method", s("qemu")),
                            ("media", s("tmpfs")),
                            // Also how long the monitor waits for a line.
                            ("timeout", secs(boot)),
                        ]),
                    )]),
                    map(vec![(
                        "test",
                        map(vec![
                            ("timeout", secs(boot + 60)),
                            ("monitors", Value::List(vec![monitor])),
                        ]),
                    )]),
                ]),
            ),
        ]))
    }
}

/// The device dictionary lava-run reads, as lava-server's qemu device-type
/// template (qemu.jinja2, in lava-server, not in lava-dispatcher) renders
/// it for a job's context — the parts a qemu tmpfs boot uses.
pub fn device_dictionary(arch: &Arch, context: &Value) -> Value {
    let get = |k: &str| context.get(k);
    let flag = |k: &str| matches!(get(k), Some(Value::Bool(true)));
    let text = |k: &str| get(k).and_then(Value::as_str).map(String::from);
    let mut options = Vec::new();
    if let Some(m) = text("machine").or(arch.machine.map(String::from)) {
        options.push(s(format!("-machine {m}")));
    }
    if let Some(c) = text("cpu").or(arch.cpu.map(String::from)) {
        options.push(s(format!("-cpu {c}")));
    }
    if !flag("no_kvm") {
        if arch.name == "x86_64" {
            options.push(s("-cpu host"));
        }
        options.push(s("-enable-kvm"));
    }
    options.push(s("-nographic"));
    if flag("no_network") {
        options.push(s("-nic none"));
    } else {
        options.push(s(format!(
            "-net nic,model=virtio,macaddr={} -net {}",
            text("mac_addr").unwrap_or_else(|| "52:54:00:12:34:58".into()),
            text("netdevice").unwrap_or_else(|| "user".into())
        )));
    }
    let memory = get("memory").and_then(Value::as_f64).unwrap_or(512.0);
    options.push(s(format!("-m {memory}")));
    options.push(s("-monitor none"));
    let mut qemu = vec![("command", s(arch.qemu)), ("options", Value::List(options))];
    if let Some(extra) = get("extra_options") {
        qemu.push(("extra", extra.clone()));
    }
    map(vec![
        (
            "constants",
            map(vec![
                (
                    "posix",
                    map(vec![
                        ("lava_test_sh_cmd", s("/bin/sh")),
                        ("lava_test_results_dir", s("/lava-%s")),
                        ("lava_test_shell_file", s("~/.bashrc")),
                    ]),
                ),
                (
                    "shutdown-message",
                    s("The system is going down for reboot NOW"),
                ),
                ("kernel-start-message", s(START)),
                ("default-shell-prompt", s("lava-test: # ")),
                ("spawn_maxread", s("4092")),
                ("failure_retry", Value::Num(1.0)),
                ("boot_retry", Value::Null),
            ]),
        ),
        ("parameters", map(vec![("pass", Value::Null)])),
        (
            "available_architectures",
            Value::List(arch::all().iter().map(|a| s(a.lava)).collect()),
        ),
        (
            "actions",
            map(vec![
                (
                    "deploy",
                    map(vec![
                        ("connections", map(vec![("serial", Value::Null)])),
                        (
                            "methods",
                            map(vec![(
                                "image",
                                map(vec![(
                                    "parameters",
                                    map(vec![(
                                        "guest",
                                        map(vec![
                                            ("size", Value::Num(512.0)),
                                            ("interface", s("ide")),
                                            ("driveid", s("lavatest")),
                                        ]),
                                    )]),
                                )]),
                            )]),
                        ),
                    ]),
                ),
                (
                    "boot",
                    map(vec![
                        ("connections", map(vec![("serial", Value::Null)])),
                        (
                            "methods",
                            map(vec![("qemu", map(vec![("parameters", map(qemu))]))]),
                        ),
                    ]),
                ),
            ]),
        ),
        (
            "timeouts",
            map(vec![("actions", map(vec![("power-off", secs(10))]))]),
        ),
    ])
}

/// One result LAVA logged.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub suite: String,
    pub case: String,
    pub result: String,
    pub measurement: Option<f64>,
    pub error: Option<String>,
}

/// What lava-run logged: the results in order, the console lines it
/// relayed, and the lines it wrote that are not log records.
pub struct Log {
    pub cases: Vec<Case>,
    pub console: String,
    pub unread: Vec<String>,
}

/// Reads lava-run's log (one PyYAML flow mapping per line, see json.rs).
pub fn read_log(log: &str) -> Log {
    let mut cases = Vec::new();
    let mut console = String::new();
    let mut unread = Vec::new();
    for line in log.lines() {
        let v = match json::parse(line) {
            Ok(v) => v,
            Err(e) => {
                unread.push(format!("{e}: {line}"));
                continue;
            }
        };
        let lvl = v.get("lvl").and_then(Value::as_str);
        let Some(msg) = v.get("msg") else { continue };
        match lvl {
            Some("results") => {
                let text = |k: &str| msg.get(k).and_then(Value::as_str).map(String::from);
                cases.push(Case {
                    suite: text("definition").unwrap_or_default(),
                    case: text("case").unwrap_or_default(),
                    result: text("result").unwrap_or_default(),
                    measurement: msg.get("measurement").and_then(Value::as_f64),
                    error: text("error_msg"),
                });
            }
            Some("target") | Some("feedback") => {
                if let Some(t) = msg.as_str() {
                    console.push_str(t);
                    console.push('\n');
                }
            }
            _ => {}
        }
    }
    Log {
        cases,
        console,
        unread,
    }
}

/// The verdict from LAVA's results: the job must be Complete and the
/// monitor's cases must satisfy the rules. Returns what is wrong.
pub fn judge(r: &Rules, cases: &[Case]) -> Result<Vec<String>, String> {
    let ids = fixups(r)?.rules;
    let mut errors = Vec::new();
    match cases.iter().find(|c| c.suite == "lava" && c.case == "job") {
        Some(c) if c.result == "pass" => {}
        Some(c) => errors.push(format!(
            "the LAVA job is Incomplete: {}",
            c.error.as_deref().unwrap_or("no reason given")
        )),
        None => errors.push("the LAVA job did not finish (no job result)".into()),
    }
    let mut events = Vec::new();
    for c in cases.iter().filter(|c| c.suite == SUITE) {
        match ids.get(&c.case) {
            Some(&rule) => events.push(rules::Event {
                rule,
                key: c.case.clone(),
                measure: c.measurement,
            }),
            None => errors.push(format!("LAVA reported an unknown test case {:?}", c.case)),
        }
    }
    errors.extend(r.judge(&events));
    Ok(errors)
}

/// The dispatcher configuration: a prefix for LAVA's download directory
/// (/var/lib/lava/dispatcher/tmp/<prefix><job id>), unique to this run.
fn dispatcher() -> Value {
    map(vec![(
        "prefix",
        s(format!("boot-tests-{}-", std::process::id())),
    )])
}

/// Writes a job's files into `dir`: job.yaml, device.yaml, dispatcher.yaml.
pub fn write(job: &Job<'_>, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let put = |name: &str, v: &Value| {
        let path = dir.join(name);
        std::fs::write(&path, yaml::to_yaml(v)).map_err(|e| format!("{}: {e}", path.display()))
    };
    let def = job.definition()?;
    put("job.yaml", &def)?;
    put("device.yaml", &device_dictionary(job.arch, &job.context()))?;
    put("dispatcher.yaml", &dispatcher())?;
    Ok(())
}

/// Runs a job with lava-run (`id` unique in this run) and judges it;
/// returns (passed, diagnostics, time).
pub fn run(job: &Job<'_>, id: usize) -> Result<(bool, String, Duration), String> {
    // Beside the harness's files of the same boot (it clears its directory
    // when it starts, so it must run first when both do).
    let dir = &job.p.dir.join("lava");
    let _ = std::fs::remove_dir_all(dir);
    write(job, dir)?;
    let log_path = dir.join("lava.log");
    let out_path = dir.join("lava.stdout");
    let create = |p: &Path| std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()));
    // lava-run logs to stderr, one JSON object per line.
    let (log, out) = (create(&log_path)?, create(&out_path)?);
    let started = Instant::now();
    let mut child = Command::new("lava-run")
        .arg("--job-id")
        .arg(id.to_string())
        .arg("--output-dir")
        .arg(dir.join("output"))
        .arg("--device")
        .arg(dir.join("device.yaml"))
        .arg("--dispatcher")
        .arg(dir.join("dispatcher.yaml"))
        .arg(dir.join("job.yaml"))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("running lava-run (scripts/setup installs lava-dispatcher): {e}"))?;
    // lava-run enforces the job's own timeout; this is for a hung lava-run.
    let deadline = job.p.timeout * 2 + Duration::from_secs(300);
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(st);
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let elapsed = started.elapsed();
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let Log {
        cases,
        console,
        unread,
    } = read_log(&text);
    let _ = std::fs::write(dir.join("console.log"), &console);
    let mut errors = judge(&job.rules, &cases)?;
    if let Some(first) = unread.first() {
        errors.push(format!(
            "{} lines of lava-run's log could not be read, the first: {first}",
            unread.len()
        ));
    }
    if status.is_none() {
        errors.push(format!(
            "lava-run did not end within {} s",
            deadline.as_secs()
        ));
    }
    let ok = errors.is_empty();
    let mut diag = format!(
        "{:.1} s in lava-run, log {}\n",
        elapsed.as_secs_f64(),
        log_path.display()
    );
    let seen: Vec<String> = cases
        .iter()
        .filter(|c| c.suite == SUITE)
        .map(|c| format!("{}={}", c.case, c.result))
        .collect();
    diag.push_str(&format!("LAVA cases: {}\n", seen.join(" ")));
    if !ok {
        diag.push_str(&errors.join("\n"));
        diag.push_str("\n--- console (last lines) ---\n");
        diag.push_str(&crate::console::tail(&console, 20));
        if !stdout.trim().is_empty() {
            diag.push_str("\n--- lava-run stdout ---\n");
            diag.push_str(stdout.trim());
        }
    }
    Ok((ok, diag, elapsed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios;

    #[test]
    fn case_ids_as_lava_makes_them() {
        assert_eq!(case_id("argv[0]"), "argv_0_");
        assert_eq!(case_id("/dev/root"), "_dev_root");
        assert_eq!(case_id("Kernel panic"), "kernel_panic");
        assert_eq!(case_id(" 16384 vda"), "16384_vda");
        assert_eq!(case_id("root st_dev"), "root_st_dev");
    }

    #[test]
    fn every_scenario_has_distinct_cases() {
        for sc in scenarios::all().iter().chain([&probe()]) {
            let r = rules::for_scenario(sc, "6.12.118");
            fixups(&r).unwrap_or_else(|e| panic!("{}: {e}", sc.name));
        }
    }

    #[test]
    fn judges_lava_results() {
        let sc = scenarios::all()
            .into_iter()
            .find(|s| s.name == "missing root device")
            .unwrap();
        let r = rules::for_scenario(&sc, "6.12.118");
        let case = |suite: &str, case: &str, result: &str| Case {
            suite: suite.into(),
            case: case.into(),
            result: result.into(),
            measurement: None,
            error: None,
        };
        let mut cases = vec![
            case(SUITE, "vdz", "pass"),
            case(SUITE, "16384_vda", "pass"),
            case(
                SUITE,
                &case_id("kinit: cannot boot; rebooting (panic=-1)"),
                "pass",
            ),
            case("lava", "job", "pass"),
        ];
        assert_eq!(judge(&r, &cases).unwrap(), Vec::<String>::new());
        cases[3].result = "fail".into();
        assert_eq!(
            judge(&r, &cases).unwrap(),
            ["the LAVA job is Incomplete: no reason given"]
        );
        cases[3].result = "pass".into();
        cases.push(case(SUITE, "kernel_panic", "fail"));
        assert_eq!(judge(&r, &cases).unwrap(), ["the kernel panicked"]);
        cases.pop();
        cases.remove(1);
        assert_eq!(
            judge(&r, &cases).unwrap(),
            ["no kinit: line mentions 16384 vda"]
        );
    }

    #[test]
    fn reads_lava_run_output() {
        let log = r#"{"dt": "x", "lvl": "target", "msg": "boot-marker: end"}
{"dt": "x", "lvl": "results", "msg": {"case": "end", "definition": "boot-tests", "result": "pass", "measurement": "1.25"}}
not json
{"dt": "x", "lvl": "results", "msg": {"case": "root", "definition": "boot-tests", "measurement": ! "null", "result": "pass"}}
{"dt": "x", "lvl": "results", "msg": {"case": "job", "definition": "lava", "error_msg": "boom", "result": "fail"}}"#;
        let l = read_log(log);
        assert_eq!(l.console, "boot-marker: end\n");
        assert_eq!(l.cases.len(), 3);
        assert_eq!(l.cases[0].measurement, Some(1.25));
        assert_eq!(l.cases[1].measurement, None);
        assert_eq!(l.cases[1].case, "root");
        assert_eq!(l.cases[2].error.as_deref(), Some("boom"));
        assert_eq!(l.unread, ["value expected at byte 0: not json"]);
    }

    /// The pattern, run by Python's `re` the way pexpect searches a stream
    /// (the earliest match among end and pattern; the buffer continues after
    /// a match), yields the same cases and verdicts as the harness's reading
    /// of the same consoles — for every scenario, on consoles that pass and
    /// that break each rule.
    #[test]
    fn python_reads_consoles_as_the_harness_does() {
        let mut inputs = Vec::new();
        let all: Vec<Rules> = scenarios::all()
            .iter()
            .chain([&probe()])
            .map(|sc| rules::for_scenario(sc, "6.12.118"))
            .collect();
        for (sc, r) in scenarios::all().iter().chain([&probe()]).zip(&all) {
            for console in sample_consoles(sc) {
                inputs.push((r, console));
            }
        }
        let matchers: Vec<rules::Matcher> = all.iter().map(|r| r.matcher().unwrap()).collect();
        let mut script = String::from(PY_MONITOR);
        script.push_str("cases = [\n");
        for (r, console) in &inputs {
            let fix = fixups(r).unwrap().results;
            script.push_str(&format!(
                "  ({}, {}, {}, {}),\n",
                py_str(&monitor_pattern(r)),
                py_str(arch::find("x86_64").unwrap().restart),
                py_str(&Value::Map(fix).to_json()),
                py_str(console)
            ));
        }
        script.push_str("]\nfor c in cases: print(json.dumps(run(*c)))\n");
        let mut child = Command::new("python3")
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs (it is part of Debian's base)");
        let mut stdin = child.stdin.take().unwrap();
        let feed = std::thread::spawn(move || {
            use std::io::Write;
            stdin.write_all(script.as_bytes()).unwrap();
        });
        let out = child.wait_with_output().unwrap();
        feed.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), inputs.len());
        let mut failing = 0;
        for ((r, console), line) in inputs.iter().zip(lines) {
            let m = &matchers[all.iter().position(|a| std::ptr::eq(a, *r)).unwrap()];
            let v = json::parse(line).unwrap();
            let Value::List(items) = v else { panic!() };
            let mut cases: Vec<Case> = items
                .iter()
                .map(|c| Case {
                    suite: SUITE.into(),
                    case: c.get("case").and_then(Value::as_str).unwrap().into(),
                    result: c.get("result").and_then(Value::as_str).unwrap().into(),
                    measurement: c.get("measurement").and_then(Value::as_f64),
                    error: None,
                })
                .collect();
            cases.push(Case {
                suite: "lava".into(),
                case: "job".into(),
                result: "pass".into(),
                measurement: None,
                error: None,
            });
            let lava = judge(r, &cases).unwrap();
            let events = m.events(console);
            let harness = r.judge(&events);
            assert_eq!(lava, harness, "console:\n{console}");
            // The same lines, claimed by the same rules.
            let ids: Vec<String> = events.iter().map(|e| case_id(&e.key)).collect();
            let lava_ids: Vec<&str> = cases[..cases.len() - 1]
                .iter()
                .map(|c| c.case.as_str())
                .collect();
            assert_eq!(lava_ids, ids, "console:\n{console}");
            failing += usize::from(!harness.is_empty());
        }
        // The samples exercise failures too.
        assert!(failing * 4 > inputs.len(), "{failing} of {}", inputs.len());
    }

    fn py_str(s: &str) -> String {
        json::Value::Str(s.to_string()).to_json()
    }

    /// pexpect's search as lava_dispatcher's monitor uses it, on a whole
    /// console at once (the stream arriving in one piece).
    const PY_MONITOR: &str = r#"
import json, re
def run(pattern, end, fixups, console):
    fix = json.loads(fixups)
    pats = [re.compile(end, re.DOTALL), re.compile(pattern, re.DOTALL)]
    m = re.compile("Linux version [0-9]", re.DOTALL).search(console)
    buf = console[m.end():] if m else console
    out = []
    while True:
        best = None
        for i, p in enumerate(pats):
            mm = p.search(buf)
            if mm and (best is None or mm.start() < best[1].start()):
                best = (i, mm)
        if best is None or best[0] == 0:
            return out
        g = best[1].groupdict()
        res = fix.get(g["result"], g["result"])
        case = re.sub(r"\W+", "_", g["test_case_id"].strip().lower())
        out.append({"case": case, "result": res, "measurement": g.get("measurement")})
        buf = buf[best[1].end():]
"#;

    /// Consoles for a scenario: one that passes, and variants that break it.
    fn sample_consoles(sc: &Scenario) -> Vec<String> {
        let head = "SeaBIOS (version 1.16)\r\nBooting from ROM..\r\n[    0.000000] Linux version 6.12.118 (root@vm)\r\n\
[    0.100000] Command line: console=ttyS0 root=/dev/vda\r\n[    1.406474] Run /init as init process\r\n";
        let tail = "[    4.557234] reboot: Restarting system\r\nSeaBIOS (version 1.16)\r\n[    0.000000] Linux version 6.12.118\r\n";
        let mut body = String::new();
        match &sc.check {
            Check::Boots {
                argv,
                fstype,
                mode,
                st_dev,
                ..
            } => {
                if sc.kinit == KinitSel::Skewed {
                    body.push_str("kinit: built for Linux 0.0.0-skewed but running 6.12.118\r\n");
                }
                if sc.kinit == KinitSel::Local {
                    body.push_str(
                        "kinit: ip= ignored: built without network boot (INITRAMFS_KINIT_NET)\r\n",
                    );
                }
                if sc.late.is_some() {
                    body.push_str("kinit: waiting for root device /dev/vda\r\n");
                }
                body.push_str(
                    "kinit: Mounted root (ext4 filesystem) readonly on device 254:0.\r\n",
                );
                body.push_str("boot-marker: start uptime=4.56 boottime=4.563452 pid=1\r\n");
                let argv = argv
                    .map(|a| a.to_vec())
                    .unwrap_or_else(|| vec!["/sbin/init"]);
                body.push_str(&format!("boot-marker: argc={}\r\n", argv.len()));
                for (i, a) in argv.iter().enumerate() {
                    body.push_str(&format!("boot-marker: argv[{i}]={a}\r\n"));
                }
                let mut opts = vec!["rw", "relatime"];
                opts.extend(sc.root_opts.iter());
                body.push_str(&format!(
                    "boot-marker: root dev=/dev/root fstype={} mode={} opts={}\r\n",
                    fstype.unwrap_or("ext4"),
                    mode.unwrap_or("rw"),
                    opts.join(",")
                ));
                let (maj, min) = st_dev.unwrap_or((254, 0));
                body.push_str(&format!(
                    "boot-marker: root st_dev={}:{min}\r\n",
                    if maj == 0 { 254 } else { maj }
                ));
                body.push_str("boot-marker: mount /dev/root / ext4\r\n");
                for (dir, t) in sc.mounts {
                    body.push_str(&format!("boot-marker: mount src {dir} {t}\r\n"));
                }
                let caps = if sc.caps_dropped.is_empty() {
                    "000001ffffffffff"
                } else {
                    "000001fffffcffff"
                };
                body.push_str(&format!("boot-marker: caps bnd={caps} eff={caps}\r\n"));
                body.push_str("boot-marker: end\r\n");
            }
            Check::Fails { kinit_says } => {
                for alts in kinit_says.iter() {
                    let first = alts.split('|').next().unwrap_or("");
                    body.push_str(&format!(
                        "[    1.600000] kinit: something about {first} here\r\n"
                    ));
                }
                body.push_str("kinit: cannot boot; rebooting (panic=-1)\r\n");
            }
            Check::Shell { says } => {
                for l in says.iter() {
                    body.push_str(l);
                    body.push_str("\r\n");
                }
                body.push_str("[    3.000000] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000\r\n");
            }
        }
        let good = format!("{head}{body}{tail}");
        let mut out = vec![good.clone()];
        // Each line of the body dropped, in turn.
        let lines: Vec<&str> = body.split_inclusive('\n').collect();
        for i in 0..lines.len() {
            let mut b: Vec<&str> = lines.clone();
            b.remove(i);
            out.push(format!("{head}{}{tail}", b.concat()));
        }
        // Each line doubled; the first and last swapped.
        for i in 0..lines.len() {
            let mut b: Vec<&str> = lines.clone();
            b.insert(i, lines[i]);
            out.push(format!("{head}{}{tail}", b.concat()));
        }
        let mut b = lines.clone();
        let n = b.len();
        b.swap(0, n - 1);
        out.push(format!("{head}{}{tail}", b.concat()));
        // A panic, a failure's words in a booting console, a different fs.
        out.push(good.replace(
            "[    4.557234] reboot",
            "[    4.5] Kernel panic - not syncing: VFS\r\n[    4.557234] reboot",
        ));
        out.push(good.replace("Run /init as init process\r\n", "Run /init as init process\r\nkinit: cannot find vdz 16384 vda xfs Invalid argument mount call failed\r\n"));
        out.push(
            good.replace("fstype=ext4", "fstype=btrfs")
                .replace("mode=rw", "mode=ro"),
        );
        out.push(good.replace("uptime=4.56", "uptime=2.00"));
        out.push(good.replace("st_dev=254:", "st_dev=8:1"));
        out.push(good.replace("exitcode=0x00000000", "exitcode=0x00000100"));
        // A console cut in the middle of a line.
        out.push(good[..good.len() / 2].to_string());
        out
    }
}
