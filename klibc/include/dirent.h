/*
 * klibc: directory streams. struct linux_dirent64 and DT_* are what
 * getdents64 returns; bindgen reads them from here for klibc's UAPI bindings,
 * so keep them.
 */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <linux/types.h>

struct linux_dirent64 {
	__u64 d_ino;
	__s64 d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#include <sys/dirent.h>
typedef struct _klibc_dir DIR;
DIR *opendir(const char *);
DIR *fdopendir(int);
struct dirent *readdir(DIR *);
int closedir(DIR *);
void rewinddir(DIR *);
int dirfd(DIR *);
int scandir(const char *, struct dirent ***, int (*)(const struct dirent *),
	    int (*)(const struct dirent **, const struct dirent **));
int alphasort(const struct dirent **, const struct dirent **);

#endif /* _DIRENT_H */
