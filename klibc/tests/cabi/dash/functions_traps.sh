# Functions, local scope, traps, signals, subshells, eval, getopts.
f() { local x=inner; echo "in f: $x $1"; g "$@"; }
g() { echo "in g: $#"; }
x=outer; f arg1 arg2; echo "after: $x"
recurse() { [ "$1" -le 0 ] && { echo bottom; return; }; recurse $(($1 - 1)); }
recurse 50
trap 'echo got USR1' USR1
kill -USR1 $$
trap 'echo trapped TERM' TERM
kill -TERM $$
trap - USR1
trap
(trap 'echo sub exit' EXIT; echo in subshell)
sh -c 'kill -9 $$'; echo "killed child: $?"
sh -c 'kill -TERM $$'; echo "child status $?"
eval 'ev=evaluated; echo $ev'
OPTIND=1
while getopts "ab:c" opt -a -b val -c rest; do echo "opt=$opt arg=${OPTARG:-}"; done
cnt=0; for i in 1 2 3 4 5; do [ $i = 3 ] && continue; [ $i = 5 ] && break; cnt=$((cnt + i)); done; echo cnt=$cnt
kill -l 15; kill -l 2
trap 'echo exit trap $?' EXIT
exit 3
