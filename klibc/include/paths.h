/* klibc: well-known paths. */
#ifndef _PATHS_H
#define _PATHS_H
#define _PATH_BSHELL "/bin/sh"
#define _PATH_DEVNULL "/dev/null"
#define _PATH_TTY "/dev/tty"
#define _PATH_CONSOLE "/dev/console"
#define _PATH_DEFPATH "/usr/local/bin:/usr/bin:/bin"
#define _PATH_STDPATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define _PATH_TMP "/tmp/"
#define _PATH_MNTTAB "/etc/fstab"
#define _PATH_MOUNTED "/etc/mtab"
#endif
