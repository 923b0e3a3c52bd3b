/* klibc: traditional BSD limits and helpers. */
#ifndef _SYS_PARAM_H
#define _SYS_PARAM_H
#include <limits.h>
#include <linux/param.h>
#define MAXPATHLEN PATH_MAX
#define MAXSYMLINKS 40
#define NOFILE 256
#define NGROUPS NGROUPS_MAX
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#define MAX(a, b) (((a) > (b)) ? (a) : (b))
#define howmany(x, y) (((x) + ((y) - 1)) / (y))
#define roundup(x, y) ((((x) + ((y) - 1)) / (y)) * (y))
#endif
