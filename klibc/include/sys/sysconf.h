/*
 * klibc: sysconf and its _SC_* names (<unistd.h> includes this, as klibc's
 * does; klibc's own programs include it directly). The numbering is this
 * library's; the values come from the kernel where it has them (see
 * klibc/src/cabi/c/unistd.rs).
 */
#ifndef _SYS_SYSCONF_H
#define _SYS_SYSCONF_H
#include <features.h>
enum {
	_SC_ARG_MAX, _SC_CHILD_MAX, _SC_CLK_TCK, _SC_NGROUPS_MAX, _SC_OPEN_MAX,
	_SC_PAGESIZE, _SC_NPROCESSORS_CONF, _SC_NPROCESSORS_ONLN, _SC_LINE_MAX,
	_SC_JOB_CONTROL, _SC_SAVED_IDS, _SC_VERSION, _SC_PHYS_PAGES,
};
#define _SC_ARG_MAX _SC_ARG_MAX
#define _SC_CLK_TCK _SC_CLK_TCK
#define _SC_OPEN_MAX _SC_OPEN_MAX
#define _SC_PAGESIZE _SC_PAGESIZE
#define _SC_PAGE_SIZE _SC_PAGESIZE
long sysconf(int);
#endif
