/*
 * klibc: zlib's configuration header: the types and limits zlib.h is
 * written in. The implementation behind them is zlib-rs (the libz-rs-sys
 * crate, linked into libc.a), which keeps zlib's C ABI.
 */
#ifndef ZCONF_H
#define ZCONF_H
#include <stddef.h>
#include <sys/types.h>
#define STDC
#define STDC99
#define MAX_MEM_LEVEL 9
#define MAX_WBITS 15
#define OF(args) args
#define Z_ARG(args) args
#define ZEXTERN extern
#define ZEXPORT
#define ZEXPORTVA
#define FAR
#ifdef ZLIB_CONST
#define z_const const
#else
#define z_const
#endif
#define z_off_t long
#define z_off64_t long long
typedef unsigned char Byte;
typedef unsigned int uInt;
typedef unsigned long uLong;
typedef Byte FAR Bytef;
typedef char FAR charf;
typedef int FAR intf;
typedef uInt FAR uIntf;
typedef uLong FAR uLongf;
typedef void const *voidpc;
typedef void FAR *voidpf;
typedef void *voidp;
typedef size_t z_size_t;
typedef unsigned int z_crc_t;
#endif
