# Globbing, read, exec, cd/pwd, umask, background jobs and wait.
mkdir -p d/sub; touch d/a.c d/b.c d/c.h d/.hidden d/sub/x.c
echo d/*.c; echo d/?.h; echo d/[ab].c; echo d/*.none; echo d/*
cd d; echo *; cd ..; echo "$(cd d/sub && pwd | sed 's|.*/||')"
set -f; echo d/*.c; set +f
printf 'first line\nsecond  line  words\nthird\n' >lines
while IFS= read -r line; do echo "<$line>"; done <lines
read a b c <lines; echo "a=$a b=$b c=$c"
{ read l1; read l2; } <lines; echo "$l2"
echo "x y" | { read p q; echo "$q-$p"; }
read -r last <<EOF
back\slash kept
EOF
echo "$last"
umask 027; umask; touch perm; ls -l perm | cut -c1-10; umask 022
sleep 0 & wait $!; echo "bg status $?"
( exit 5 ) & wait $!; echo "bg exit $?"
for i in 1 2 3; do (echo job $i) >job$i & done; wait; cat job1 job2 job3
exec 4<lines; read -r fromfd <&4; echo "fd4: $fromfd"; exec 4<&-
type echo cd 2>&1
command -v true
ulimit -n 256; ulimit -n
(exec echo exec-replaced); echo after-exec
exec sh -c 'echo from exec sh; exit 9'
echo never printed
