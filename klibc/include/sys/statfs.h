/* klibc: statfs (the same as <sys/vfs.h>). */
#include <sys/vfs.h>
