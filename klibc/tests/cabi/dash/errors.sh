# Error messages and statuses that come from the C library (strerror, exec).
cat </nonexistent/file
echo "status=$?"
./nonexistent_program
echo "status=$?"
touch noexec; chmod 644 noexec; ./noexec
echo "status=$?"
printf 'echo script without shebang; exit 4\n' >plain; chmod 755 plain; ./plain
echo "status=$?"
cd /nonexistent/dir
echo "status=$?"
echo x >/proc/version/impossible
echo "status=$?"
mkdir dir; ./dir
echo "status=$?"
set -e
false || echo "set -e tolerates ||"
( false ); echo "not reached"
