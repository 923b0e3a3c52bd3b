/* klibc: feature-test macros have no effect here; the header exists because programs include it. */
#ifndef _FEATURES_H
#define _FEATURES_H
#define __KLIBC_RS__ 1
#endif
