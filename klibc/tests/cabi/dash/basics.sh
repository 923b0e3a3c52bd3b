# Pipelines, redirections, here-documents, command substitution, exit codes.
echo one two three | tr ' ' '\n' | sort -r | head -2
printf '%s\n' a b c | while read -r l; do echo "line:$l"; done
echo out >file1; echo more >>file1; cat <file1; wc -l <file1
{ echo to-stderr >&2; echo to-stdout; } 2>err1 >out1; cat out1 err1
exec 3>fd3; echo via-fd3 >&3; exec 3>&-; cat fd3
cat <<EOF
here $((1 + 2)) $(echo sub) \$literal
EOF
cat <<'EOF'
quoted $HOME $(not run)
EOF
cat <<-EOF
	tab-stripped
	EOF
x=$(echo nested $(echo inner)); echo "$x"
y=`echo backquoted`; echo "$y"
true; echo "true=$?"; false; echo "false=$?"
(exit 7); echo "subshell=$?"
! true; echo "not=$?"
nosuchcommand_xyz 2>/dev/null; echo "missing=$?"
sh_status() { return "$1"; }; sh_status 42; echo "func=$?"
echo a && echo b || echo c; false && echo d || echo e
cat nonexistent_file 2>/dev/null || echo "cat failed"
: >empty; [ -s empty ] || echo empty-file
echo done | cat - file1
long=$(i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i + 1)); done | wc -l); echo "long=$long"
