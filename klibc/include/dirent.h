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

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

#include <sys/types.h>
struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};
typedef struct _klibc_dir DIR;
DIR *opendir(const char *);
DIR *fdopendir(int);
struct dirent *readdir(DIR *);
int closedir(DIR *);
void rewinddir(DIR *);
int dirfd(DIR *);
#define _DIRENT_HAVE_D_TYPE 1

#endif /* _DIRENT_H */
