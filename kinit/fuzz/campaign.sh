#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The fuzzing campaign (a benchmark, not a test): every fuzz target of
# kinit/fuzz and gen_init_cpio/fuzz for MILLIONS million executions
# (default 10), one target after another from its seed corpus, through
# scripts/fuzz; prints executions and crashes per target and the totals.
# FUZZ_SANITIZER=none trades AddressSanitizer for speed (kinit has no
# unsafe code; klibc's parsers the targets reach have little).
#
#     kinit/fuzz/campaign.sh [MILLIONS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
millions=${1:-10}
[[ $millions =~ ^[0-9]+$ ]] || { echo "usage: $0 [MILLIONS] [TARGET...]" >&2; exit 2; }
shift $(($# > 0 ? 1 : 0))
sanitizer=${FUZZ_SANITIZER:-address}
# its own builds and scratch corpora, beside scripts/test's bounded run
export FUZZ_WORK=${FUZZ_WORK:-$PWD/target/fuzz-campaign}
# one target at a time: a campaign shares the machine
export FUZZ_JOBS=${FUZZ_JOBS:-1}
echo "fuzzing campaign: $millions million executions per target, sanitizer $sanitizer, $(nproc) CPUs, $(date -u +%FT%TZ)"
status=0
scripts/fuzz -n "$((millions * 1000000))" -s "$sanitizer" "$@" |
	awk '{ print; fflush() }
	     $1 == "target" { table = 1; next }
	     table && NF == 4 { n++; runs += $2; crashes += $3; secs += $4 }
	     END { printf "total: %d targets, %d executions, %d crashes, %d s\n", n, runs, crashes, secs }' ||
	status=$?
exit "$status"
