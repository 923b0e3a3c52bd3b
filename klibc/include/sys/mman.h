/* klibc: memory mappings; PROT_*, MAP_*, MS_*, MCL_*, MREMAP_* are the kernel's <linux/mman.h>. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H
#include <sys/types.h>
#include <linux/mman.h>
#define MAP_FAILED ((void *)-1)
#ifndef MAP_ANON
#define MAP_ANON MAP_ANONYMOUS
#endif
void *mmap(void *, size_t, int, int, int, off_t);
int munmap(void *, size_t);
void *mremap(void *, size_t, size_t, int, ...);
int shm_open(const char *, int, mode_t);
int shm_unlink(const char *);
int msync(const void *, size_t, int);
int mprotect(const void *, size_t, int);
int madvise(void *, size_t, int);
int mlockall(int);
int munlockall(void);
int mlock(const void *, size_t);
int munlock(const void *, size_t);
#endif
