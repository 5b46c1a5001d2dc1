/* io/source.h - one input stream of decompressed bytes: a plain file, gzip
 * (zlib; every member of a multi-member file, RFC 1952) or zstd (RFC 8878),
 * recognised by magic bytes (1f 8b; 28 b5 2f fd), never by name. Bytes come
 * out in caller-sized chunks, so memory stays bounded whatever the file size.
 * Internal to libwinnow. */
#ifndef WN_IO_SOURCE_H
#define WN_IO_SOURCE_H

#include <stdint.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "util/util.h"

typedef enum io_codec { IO_PLAIN = 0, IO_GZIP, IO_ZSTD } io_codec;

/* A source keeps its buffers and decoder contexts across files: _init
 * allocates nothing, _open/_close run per file, _release frees everything. */
typedef struct io_source {
	int fd;                 /* -1 when closed */
	int own_fd;             /* 0 for standard input, which is never closed */
	const char *name;       /* for messages: the path as given, or "<stdin>" */
	io_codec codec;
	unsigned char *in;      /* raw (compressed) input */
	size_t in_cap, in_pos, in_len;
	int in_eof;
	uint64_t in_offset;     /* raw bytes consumed before in[0] */
	z_stream z;
	int z_ready;            /* inflateInit2 done */
	ZSTD_DCtx *zstd;
	int mid_stream;         /* inside a gzip member or a zstd frame */
} io_source;

void io_source_init(io_source *s);
void io_source_release(io_source *s);

/* Opens PATH ("-": standard input) and detects its codec. NAME is used in
 * messages and must outlive the open source. Returns 0, or WN_EIO / WN_ENOMEM
 * with a message in ERR ("cannot open 'x': No such file or directory"). */
int io_source_open(io_source *s, const char *path, const char *name, wn_buf *err);

/* Reads up to CAP decompressed bytes into DST; *GOT == 0 means the end of
 * the stream. Returns 0, or WN_EIO (read error), WN_ECORRUPT (corrupt or
 * truncated stream, the message gives the compressed byte offset) or
 * WN_ENOMEM, with a message in ERR that starts with the source's name. */
int io_source_read(io_source *s, void *dst, size_t cap, size_t *got, wn_buf *err);

/* Closes the file (not standard input). Safe to call twice. */
void io_source_close(io_source *s);

/* Replaces ERR's contents by a printf-style message. Returns 0 or WN_ENOMEM
 * (ERR then holds whatever fitted). */
int io_errorf(wn_buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
