//! The console rules that decide a scenario's result, written once for both
//! runners: the harness applies them to the console it captured, and the
//! LAVA job generator (lava.rs) compiles them into one test-monitor pattern
//! whose per-line results are judged here by the same code.
//!
//! A rule is about one console line, printk time dropped: `pre`, one of the
//! `key` literals, then `suf`, matching the whole line (regexes in the
//! syntax both Rust's regex crate and Python's `re` read alike: no lookaround,
//! no `\d`, `[^\n]` rather than `.`). Each line is attributed to the first
//! rule it matches, as the alternation of the LAVA pattern does; the key
//! seen is the LAVA test case. A scenario then wants each rule's lines
//! present, exactly once, or absent, some of them in order, and `Gap`s
//! between the numbers two rules' lines carry (printk time, uptime).

use crate::scenarios::{self, Check, KinitSel, Scenario};
use regex::Regex;

/// How many lines a rule wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Present,
    Once,
    Absent,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub pre: String,
    /// Literal alternatives; the one on the line is the LAVA test case id.
    pub key: Vec<String>,
    pub suf: String,
    /// Literals that must also be somewhere on the line.
    pub also: Vec<String>,
    /// Literals that make a line not this rule's.
    pub unless: Vec<String>,
    pub want: Want,
    /// Present rules marked `ordered` must be seen in their order.
    pub ordered: bool,
    /// What precedes the number this rule's lines carry, from the start of
    /// the raw line (printk time included).
    pub measure: Option<String>,
    /// What the harness says when the rule is broken.
    pub what: String,
}

/// At least `min` between the numbers of the first lines of two rules.
#[derive(Debug, Clone)]
pub struct Gap {
    pub from: usize,
    pub to: usize,
    pub min: f64,
    pub what: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub rules: Vec<Rule>,
    pub gaps: Vec<Gap>,
}

/// A console line attributed to a rule, with its number if the rule has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub rule: usize,
    pub key: String,
    pub measure: Option<f64>,
}

/// An optional printk timestamp and the blanks around it, at a line's start.
pub const PRINTK: &str = r"[ \t]*(?:\[[ \t]*[0-9]+\.[0-9]+\][ \t]*)?";
/// The number a `measure` prefix is followed by.
pub const NUMBER: &str = r"[0-9]+(?:\.[0-9]+)?";
/// Blanks and carriage returns that may end a line.
pub const EOL: &str = r"[ \t\r]*";
/// The rest of a line.
const REST: &str = r"[^\n]*";
/// Anything before, shortest first.
const ANY: &str = r"[^\n]*?";
/// A kinit line (`kinit: ...`, or an applet's `kinit ...`) up to the key.
const KINIT: &str = r"kinit[: ][^\n]*?";
/// The stand-in init's lines, wherever they start on a line.
const MARKER: &str = r"[^\n]*?boot-marker: ";

/// Escapes the characters that are special to both regex dialects.
pub fn escape(lit: &str) -> String {
    let mut s = String::new();
    for c in lit.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

impl Rule {
    fn new(pre: &str, key: &[&str], suf: &str, want: Want, what: String) -> Rule {
        Rule {
            pre: pre.into(),
            key: key.iter().map(|k| k.to_string()).collect(),
            suf: suf.into(),
            also: Vec::new(),
            unless: Vec::new(),
            want,
            ordered: false,
            measure: None,
            what,
        }
    }

    /// The key alternatives as a regex.
    pub fn key_regex(&self) -> String {
        let alts: Vec<String> = self.key.iter().map(|k| escape(k)).collect();
        format!("(?:{})", alts.join("|"))
    }
}

/// The rules compiled for matching console lines.
pub struct Matcher<'a> {
    rules: &'a Rules,
    /// Each rule's whole-line regex, its key captured.
    keys: Vec<Regex>,
    measure: Option<Regex>,
}

impl Rules {
    pub fn matcher(&self) -> Result<Matcher<'_>, String> {
        let compile = |r: &str| Regex::new(r).map_err(|e| format!("rule regex {r:?}: {e}"));
        let mut keys = Vec::new();
        for r in &self.rules {
            keys.push(compile(&format!(
                "^{PRINTK}(?:{})({}){}{EOL}$",
                r.pre,
                r.key_regex(),
                r.suf
            ))?);
        }
        let measure = match self.measure_prefixes() {
            Some(m) => Some(compile(&format!("^(?:{m})({NUMBER})"))?),
            None => None,
        };
        Ok(Matcher {
            rules: self,
            keys,
            measure,
        })
    }

    /// The measure prefixes of all rules as one alternation, if any.
    pub fn measure_prefixes(&self) -> Option<String> {
        let m: Vec<&str> = self
            .rules
            .iter()
            .filter_map(|r| r.measure.as_deref())
            .collect();
        (!m.is_empty()).then(|| m.join("|"))
    }

    /// What is wrong, judged from the lines attributed to each rule (in
    /// console order); empty when the scenario passed.
    pub fn judge(&self, events: &[Event]) -> Vec<String> {
        let mut errors = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            let n = events.iter().filter(|e| e.rule == i).count();
            let broken = match r.want {
                Want::Present => n == 0,
                Want::Once => n != 1,
                Want::Absent => n > 0,
            };
            if broken {
                errors.push(r.what.clone());
            }
        }
        // Ordered rules: each seen after the first sighting of the previous
        // one that was found in order (the harness's reading so far).
        let mut at = 0;
        for (i, r) in self.rules.iter().enumerate() {
            if !r.ordered {
                continue;
            }
            match events[at..].iter().position(|e| e.rule == i) {
                Some(p) => at += p + 1,
                None => {
                    if events.iter().any(|e| e.rule == i) {
                        errors.push(format!("{} (out of order)", r.what));
                    }
                    break;
                }
            }
        }
        for g in &self.gaps {
            let first = |rule| {
                events
                    .iter()
                    .find(|e| e.rule == rule)
                    .and_then(|e| e.measure)
            };
            match (first(g.from), first(g.to)) {
                (Some(a), Some(b)) if b - a >= g.min => {}
                (a, b) => errors.push(format!("{} (from {a:?} to {b:?})", g.what)),
            }
        }
        errors
    }
}

impl Matcher<'_> {
    /// The rule a line (without its newline) belongs to, if any.
    pub fn attribute(&self, line: &str) -> Option<Event> {
        for (i, r) in self.rules.rules.iter().enumerate() {
            if r.also.iter().any(|a| !line.contains(a.as_str()))
                || r.unless.iter().any(|u| line.contains(u.as_str()))
            {
                continue;
            }
            let Some(key) = self.keys[i].captures(line).and_then(|c| c.get(1)) else {
                continue;
            };
            let key = key.as_str().to_string();
            let measure = self
                .measure
                .as_ref()
                .and_then(|m| m.captures(line))
                .and_then(|c| c.get(1))
                .and_then(|n| n.as_str().parse().ok());
            return Some(Event {
                rule: i,
                key,
                measure,
            });
        }
        None
    }

    /// Every complete line of a console, attributed.
    pub fn events(&self, console: &str) -> Vec<Event> {
        let mut lines: Vec<&str> = console.split('\n').collect();
        lines.pop(); // not ended by a newline (yet)
        lines.iter().filter_map(|l| self.attribute(l)).collect()
    }
}

/// Applies a scenario's rules to a console: what is wrong.
pub fn check(rules: &Rules, console: &str) -> Result<Vec<String>, String> {
    let m = rules.matcher()?;
    Ok(rules.judge(&m.events(console)))
}

/// The rules of a scenario booted on a kernel of release `release`.
pub fn for_scenario(s: &Scenario, release: &str) -> Rules {
    let mut rules = Vec::new();
    let mut gaps = Vec::new();
    // A shell that ends its script exits, and the kernel reports its init
    // exiting with status 0; any other panic is a failure.
    let mut panic = Rule::new(ANY, &["Kernel panic"], REST, Want::Absent, {
        "the kernel panicked".into()
    });
    if matches!(s.check, Check::Shell { .. }) {
        panic
            .unless
            .push("Attempted to kill init! exitcode=0x00000000".into());
    }
    rules.push(panic);
    match &s.check {
        Check::Boots {
            argv,
            fstype,
            mode,
            st_dev,
            min_wait,
        } => {
            let start = rules.len();
            rules.push(Rule::new(
                MARKER,
                &["start"],
                REST,
                Want::Once,
                "the root's init never ran (no single boot-marker start)".into(),
            ));
            if let Some(argv) = argv {
                rules.push(Rule::new(
                    MARKER,
                    &["argc"],
                    &format!("={}", argv.len()),
                    Want::Present,
                    format!("init's argc is not {}", argv.len()),
                ));
                for (i, a) in argv.iter().enumerate() {
                    rules.push(Rule::new(
                        MARKER,
                        &[&format!("argv[{i}]")],
                        &format!("={}", escape(a)),
                        Want::Present,
                        format!("init's argv[{i}] is not {a:?}"),
                    ));
                }
            }
            let field = |v: &Option<&str>| v.map_or_else(|| r"[^ \n]*".to_string(), escape);
            let opts = match s.root_opts {
                [] => r"[^ \n]*".to_string(),
                wanted => {
                    // Each wanted option anywhere in the comma list: one
                    // alternative per order.
                    let alts: Vec<String> = permutations(wanted)
                        .iter()
                        .map(|p| {
                            let inner: Vec<String> = p.iter().map(|o| escape(o)).collect();
                            format!(
                                r"(?:[^ \n]*,)?{}(?:,[^ \n]*)?",
                                inner.join(r"(?:,[^ \n]*)?,")
                            )
                        })
                        .collect();
                    format!("(?:{})", alts.join("|"))
                }
            };
            rules.push(Rule::new(
                MARKER,
                &["root"],
                &format!(
                    r" dev=[^ \n]* fstype={} mode={} opts={opts}",
                    field(fstype),
                    field(mode)
                ),
                Want::Present,
                format!(
                    "/ is not mounted as wanted (fstype {}, mode {}, options {:?})",
                    fstype.unwrap_or("any"),
                    mode.unwrap_or("any"),
                    s.root_opts
                ),
            ));
            if let Some((maj, min)) = st_dev {
                let maj = if *maj == 0 {
                    "[0-9]+".to_string()
                } else {
                    maj.to_string()
                };
                rules.push(Rule::new(
                    MARKER,
                    &["root st_dev"],
                    &format!("={maj}:{min}"),
                    Want::Present,
                    format!("/ is not device {maj}:{min}"),
                ));
            }
            for (dir, fstype) in s.mounts {
                rules.push(Rule::new(
                    &format!(r"{MARKER}mount [^ \n]+ "),
                    &[&format!("{dir} {fstype}")],
                    "",
                    Want::Present,
                    format!("init sees no {fstype} mounted on {dir}"),
                ));
            }
            if !s.caps_dropped.is_empty() {
                let dropped: u64 = s.caps_dropped.iter().map(|c| 1u64 << c).sum();
                // CAP_SYS_ADMIN (21) stays in the bounding set: only those go.
                rules.push(Rule::new(
                    MARKER,
                    &["caps"],
                    &format!(
                        " bnd={} eff={}",
                        hex_mask(dropped, 1 << 21),
                        hex_mask(dropped, 0)
                    ),
                    Want::Present,
                    format!("init's capabilities do not have {dropped:x} cleared (and only those)"),
                ));
            }
            rules.push(Rule::new(
                MARKER,
                &["end"],
                "",
                Want::Present,
                "boot-marker did not finish".into(),
            ));
            if let Some(min) = min_wait {
                let from = rules.len();
                let mut run = Rule::new(
                    "",
                    &["Run /init as init process"],
                    "",
                    Want::Present,
                    "the kernel never ran /init".into(),
                );
                // Its printk time (every printk line has one, but the
                // gap reads only this rule's line).
                run.measure = Some(r"[ \t]*\[[ \t]*".into());
                rules.push(run);
                rules[start].measure = Some(format!("{MARKER}start uptime="));
                gaps.push(Gap {
                    from,
                    to: start,
                    min: *min,
                    what: format!("init started less than {min} s after /init"),
                });
            }
        }
        Check::Shell { says } => {
            for say in says.iter() {
                let mut r = Rule::new(
                    "",
                    &[say],
                    "",
                    Want::Present,
                    format!("the shell's console lacks {say:?} (in order)"),
                );
                r.ordered = true;
                rules.push(r);
            }
        }
        Check::Fails { kinit_says } => {
            rules.push(Rule::new(
                MARKER,
                &["start"],
                REST,
                Want::Absent,
                "the root's init ran, but this boot must fail".into(),
            ));
            // Every failure ends as panic= says (the last on the command
            // line, the base's -1 first), never in an exit. First: kinit_says
            // keys must not take its line.
            let want = gave_up_line(scenarios::panic_of(&format!("panic=-1 {}", s.append)));
            rules.push(Rule::new(
                "",
                &[&want],
                REST,
                Want::Present,
                format!("kinit never said {want:?}"),
            ));
            // (an entry the gave-up line itself says is that rule's)
            for says in kinit_says.iter().filter(|a| !want.contains(**a)) {
                rules.push(kinit_rule(says));
            }
        }
    }
    // kinit's lines the scenario wants, whatever its check.
    for says in s.kinit_says.iter() {
        rules.push(kinit_rule(says));
    }
    // Any console lines it wants, each one of its '|' alternatives.
    for alts in s.console_says.iter() {
        let key: Vec<&str> = alts.split('|').collect();
        rules.push(Rule::new(
            ANY,
            &key,
            REST,
            Want::Present,
            format!("the console never says {alts:?}"),
        ));
    }
    // The modules init must see loaded, all on boot-marker's one line.
    if !s.modules.is_empty() {
        let mut r = Rule::new(
            MARKER,
            &["modules"],
            REST,
            Want::Present,
            format!("init does not see the modules {:?} loaded", s.modules),
        );
        r.also = s.modules.iter().map(|m| format!(" {m}")).collect();
        rules.push(r);
    }
    // rootwait says what it waits for while the disk is missing.
    if s.late.is_some() && s.append.contains("rootwait") {
        rules.push(Rule::new(
            KINIT,
            &["wait"],
            REST,
            Want::Present,
            "kinit never said that it was waiting for the root device".into(),
        ));
    }
    // Lockstep: a skewed kinit names both releases on one line, once, and
    // no other line names the skewed one.
    if s.kinit == KinitSel::Skewed {
        let what = format!(
            "want one kinit: line naming {} and {release}, and no other naming {}",
            scenarios::SKEWED_RELEASE,
            scenarios::SKEWED_RELEASE
        );
        let mut both = Rule::new(KINIT, &[release], REST, Want::Once, what.clone());
        both.also.push(scenarios::SKEWED_RELEASE.into());
        rules.push(both);
        rules.push(Rule::new(
            KINIT,
            &[scenarios::SKEWED_RELEASE],
            REST,
            Want::Absent,
            what,
        ));
    }
    // Without network boot, ip= is ignored with a message.
    if s.kinit == KinitSel::Local && s.append.contains("ip=") {
        rules.push(Rule::new(
            KINIT,
            &["ip= ignored"],
            REST,
            Want::Present,
            "kinit without network boot did not say that ip= is ignored".into(),
        ));
    }
    Rules { rules, gaps }
}

/// The rule for a `kinit_says` entry: alternatives "a|b", and after " && "
/// what the same line must also say ("internal error at && out of memory":
/// a line is one rule's, so two entries could not both claim it).
fn kinit_rule(says: &str) -> Rule {
    let mut parts = says.split(" && ");
    let key: Vec<&str> = parts.next().unwrap_or_default().split('|').collect();
    let mut r = Rule::new(
        KINIT,
        &key,
        REST,
        Want::Present,
        format!("no kinit: line mentions {says}"),
    );
    r.also = parts.map(String::from).collect();
    r
}

/// The start of kinit's last line when it cannot boot (kinit/src/fatal.rs).
pub const GAVE_UP: &str = "kinit: cannot boot; ";

/// What that line says for `panic`.
pub fn gave_up_line(panic: i64) -> String {
    match panic {
        0 => format!("{GAVE_UP}halted"),
        p if p > 0 => format!("{GAVE_UP}rebooting in {p} seconds (panic=)"),
        p => format!("{GAVE_UP}rebooting (panic={p})"),
    }
}

/// A 16-digit hex number with the `clear` bits clear and the `set` bits set.
fn hex_mask(clear: u64, set: u64) -> String {
    let mut s = String::new();
    for digit in (0..16).rev() {
        let (c, st) = ((clear >> (digit * 4)) & 0xf, (set >> (digit * 4)) & 0xf);
        if c == 0 && st == 0 {
            s.push_str("[0-9a-fA-F]");
            continue;
        }
        s.push('[');
        for v in 0..16u64 {
            if v & c == 0 && v & st == st {
                let ch = char::from_digit(v as u32, 16).unwrap_or('0');
                s.push(ch);
                if ch.is_ascii_alphabetic() {
                    s.push(ch.to_ascii_uppercase());
                }
            }
        }
        s.push(']');
    }
    s
}

fn permutations<'a>(items: &[&'a str]) -> Vec<Vec<&'a str>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str) -> Scenario {
        scenarios::all()
            .into_iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no scenario {name}"))
    }

    const BOOT: &str = "[    0.000000] Linux version 6.12.118 (root@vm)\r\n\
[    1.406474] Run /init as init process\r\n\
kinit: Mounted root (ext4 filesystem) readonly on device 254:0.\r\n\
boot-marker: start uptime=4.56 boottime=4.563452 pid=1\r\n\
boot-marker: argc=1\r\n\
boot-marker: argv[0]=/sbin/init\r\n\
boot-marker: root dev=/dev/vda fstype=ext4 mode=ro opts=ro,relatime\r\n\
boot-marker: root st_dev=254:0\r\n\
boot-marker: mount /dev/vda / ext4\r\n\
boot-marker: caps bnd=000001ffffffffff eff=000001ffffffffff\r\n\
boot-marker: end\r\n\
[    4.557234] reboot: Restarting system\r\n";

    fn errors(name: &str, console: &str) -> Vec<String> {
        check(&for_scenario(&scenario(name), "6.12.118"), console).unwrap()
    }

    #[test]
    fn a_good_boot_passes_and_a_wrong_one_fails() {
        assert_eq!(errors("root=/dev/vda", BOOT), Vec::<String>::new());
        assert_eq!(errors("ro", BOOT), Vec::<String>::new());
        assert_eq!(
            errors("rw", BOOT),
            ["/ is not mounted as wanted (fstype ext4, mode rw, options [])"]
        );
        assert_eq!(errors("fs xfs", BOOT).len(), 1);
        assert_eq!(errors("root=/dev/vda1", BOOT), ["/ is not device [0-9]+:1"]);
        // A console cut before the marker's end.
        let cut = &BOOT[..BOOT.find("boot-marker: end").unwrap()];
        assert_eq!(errors("root=/dev/vda", cut), ["boot-marker did not finish"]);
        let panic = format!("{BOOT}[ 5.0] Kernel panic - not syncing: x\r\n");
        assert_eq!(errors("root=/dev/vda", &panic), ["the kernel panicked"]);
    }

    #[test]
    fn rootdelay_measures_from_run_init_to_the_marker() {
        assert_eq!(errors("rootdelay", BOOT), Vec::<String>::new());
        let early = BOOT.replace("uptime=4.56", "uptime=2.56");
        assert_eq!(
            errors("rootdelay", &early),
            ["init started less than 3 s after /init (from Some(1.406474) to Some(2.56))"]
        );
    }

    #[test]
    fn options_caps_mounts_and_argv() {
        let flags = BOOT.replace("opts=ro,relatime", "opts=ro,relatime,data=journal");
        assert!(errors("rootflags", &flags).is_empty());
        assert_eq!(errors("rootflags", BOOT).len(), 1);
        let caps = BOOT.replace(
            "bnd=000001ffffffffff eff=000001ffffffffff",
            "bnd=000001fffffcffff eff=000001fffffcffff",
        );
        assert!(errors("drop_capabilities", &caps).is_empty());
        assert_eq!(errors("drop_capabilities", BOOT).len(), 1);
        let no_admin = caps.replace("bnd=000001fffffcffff", "bnd=000001ffffdcffff");
        assert_eq!(errors("drop_capabilities", &no_admin).len(), 1);
        let argv = BOOT.replace(
            "boot-marker: argc=1\r\nboot-marker: argv[0]=/sbin/init\r\n",
            "boot-marker: argc=4\r\nboot-marker: argv[0]=/sbin/other-init\r\n\
             boot-marker: argv[1]=one\r\nboot-marker: argv[2]=two=2\r\nboot-marker: argv[3]=three\r\n",
        );
        assert!(errors("init= with arguments", &argv).is_empty());
        assert_eq!(errors("init= with arguments", BOOT).len(), 5);
        let mounts = BOOT.replace(
            "boot-marker: mount /dev/vda / ext4\r\n",
            "boot-marker: mount /dev/vdb /tmp ext4\r\nboot-marker: mount tmpfs /etc tmpfs\r\n",
        );
        assert!(errors("kinit_mount", &mounts).is_empty());
        assert_eq!(errors("kinit_mount", BOOT).len(), 2);
    }

    #[test]
    fn failures_want_kinit_lines_and_no_init() {
        let c = "[ 1.5] Run /init as init process\r\nkinit: cannot find root device /dev/vdz\r\n\
kinit:   254:0 16384 vda\r\nkinit: cannot boot; rebooting (panic=-1)\r\n";
        assert!(errors("missing root device", c).is_empty());
        let no_list = c.replace("16384 vda", "16384 vdb");
        assert_eq!(
            errors("missing root device", &no_list),
            ["no kinit: line mentions 16384 vda"]
        );
        // two kinit_says lines and the line for panic=, and the init ran
        assert_eq!(errors("missing root device", BOOT).len(), 4);
        let gave_up = "kinit: cannot boot; rebooting (panic=-1)\n";
        assert_eq!(
            errors("missing root device", &c.replace(gave_up.trim_end(), "")),
            ["kinit never said \"kinit: cannot boot; rebooting (panic=-1)\""]
        );
        // Alternatives: either one counts; a line that is not kinit's does not.
        let corrupt = |c: &str| errors("corrupt superblock", &format!("{c}{gave_up}"));
        assert!(corrupt("kinit: cannot mount /dev/root\n").is_empty());
        assert_eq!(corrupt("[ 1.0] vda: unknown\n").len(), 1);
        assert!(corrupt("[    2.1] kinit: vda bad\n").is_empty());
    }

    #[test]
    fn the_shell_in_order_and_its_exit_is_no_failure() {
        let s = scenario("rdinit=/bin/sh (dash on klibc)");
        let Check::Shell { says } = s.check else {
            panic!()
        };
        let mut c: String = says.iter().map(|l| format!("{l}\r\n")).collect();
        c.push_str(
            "[ 3.0] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000000\r\n",
        );
        assert!(errors(s.name, &c).is_empty());
        let swapped = c.replace("rescue-shell: begin\r\n", "").replace(
            "rescue-shell: end\r\n",
            "rescue-shell: end\r\nrescue-shell: begin\r\n",
        );
        assert_eq!(errors(s.name, &swapped).len(), 1);
        let bad = c.replace("exitcode=0x00000000", "exitcode=0x00000100");
        assert_eq!(errors(s.name, &bad), ["the kernel panicked"]);
    }

    #[test]
    fn skew_wants_one_line_with_both_releases() {
        let line = "kinit: built for Linux 0.0.0-skewed but running 6.12.118\r\n";
        let ok = BOOT.replace("kinit: Mounted", &format!("{line}kinit: Mounted"));
        assert!(errors("version skew", &ok).is_empty());
        assert_eq!(errors("version skew", BOOT).len(), 1);
        let twice = ok.replace(line, &format!("{line}{line}"));
        assert_eq!(errors("version skew", &twice).len(), 1);
        let other = ok.replace(line, &format!("{line}kinit: 0.0.0-skewed again\r\n"));
        assert_eq!(errors("version skew", &other).len(), 1);
    }

    #[test]
    fn one_line_can_say_two_things() {
        let c = "[ 1.1] Run /init as init process\r\n\
kinit: internal error at alloc.rs:553:9: out of memory\r\n\
kinit: cannot boot; rebooting (panic=-1)\r\n";
        assert!(errors("allocation 1 fails (before /proc)", c).is_empty());
        let other = c.replace("out of memory", "capacity overflow");
        assert_eq!(
            errors("allocation 1 fails (before /proc)", &other),
            ["no kinit: line mentions internal error at && out of memory"]
        );
        // an entry the gave-up line says is the gave-up rule's
        let s = scenario("dm-verity root with a corrupted superblock stops the boot");
        let Check::Fails { kinit_says } = s.check else {
            panic!()
        };
        assert!(kinit_says.iter().any(|k| k.contains("cannot boot")));
        let r = for_scenario(&s, "6.12.118");
        let gave_up = r
            .rules
            .iter()
            .filter(|r| r.key.iter().any(|k| k.contains("cannot boot")));
        assert_eq!(gave_up.count(), 1);
    }

    #[test]
    fn an_unfinished_last_line_is_not_read() {
        let c = "kinit: cannot boot; rebooting (panic=-1)\r\n\
kinit: cannot find root device /dev/vdz\r\nkinit:   254:0 16384 vda";
        assert_eq!(
            errors("missing root device", c),
            ["no kinit: line mentions 16384 vda"]
        );
    }

    #[test]
    fn every_scenario_has_rules_that_compile() {
        for s in scenarios::all() {
            let r = for_scenario(&s, "6.12.118");
            r.matcher().unwrap_or_else(|e| panic!("{}: {e}", s.name));
        }
    }

    #[test]
    fn masks_and_escapes() {
        assert_eq!(escape("a.b[0]"), r"a\.b\[0\]");
        let m = hex_mask(1 << 16 | 1 << 17, 1 << 21);
        let re = Regex::new(&format!("^{m}$")).unwrap();
        assert!(re.is_match("000001fffffcffff"));
        assert!(!re.is_match("000001fffffeffff"));
        assert!(!re.is_match("000001ffffdcffff"));
        assert_eq!(permutations(&["a", "b"]), [["a", "b"], ["b", "a"]]);
    }
}
