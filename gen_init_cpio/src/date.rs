//! `-d <date>` and `KBUILD_BUILD_TIMESTAMP`: a date as gen_initramfs.sh reads it.
//!
//! The script turns the date into seconds with GNU `date -d`, whose grammar
//! (free-form, local time zone) is only reproduced exactly by `date` itself.
//! So `@SECONDS` is read here and anything else is handed to `date -d DATE
//! +%s`, run directly (no shell). Unlike the script, a date that `date`
//! cannot read is an error instead of being silently dropped.

use crate::error::{Error, Result};
use std::process::{Command, Stdio};

/// Seconds since the epoch for `date`.
pub fn parse_date(date: &str) -> Result<i64> {
    let bad = |why: &str| Error::new(format!("invalid date '{date}': {why}"));
    let trimmed = date.trim();
    if let Some(secs) = trimmed.strip_prefix('@') {
        return secs
            .trim()
            .parse::<i64>()
            .map_err(|_| bad("'@' must be followed by whole seconds"));
    }
    let out = Command::new("date")
        .arg("-d")
        .arg(date)
        .arg("+%s")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| Error::io("cannot run 'date'", &e))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(bad(if msg.is_empty() {
            "date(1) refused it"
        } else {
            &msg
        }));
    }
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse::<i64>()
        .map_err(|_| bad("date(1) printed no number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_date() {
        assert_eq!(parse_date("@0"), Ok(0));
        assert_eq!(parse_date(" @1700000000 "), Ok(1_700_000_000));
        assert!(parse_date("@x").is_err());
        assert_eq!(parse_date("1970-01-02 00:00:00 UTC"), Ok(86400));
        assert_eq!(parse_date("Thu Jan  1 00:00:10 UTC 1970"), Ok(10));
        assert!(parse_date("not a date at all").is_err());
    }
}
