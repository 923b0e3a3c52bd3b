/* klibc: the allocator's functions on their own, and zalloc (zeroed malloc). */
#ifndef _MALLOC_H
#define _MALLOC_H
#include <features.h>
#include <stddef.h>
void free(void *);
__mallocfunc void *malloc(size_t);
__mallocfunc void *zalloc(size_t);
__mallocfunc void *calloc(size_t, size_t);
void *realloc(void *, size_t);
#endif
