/* klibc: lseek's whence values (shared by <unistd.h> and <stdio.h>). */
#ifndef _KLIBC_SEEK_H
#define _KLIBC_SEEK_H
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#endif /* _KLIBC_SEEK_H */
