/* io/source.c - plain, gzip and zstd input streams (see source.h). */
#include "io/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Compressed input is read in blocks of this size; decoded output goes
 * straight into the caller's buffer. */
#define IO_IN_CAP (256u * 1024u)

int io_errorf(wn_buf *err, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	wn_buf_reset(err);
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return wn_buf_append(err, "error", 5);
	if ((size_t)n < sizeof(small))
		return wn_buf_append(err, small, (size_t)n);
	/* Long paths: format again into a buffer of the right size. */
	int rc = wn_buf_grow(err, (size_t)n);
	if (rc < 0) {
		wn_buf_append(err, small, sizeof(small) - 1);
		return rc;
	}
	va_start(ap, fmt);
	vsnprintf(err->ptr, (size_t)n + 1, fmt, ap);
	va_end(ap);
	err->len = (size_t)n;
	return 0;
}

void io_source_init(io_source *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

void io_source_release(io_source *s)
{
	io_source_close(s);
	free(s->in);
	if (s->z_ready)
		inflateEnd(&s->z);
	ZSTD_freeDCtx(s->zstd);
	io_source_init(s);
}

void io_source_close(io_source *s)
{
	if (s->fd >= 0 && s->own_fd)
		close(s->fd);
	s->fd = -1;
	s->own_fd = 0;
}

/* read() that retries on EINTR. */
static ssize_t read_retry(int fd, void *dst, size_t cap)
{
	for (;;) {
		ssize_t n = read(fd, dst, cap);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

static int read_failed(io_source *s, wn_buf *err)
{
	io_errorf(err, "cannot read '%s': %s", s->name, strerror(errno));
	return WN_EIO;
}

/* Refills the raw input block once it is used up. */
static int fill_input(io_source *s, wn_buf *err)
{
	if (s->in_pos < s->in_len || s->in_eof)
		return 0;
	s->in_offset += s->in_len;
	s->in_pos = s->in_len = 0;
	ssize_t n = read_retry(s->fd, s->in, s->in_cap);
	if (n < 0)
		return read_failed(s, err);
	if (n == 0)
		s->in_eof = 1;
	s->in_len = (size_t)n;
	return 0;
}

int io_source_open(io_source *s, const char *path, const char *name, wn_buf *err)
{
	io_source_close(s);
	s->name = name;
	s->codec = IO_PLAIN;
	s->in_pos = s->in_len = 0;
	s->in_eof = 0;
	s->in_offset = 0;
	s->mid_stream = 0;
	if (!s->in) {
		s->in = malloc(IO_IN_CAP);
		if (!s->in)
			return WN_ENOMEM;
		s->in_cap = IO_IN_CAP;
	}

	if (strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
		s->own_fd = 0;
	} else {
		int fd;
		do
			fd = open(path, O_RDONLY | O_CLOEXEC);
		while (fd < 0 && errno == EINTR);
		if (fd < 0) {
			io_errorf(err, "cannot open '%s': %s", name, strerror(errno));
			return WN_EIO;
		}
		s->fd = fd;
		s->own_fd = 1;
	}

	/* Pipes may deliver the magic bytes in pieces: read until 4 or EOF. */
	while (s->in_len < 4 && !s->in_eof) {
		ssize_t n = read_retry(s->fd, s->in + s->in_len, s->in_cap - s->in_len);
		if (n < 0)
			return read_failed(s, err);
		if (n == 0)
			s->in_eof = 1;
		s->in_len += (size_t)n;
	}

	const unsigned char *m = s->in;
	if (s->in_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
		s->codec = IO_GZIP;
		if (!s->z_ready) {
			memset(&s->z, 0, sizeof(s->z));
			/* 15 + 32: a 32 KiB window, gzip or zlib header detected. */
			int zrc = inflateInit2(&s->z, 15 + 32);
			if (zrc != Z_OK)
				return WN_ENOMEM;
			s->z_ready = 1;
		}
	} else if (s->in_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f &&
		   m[3] == 0xfd) {
		s->codec = IO_ZSTD;
		if (!s->zstd) {
			s->zstd = ZSTD_createDCtx();
			if (!s->zstd)
				return WN_ENOMEM;
		} else {
			ZSTD_DCtx_reset(s->zstd, ZSTD_reset_session_only);
		}
	}
	return 0;
}

static int read_plain(io_source *s, void *dst, size_t cap, size_t *got, wn_buf *err)
{
	/* First what detection read, then straight into the caller's buffer. */
	if (s->in_pos < s->in_len) {
		size_t n = s->in_len - s->in_pos;
		if (n > cap)
			n = cap;
		memcpy(dst, s->in + s->in_pos, n);
		s->in_pos += n;
		*got = n;
		return 0;
	}
	if (s->in_eof) {
		*got = 0;
		return 0;
	}
	ssize_t n = read_retry(s->fd, dst, cap);
	if (n < 0)
		return read_failed(s, err);
	if (n == 0)
		s->in_eof = 1;
	*got = (size_t)n;
	return 0;
}

static uint64_t raw_offset(const io_source *s)
{
	return s->in_offset + s->in_pos;
}

static int read_gzip(io_source *s, void *dst, size_t cap, size_t *got, wn_buf *err)
{
	for (;;) {
		WN_TRY(fill_input(s, err));
		if (s->in_pos == s->in_len && s->in_eof && !s->mid_stream) {
			*got = 0;
			return 0;
		}
		if (!s->mid_stream) {
			/* Each member is a complete gzip stream of its own. */
			inflateReset(&s->z);
			s->mid_stream = 1;
		}
		size_t avail_in = s->in_len - s->in_pos;
		s->z.next_in = s->in + s->in_pos;
		s->z.avail_in = (uInt)avail_in;
		s->z.next_out = dst;
		s->z.avail_out = cap > UINT32_MAX ? UINT32_MAX : (uInt)cap;
		uInt out_before = s->z.avail_out;
		int zrc = inflate(&s->z, Z_NO_FLUSH);
		size_t consumed = avail_in - s->z.avail_in;
		size_t produced = out_before - s->z.avail_out;
		s->in_pos += consumed;

		if (zrc == Z_STREAM_END) {
			/* Every member has a header, so ending one without consuming
			 * or producing a byte means zlib's state is broken: never loop. */
			if (consumed == 0 && produced == 0) {
				io_errorf(err, "%s: corrupt gzip data at compressed byte %llu",
					  s->name, (unsigned long long)raw_offset(s));
				return WN_ECORRUPT;
			}
			s->mid_stream = 0;
		} else if (zrc == Z_MEM_ERROR) {
			return WN_ENOMEM;
		} else if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			io_errorf(err, "%s: corrupt gzip data at compressed byte %llu: %s",
				  s->name, (unsigned long long)raw_offset(s),
				  s->z.msg ? s->z.msg : "inflate failed");
			return WN_ECORRUPT;
		}
		if (produced) {
			*got = produced;
			return 0;
		}
		if (consumed == 0 && zrc != Z_STREAM_END) {
			if (s->in_pos == s->in_len && s->in_eof) {
				io_errorf(err, "%s: truncated gzip stream: it ends inside a "
					  "member at compressed byte %llu",
					  s->name, (unsigned long long)raw_offset(s));
				return WN_ECORRUPT;
			}
			if (s->in_pos < s->in_len) {
				/* No progress with input and output room: zlib is stuck. */
				io_errorf(err, "%s: corrupt gzip data at compressed byte %llu",
					  s->name, (unsigned long long)raw_offset(s));
				return WN_ECORRUPT;
			}
		}
	}
}

static int read_zstd(io_source *s, void *dst, size_t cap, size_t *got, wn_buf *err)
{
	for (;;) {
		WN_TRY(fill_input(s, err));
		if (s->in_pos == s->in_len && s->in_eof && !s->mid_stream) {
			*got = 0;
			return 0;
		}
		ZSTD_inBuffer ib = { s->in, s->in_len, s->in_pos };
		ZSTD_outBuffer ob = { dst, cap, 0 };
		size_t before = ib.pos;
		size_t zrc = ZSTD_decompressStream(s->zstd, &ob, &ib);
		s->in_pos = ib.pos;
		if (ZSTD_isError(zrc)) {
			if (ZSTD_getErrorCode(zrc) == ZSTD_error_memory_allocation)
				return WN_ENOMEM;
			io_errorf(err, "%s: corrupt zstd data at compressed byte %llu: %s",
				  s->name, (unsigned long long)raw_offset(s),
				  ZSTD_getErrorName(zrc));
			return WN_ECORRUPT;
		}
		/* 0: a frame is complete and flushed; another may follow. */
		s->mid_stream = zrc != 0;
		if (ob.pos) {
			*got = ob.pos;
			return 0;
		}
		if (ib.pos == before && s->in_pos == s->in_len && s->in_eof && s->mid_stream) {
			io_errorf(err, "%s: truncated zstd stream: it ends inside a frame "
				  "at compressed byte %llu",
				  s->name, (unsigned long long)raw_offset(s));
			return WN_ECORRUPT;
		}
		if (ib.pos == before && s->in_pos < s->in_len) {
			/* No progress with input and output room: never loop. */
			io_errorf(err, "%s: corrupt zstd data at compressed byte %llu",
				  s->name, (unsigned long long)raw_offset(s));
			return WN_ECORRUPT;
		}
	}
}

int io_source_read(io_source *s, void *dst, size_t cap, size_t *got, wn_buf *err)
{
	*got = 0;
	if (s->fd < 0 || cap == 0)
		return 0;
	switch (s->codec) {
	case IO_GZIP: return read_gzip(s, dst, cap, got, err);
	case IO_ZSTD: return read_zstd(s, dst, cap, got, err);
	default: return read_plain(s, dst, cap, got, err);
	}
}
