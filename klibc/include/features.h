/*
 * klibc: feature-test macros have no effect here; the header exists because
 * programs include it. Every header includes it, and through it klibc's
 * <klibc/compiler.h> and <klibc/extern.h>, as klibc's own headers do.
 */
#ifndef _FEATURES_H
#define _FEATURES_H
#define __KLIBC_RS__ 1
#include <klibc/extern.h>
#include <klibc/compiler.h>
#endif
