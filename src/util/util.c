/* util/util.c - buffers, checked allocation, hashing wrappers, status names. */
#include "util.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define XXH_INLINE_ALL
#include <xxhash.h>

const char *wn_version(void)
{
	return WN_VERSION_STRING;
}

const char *wn_strerror(int code)
{
	switch (code) {
	case WN_OK: return "success";
	case WN_EOF: return "end of input";
	case WN_ENOMEM: return "out of memory";
	case WN_EIO: return "input/output error";
	case WN_EPARSE: return "malformed input";
	case WN_EFIELD: return "missing or invalid field";
	case WN_ETOOBIG: return "input too large";
	case WN_ECORRUPT: return "truncated or corrupt compressed stream";
	case WN_EINVAL: return "invalid argument";
	case WN_ESTATE: return "call out of order";
	default: return "unknown error";
	}
}

void wn_buf_init(wn_buf *b)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}

void wn_buf_release(wn_buf *b)
{
	free(b->ptr);
	wn_buf_init(b);
}

int wn_buf_grow(wn_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return WN_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->ptr, cap);
	if (!p)
		return WN_ENOMEM;
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int wn_buf_append(wn_buf *b, const void *data, size_t len)
{
	WN_TRY(wn_buf_grow(b, len));
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int wn_buf_putc(wn_buf *b, char c)
{
	return wn_buf_append(b, &c, 1);
}

void *wn_malloc_array(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	size_t bytes = count * size;
	return malloc(bytes ? bytes : 1);
}

void *wn_calloc_table(size_t count, size_t size)
{
	const size_t huge = (size_t)2 << 20;
	if (size && count > SIZE_MAX / size)
		return NULL;
	size_t bytes = count * size;
	if (bytes < huge)
		return calloc(bytes ? bytes : 1, 1);
	void *p = NULL;
	if (posix_memalign(&p, huge, bytes) != 0)
		return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	/* advice only: without huge pages the table works the same */
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	memset(p, 0, bytes);
	return p;
}

void *wn_realloc_array(void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	size_t bytes = count * size;
	return realloc(ptr, bytes ? bytes : 1);
}

int wn_grow_array(void **ptr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return WN_ENOMEM;
		n *= 2;
	}
	void *p = wn_realloc_array(*ptr, n, size);
	if (!p)
		return WN_ENOMEM;
	*ptr = p;
	*cap = n;
	return 0;
}

char *wn_strndup(const char *s, size_t len)
{
	char *p = malloc(len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

uint64_t wn_hash64(const void *data, size_t len, uint64_t seed)
{
	return XXH3_64bits_withSeed(data, len, seed);
}

uint64_t wn_hash64_case_bit(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *s = data;
	unsigned char buf[256];
	if (len <= sizeof(buf)) {
		for (size_t i = 0; i < len; i++)
			buf[i] = s[i] | 0x20;
		return XXH3_64bits_withSeed(buf, len, seed);
	}
	XXH3_state_t state;   /* streaming gives the one-shot hash of the same bytes */
	memset(&state, 0, sizeof(state));   /* all set by the reset; GCC cannot tell */
	XXH3_64bits_reset_withSeed(&state, seed);
	for (size_t at = 0; at < len; at += sizeof(buf)) {
		size_t m = len - at < sizeof(buf) ? len - at : sizeof(buf);
		for (size_t i = 0; i < m; i++)
			buf[i] = s[at + i] | 0x20;
		XXH3_64bits_update(&state, buf, m);
	}
	return XXH3_64bits_digest(&state);
}

wn_hash128 wn_hash128_of(const void *data, size_t len, uint64_t seed)
{
	XXH128_hash_t h = XXH3_128bits_withSeed(data, len, seed);
	wn_hash128 r = { h.low64, h.high64 };
	return r;
}

void wn_select(void *base, size_t n, size_t size, size_t k,
	       int (*cmp)(const void *, const void *))
{
	unsigned char pivot[64], tmp[64];
	unsigned char *a = base;
	if (n < 2 || size > sizeof(pivot))
		return;
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		memcpy(pivot, a + (lo + (hi - lo) / 2) * size, size);
		size_t i = lo, j = hi;
		while (i <= j) {
			while (cmp(a + i * size, pivot) < 0)
				i++;
			while (cmp(a + j * size, pivot) > 0)
				j--;
			if (i <= j) {
				memcpy(tmp, a + i * size, size);
				memcpy(a + i * size, a + j * size, size);
				memcpy(a + j * size, tmp, size);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}
