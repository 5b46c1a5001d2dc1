/* io/output.c - wn_output: buffered output made atomic by a temporary file in
 * the target's directory, fsync and rename(2) (the pattern of git's lockfile
 * and of editors), plus the JSON writers. The JSON string writer passes valid
 * UTF-8 through and replaces each maximal invalid subpart by one U+FFFD
 * (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal Subparts"), so any
 * bytes at all make valid JSON. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

#define OUT_BUF_SIZE ((size_t)64 * 1024)
/* Temporary names: ".NAME.XXXXXXXX"; NAME is shortened so that the whole
 * stays under the usual 255-byte file name limit. */
#define TMP_BASE_MAX 200
#define TMP_ATTEMPTS 100

typedef unsigned char u8;

struct wn_output {
	int fd;
	int to_stdout;      /* "-": standard output, never closed */
	int direct;         /* the target is not a regular file: written in place */
	int failed;         /* errno of the first write error, 0 if none */
	char *target;
	char *tmp;
	size_t len;
	u8 buf[OUT_BUF_SIZE];
};

static void output_free(wn_output *o)
{
	free(o->target);
	free(o->tmp);
	free(o);
}

static int write_all(int fd, const void *data, size_t len)
{
	const u8 *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int flush(wn_output *o)
{
	if (o->failed) {
		errno = o->failed;
		return WN_EIO;
	}
	if (o->len && write_all(o->fd, o->buf, o->len) < 0) {
		o->failed = errno ? errno : EIO;
		return WN_EIO;
	}
	o->len = 0;
	return 0;
}

/* Opens a fresh temporary file next to O->target, readable as a new file
 * would be (0644 minus the umask: open() applies the umask for us, which
 * mkstemp's fixed 0600 would not). */
static int open_temp(wn_output *o)
{
	const char *path = o->target;
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dir_len;
	size_t base_len = strlen(base);
	if (base_len == 0) {
		errno = EISDIR;
		return WN_EIO;
	}
	if (base_len > TMP_BASE_MAX)
		base_len = TMP_BASE_MAX;
	size_t size = dir_len + 1 + base_len + 1 + 8 + 1;
	o->tmp = malloc(size);
	if (!o->tmp) {
		errno = ENOMEM;
		return WN_ENOMEM;
	}

	static const char alphabet[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t seed = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	seed ^= (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)o;
	for (int attempt = 0; attempt < TMP_ATTEMPTS; attempt++) {
		uint64_t x = wn_mix64(seed + (uint64_t)attempt * 0x9e3779b97f4a7c15ULL);
		char suffix[9];
		for (int i = 0; i < 8; i++) {
			suffix[i] = alphabet[x % 62];
			x /= 62;
		}
		suffix[8] = '\0';
		snprintf(o->tmp, size, "%.*s.%.*s.%s", (int)dir_len, path, (int)base_len,
			 base, suffix);
		int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd >= 0) {
			o->fd = fd;
			return 0;
		}
		if (errno != EEXIST)
			return WN_EIO;
	}
	return WN_EIO;
}

int wn_output_open(wn_output **out, const char *path)
{
	if (!out) {
		errno = EINVAL;
		return WN_EINVAL;
	}
	*out = NULL;
	wn_output *o = malloc(sizeof(*o));
	if (!o) {
		errno = ENOMEM;
		return WN_ENOMEM;
	}
	o->fd = -1;
	o->to_stdout = 0;
	o->direct = 0;
	o->failed = 0;
	o->target = NULL;
	o->tmp = NULL;
	o->len = 0;

	if (!path || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		o->to_stdout = 1;
		*out = o;
		return 0;
	}
	o->target = wn_strndup(path, strlen(path));
	if (!o->target) {
		output_free(o);
		errno = ENOMEM;
		return WN_ENOMEM;
	}

	/* A device or a pipe (-o /dev/null, -o /dev/stdout) cannot be replaced
	 * by a rename, and must not be: write to it in place. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			output_free(o);
			errno = EISDIR;
			return WN_EIO;
		}
		int fd;
		do
			fd = open(path, O_WRONLY | O_CLOEXEC);
		while (fd < 0 && errno == EINTR);
		if (fd < 0) {
			int saved = errno;
			output_free(o);
			errno = saved;
			return WN_EIO;
		}
		o->fd = fd;
		o->direct = 1;
		*out = o;
		return 0;
	}

	int rc = open_temp(o);
	if (rc < 0) {
		int saved = errno;
		output_free(o);
		errno = saved;
		return rc;
	}
	*out = o;
	return 0;
}

int wn_output_write(wn_output *o, const void *data, size_t len)
{
	if (o->failed) {
		errno = o->failed;
		return WN_EIO;
	}
	if (len <= OUT_BUF_SIZE - o->len) {
		if (len)
			memcpy(o->buf + o->len, data, len);
		o->len += len;
		return 0;
	}
	WN_TRY(flush(o));
	if (len >= OUT_BUF_SIZE) {
		if (write_all(o->fd, data, len) < 0) {
			o->failed = errno ? errno : EIO;
			return WN_EIO;
		}
		return 0;
	}
	memcpy(o->buf, data, len);
	o->len = len;
	return 0;
}

int wn_output_puts(wn_output *o, const char *s)
{
	return wn_output_write(o, s, strlen(s));
}

int wn_output_u64(wn_output *o, uint64_t value)
{
	char digits[20];
	size_t n = sizeof(digits);
	do {
		digits[--n] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	return wn_output_write(o, digits + n, sizeof(digits) - n);
}

int wn_output_fixed4(wn_output *o, double value)
{
	/* JSON has no NaN or infinity. */
	if (!isfinite(value))
		return wn_output_write(o, "null", 4);
	char text[400];
	int neg = signbit(value);
	double a = fabs(value);
	double whole = floor(a);
	long long frac = llround((a - whole) * 10000.0);
	if (frac >= 10000) {
		whole += 1.0;
		frac -= 10000;
	}
	if (whole == 0.0 && frac == 0)
		neg = 0;                        /* no "-0.0000" */
	/* Without a precision "%.0f" prints no decimal point and no grouping,
	 * so the locale cannot change it; the fraction is written by hand. */
	int n = snprintf(text, sizeof(text), "%s%.0f.%04lld", neg ? "-" : "", whole, frac);
	if (n < 0 || (size_t)n >= sizeof(text))
		return wn_output_write(o, "null", 4);
	return wn_output_write(o, text, (size_t)n);
}

/* ---- JSON strings -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at S (1 to 4), or minus the length of
 * its maximal invalid subpart (Unicode Table 3-7 of well-formed sequences). */
static int utf8_check(const u8 *s, const u8 *end)
{
	u8 c = s[0];
	int need;
	u8 lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c == 0xE0) {
		need = 2;
		lo = 0xA0;                      /* no overlong forms */
	} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
		need = 2;
	} else if (c == 0xED) {
		need = 2;
		hi = 0x9F;                      /* no surrogates */
	} else if (c == 0xF0) {
		need = 3;
		lo = 0x90;
	} else if (c >= 0xF1 && c <= 0xF3) {
		need = 3;
	} else if (c == 0xF4) {
		need = 3;
		hi = 0x8F;                      /* nothing past U+10FFFF */
	} else {
		return -1;                      /* 80..C1, F5..FF */
	}
	for (int i = 1; i <= need; i++) {
		if (s + i >= end || s[i] < lo || s[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Eight bytes that are all printable ASCII other than '"' and '\\'. */
static inline int word_is_plain(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"');
	uint64_t b = w ^ (ONES * '\\');
	uint64_t hit = w | ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w);
	return (hit & HIGHS) == 0;
}

static int put_escape(wn_output *o, u8 c)
{
	char esc[6] = { '\\', 0, 0, 0, 0, 0 };
	size_t n = 2;
	switch (c) {
	case '"': esc[1] = '"'; break;
	case '\\': esc[1] = '\\'; break;
	case '\n': esc[1] = 'n'; break;
	case '\t': esc[1] = 't'; break;
	case '\r': esc[1] = 'r'; break;
	case '\b': esc[1] = 'b'; break;
	case '\f': esc[1] = 'f'; break;
	default: {
		static const char hex[] = "0123456789abcdef";
		esc[1] = 'u';
		esc[2] = '0';
		esc[3] = '0';
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		n = 6;
	}
	}
	return wn_output_write(o, esc, n);
}

int wn_output_json_string(wn_output *o, wn_str s)
{
	if (!s.ptr)
		return wn_output_write(o, "null", 4);
	const u8 *p = (const u8 *)s.ptr;
	const u8 *end = p + s.len;
	const u8 *run = p;                      /* bytes copied as they are */

	WN_TRY(wn_output_write(o, "\"", 1));
	while (p < end) {
		while (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (!word_is_plain(w))
				break;
			p += 8;
		}
		if (p >= end)
			break;
		u8 c = *p;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			p++;
			continue;
		}
		if (c >= 0x80) {
			int n = utf8_check(p, end);
			if (n > 0) {
				p += n;
				continue;
			}
			WN_TRY(wn_output_write(o, run, (size_t)(p - run)));
			WN_TRY(wn_output_write(o, "\xEF\xBF\xBD", 3));
			p += -n;
			run = p;
			continue;
		}
		WN_TRY(wn_output_write(o, run, (size_t)(p - run)));
		WN_TRY(put_escape(o, c));
		run = ++p;
	}
	WN_TRY(wn_output_write(o, run, (size_t)(p - run)));
	return wn_output_write(o, "\"", 1);
}

/* ---- commit and abort ---------------------------------------------------- */

/* Makes the rename itself durable; failure here loses nothing already
 * written, so it is not reported. */
static void sync_parent_dir(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash ? wn_strndup(target, slash == target ? 1 : (size_t)(slash - target))
			  : wn_strndup(".", 1);
	if (!dir)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int wn_output_commit(wn_output *o)
{
	if (!o) {
		errno = EINVAL;
		return WN_EINVAL;
	}
	int rc = flush(o);
	int saved = rc < 0 ? errno : 0;

	if (o->to_stdout) {
		output_free(o);
		errno = saved;
		return rc;
	}
	if (o->direct) {
		if (close(o->fd) != 0 && rc == 0) {
			saved = errno;
			rc = WN_EIO;
		}
		output_free(o);
		errno = saved;
		return rc;
	}
	if (rc == 0 && fsync(o->fd) != 0) {
		saved = errno;
		rc = WN_EIO;
	}
	if (close(o->fd) != 0 && rc == 0) {
		saved = errno;
		rc = WN_EIO;
	}
	o->fd = -1;
	if (rc == 0 && rename(o->tmp, o->target) != 0) {
		saved = errno;
		rc = WN_EIO;
	}
	if (rc == 0)
		sync_parent_dir(o->target);
	else
		unlink(o->tmp);
	output_free(o);
	errno = saved;
	return rc;
}

void wn_output_abort(wn_output *o)
{
	if (!o)
		return;
	int saved = errno;
	if (!o->to_stdout && o->fd >= 0)
		close(o->fd);
	if (o->tmp)
		unlink(o->tmp);
	output_free(o);
	errno = saved;
}
