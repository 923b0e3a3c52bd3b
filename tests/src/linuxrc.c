// SPDX-License-Identifier: GPL-2.0
/*
 * The /linuxrc of the boot tests' old-style initrd (built static by the
 * harness with the host's cc; the boot kernel has no BINFMT_SCRIPT, so no
 * shell script): says it ran and what real-root-dev was, then sets the
 * real root to /dev/vda (its MAJ:MIN from sysfs, encoded as the kernel's
 * new_encode_dev).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

static int read_line(const char *path, char *buf, int len)
{
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, len, f))
		return -1;
	fclose(f);
	return 0;
}

int main(void)
{
	char was[32] = "?", dev[32] = "?";
	unsigned major = 0, minor = 0;
	FILE *f;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	read_line("/proc/sys/kernel/real-root-dev", was, sizeof(was));
	if (read_line("/sys/class/block/vda/dev", dev, sizeof(dev)) ||
	    sscanf(dev, "%u:%u", &major, &minor) != 2) {
		printf("linuxrc: no /dev/vda\n");
		return 1;
	}
	printf("linuxrc: ran, real-root-dev was %.*s, vda is %u:%u\n",
	       (int)strcspn(was, "\n"), was, major, minor);
	f = fopen("/proc/sys/kernel/real-root-dev", "w");
	if (!f)
		return 1;
	fprintf(f, "%u\n", (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12));
	fclose(f);
	umount("/sys");
	umount("/proc");
	return 0;
}
