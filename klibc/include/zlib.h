/*
 * klibc: the zlib compression library's API (zlib 1.3), as klibc bundles
 * zlib. The functions are zlib-rs's (the libz-rs-sys crate in libc.a),
 * except gzprintf, which is ours on this library's printf.
 */
#ifndef ZLIB_H
#define ZLIB_H
#include <zconf.h>
#include <stdarg.h>

#define ZLIB_VERSION "1.3.0-zlib-rs-0.6.8"
#define ZLIB_VERNUM 0x1300
#define ZLIB_VER_MAJOR 1
#define ZLIB_VER_MINOR 3
#define ZLIB_VER_REVISION 0
#define ZLIB_VER_SUBREVISION 0

typedef voidpf (*alloc_func)(voidpf opaque, uInt items, uInt size);
typedef void (*free_func)(voidpf opaque, voidpf address);
struct internal_state;

typedef struct z_stream_s {
	z_const Bytef *next_in;
	uInt avail_in;
	uLong total_in;
	Bytef *next_out;
	uInt avail_out;
	uLong total_out;
	z_const char *msg;
	struct internal_state FAR *state;
	alloc_func zalloc;
	free_func zfree;
	voidpf opaque;
	int data_type;
	uLong adler;
	uLong reserved;
} z_stream;
typedef z_stream FAR *z_streamp;

typedef struct gz_header_s {
	int text;
	uLong time;
	int xflags;
	int os;
	Bytef *extra;
	uInt extra_len;
	uInt extra_max;
	Bytef *name;
	uInt name_max;
	Bytef *comment;
	uInt comm_max;
	int hcrc;
	int done;
} gz_header;
typedef gz_header FAR *gz_headerp;

#define Z_NO_FLUSH 0
#define Z_PARTIAL_FLUSH 1
#define Z_SYNC_FLUSH 2
#define Z_FULL_FLUSH 3
#define Z_FINISH 4
#define Z_BLOCK 5
#define Z_TREES 6
#define Z_OK 0
#define Z_STREAM_END 1
#define Z_NEED_DICT 2
#define Z_ERRNO (-1)
#define Z_STREAM_ERROR (-2)
#define Z_DATA_ERROR (-3)
#define Z_MEM_ERROR (-4)
#define Z_BUF_ERROR (-5)
#define Z_VERSION_ERROR (-6)
#define Z_NO_COMPRESSION 0
#define Z_BEST_SPEED 1
#define Z_BEST_COMPRESSION 9
#define Z_DEFAULT_COMPRESSION (-1)
#define Z_FILTERED 1
#define Z_HUFFMAN_ONLY 2
#define Z_RLE 3
#define Z_FIXED 4
#define Z_DEFAULT_STRATEGY 0
#define Z_BINARY 0
#define Z_TEXT 1
#define Z_ASCII Z_TEXT
#define Z_UNKNOWN 2
#define Z_DEFLATED 8
#define Z_NULL 0
#define zlib_version zlibVersion()

ZEXTERN const char *zlibVersion(void);
ZEXTERN int deflate(z_streamp strm, int flush);
ZEXTERN int deflateEnd(z_streamp strm);
ZEXTERN int inflate(z_streamp strm, int flush);
ZEXTERN int inflateEnd(z_streamp strm);
ZEXTERN int deflateSetDictionary(z_streamp strm, const Bytef *dictionary, uInt dictLength);
ZEXTERN int deflateGetDictionary(z_streamp strm, Bytef *dictionary, uInt *dictLength);
ZEXTERN int deflateCopy(z_streamp dest, z_streamp source);
ZEXTERN int deflateReset(z_streamp strm);
ZEXTERN int deflateParams(z_streamp strm, int level, int strategy);
ZEXTERN int deflateTune(z_streamp strm, int good_length, int max_lazy, int nice_length, int max_chain);
ZEXTERN uLong deflateBound(z_streamp strm, uLong sourceLen);
ZEXTERN int deflatePending(z_streamp strm, unsigned *pending, int *bits);
ZEXTERN int deflatePrime(z_streamp strm, int bits, int value);
ZEXTERN int deflateSetHeader(z_streamp strm, gz_headerp head);
ZEXTERN int inflateSetDictionary(z_streamp strm, const Bytef *dictionary, uInt dictLength);
ZEXTERN int inflateGetDictionary(z_streamp strm, Bytef *dictionary, uInt *dictLength);
ZEXTERN int inflateSync(z_streamp strm);
ZEXTERN int inflateCopy(z_streamp dest, z_streamp source);
ZEXTERN int inflateReset(z_streamp strm);
ZEXTERN int inflateReset2(z_streamp strm, int windowBits);
ZEXTERN int inflatePrime(z_streamp strm, int bits, int value);
ZEXTERN long inflateMark(z_streamp strm);
ZEXTERN int inflateGetHeader(z_streamp strm, gz_headerp head);
typedef unsigned (*in_func)(void FAR *, z_const unsigned char FAR * FAR *);
typedef int (*out_func)(void FAR *, unsigned char FAR *, unsigned);
ZEXTERN int inflateBack(z_streamp strm, in_func in, void FAR *in_desc, out_func out, void FAR *out_desc);
ZEXTERN int inflateBackEnd(z_streamp strm);
ZEXTERN uLong zlibCompileFlags(void);
ZEXTERN int inflateSyncPoint(z_streamp strm);
ZEXTERN int inflateUndermine(z_streamp strm, int subvert);
ZEXTERN int inflateValidate(z_streamp strm, int check);
ZEXTERN unsigned long inflateCodesUsed(z_streamp strm);
ZEXTERN int inflateResetKeep(z_streamp strm);
ZEXTERN int deflateResetKeep(z_streamp strm);

ZEXTERN int compress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen);
ZEXTERN int compress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen, int level);
ZEXTERN uLong compressBound(uLong sourceLen);
ZEXTERN int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen);
ZEXTERN int uncompress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong *sourceLen);

typedef struct gzFile_s *gzFile;
ZEXTERN gzFile gzopen(const char *path, const char *mode);
ZEXTERN gzFile gzdopen(int fd, const char *mode);
ZEXTERN int gzbuffer(gzFile file, unsigned size);
ZEXTERN int gzsetparams(gzFile file, int level, int strategy);
ZEXTERN int gzread(gzFile file, voidp buf, unsigned len);
ZEXTERN z_size_t gzfread(voidp buf, z_size_t size, z_size_t nitems, gzFile file);
ZEXTERN int gzwrite(gzFile file, voidpc buf, unsigned len);
ZEXTERN z_size_t gzfwrite(voidpc buf, z_size_t size, z_size_t nitems, gzFile file);
ZEXTERN int ZEXPORTVA gzprintf(gzFile file, const char *format, ...) __attribute__((format(printf, 2, 3)));
ZEXTERN int ZEXPORTVA gzvprintf(gzFile file, const char *format, va_list va);
ZEXTERN int gzputs(gzFile file, const char *s);
ZEXTERN char *gzgets(gzFile file, char *buf, int len);
ZEXTERN int gzputc(gzFile file, int c);
ZEXTERN int gzgetc(gzFile file);
ZEXTERN int gzungetc(int c, gzFile file);
ZEXTERN int gzflush(gzFile file, int flush);
ZEXTERN z_off_t gzseek(gzFile file, z_off_t offset, int whence);
ZEXTERN int gzrewind(gzFile file);
ZEXTERN z_off_t gztell(gzFile file);
ZEXTERN z_off_t gzoffset(gzFile file);
ZEXTERN int gzeof(gzFile file);
ZEXTERN int gzdirect(gzFile file);
ZEXTERN int gzclose(gzFile file);
ZEXTERN int gzclose_r(gzFile file);
ZEXTERN int gzclose_w(gzFile file);
ZEXTERN const char *gzerror(gzFile file, int *errnum);
ZEXTERN void gzclearerr(gzFile file);

ZEXTERN uLong adler32(uLong adler, const Bytef *buf, uInt len);
ZEXTERN uLong adler32_z(uLong adler, const Bytef *buf, z_size_t len);
ZEXTERN uLong adler32_combine(uLong adler1, uLong adler2, z_off_t len2);
ZEXTERN uLong crc32(uLong crc, const Bytef *buf, uInt len);
ZEXTERN uLong crc32_z(uLong crc, const Bytef *buf, z_size_t len);
ZEXTERN uLong crc32_combine(uLong crc1, uLong crc2, z_off_t len2);
ZEXTERN uLong crc32_combine_gen(z_off_t len2);
ZEXTERN uLong crc32_combine_op(uLong crc1, uLong crc2, uLong op);

ZEXTERN int deflateInit_(z_streamp strm, int level, const char *version, int stream_size);
ZEXTERN int inflateInit_(z_streamp strm, const char *version, int stream_size);
ZEXTERN int deflateInit2_(z_streamp strm, int level, int method, int windowBits, int memLevel,
			  int strategy, const char *version, int stream_size);
ZEXTERN int inflateInit2_(z_streamp strm, int windowBits, const char *version, int stream_size);
ZEXTERN int inflateBackInit_(z_streamp strm, int windowBits, unsigned char FAR *window,
			     const char *version, int stream_size);
#define deflateInit(strm, level) deflateInit_((strm), (level), ZLIB_VERSION, (int)sizeof(z_stream))
#define inflateInit(strm) inflateInit_((strm), ZLIB_VERSION, (int)sizeof(z_stream))
#define deflateInit2(strm, level, method, windowBits, memLevel, strategy) \
	deflateInit2_((strm), (level), (method), (windowBits), (memLevel), (strategy), \
		      ZLIB_VERSION, (int)sizeof(z_stream))
#define inflateInit2(strm, windowBits) inflateInit2_((strm), (windowBits), ZLIB_VERSION, (int)sizeof(z_stream))
#define inflateBackInit(strm, windowBits, window) \
	inflateBackInit_((strm), (windowBits), (window), ZLIB_VERSION, (int)sizeof(z_stream))

ZEXTERN const char *zError(int);
ZEXTERN const z_crc_t FAR *get_crc_table(void);
#endif
