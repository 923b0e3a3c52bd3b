# Arithmetic, parameter expansion, case, loops, printf, test.
i=0; s=0
while [ $i -lt 100 ]; do s=$((s + i * i % 7)); i=$((i + 1)); done
echo "sum=$s"
echo $((7 / 2)) $((7 % 3)) $((-7 / 2)) $((2 << 10)) $((0x1f)) $((010)) $((5 > 3 && 2 < 1))
echo $(( (1 + 2) * 3 - 4 / 2 )) $((~5)) $((5 ^ 3)) $((5 | 2)) $((a = 4, a * 2))
n=9223372036854775807; echo $((n)) $((n + 1 - 1))
v=hello.world.txt
echo ${#v} ${v%.*} ${v%%.*} ${v#*.} ${v##*.} ${unset_var:-default} ${v:+alt}
: ${assigned:=set-now}; echo $assigned
case $v in *.txt) echo text;; *) echo other;; esac
case abc in a?c) echo glob-q;; esac
for w in a b c; do printf '[%s]' "$w"; done; echo
printf '%d %5.2s|%-4d|%x|%o|%c|%%\n' 42 abc 7 255 8 xyz
printf '%s-%s\n' 1 2 3 4 5
printf '%05d %+d %i %u\n' 42 3 -9 17
printf '%b|%q\n' 'a\tb' 2>/dev/null; echo
[ abc = abc ] && echo eq; [ 3 -gt 2 ] && echo gt; [ -z "" ] && echo zero
test -n x -a 1 -eq 1 && echo and
set -- x y z; echo "$#" "$@" "$2"; shift; echo "$*"
IFS=:; set -- $(echo a:b:c); echo "$2"; IFS=' '
str="a b  c"; set -- $str; echo $#
echo "${v}" | sed 's/world/there/'
echo $((1 / 0)) 2>&1
