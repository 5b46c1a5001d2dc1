/* util/util.h - small shared pieces: growable byte buffers with hard caps,
 * overflow-checked allocation, the status propagation macro, and hashing
 * wrappers over xxHash (XXH3, Collet). Internal to libwinnow. */
#ifndef WN_UTIL_H
#define WN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "winnow.h"

/* Propagates a negative status: FORWARD_IF_ERROR in the style of zstd. */
#define WN_TRY(expr)                          \
	do {                                  \
		int wn_try_rc_ = (expr);      \
		if (wn_try_rc_ < 0)           \
			return wn_try_rc_;    \
	} while (0)

#define WN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The set bits of X. Inline without the POPCNT instruction too: the build
 * targets baseline x86-64, where the compiler's builtin is a call. */
static inline unsigned wn_popcount64(uint64_t x)
{
#if defined(__POPCNT__)
	return (unsigned)__builtin_popcountll(x);
#else
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
#endif
}

/* x86-64 with GCC or clang: a few hot loops have a path for AVX-512DQ
 * (64-bit multiplies in 512-bit registers), compiled with a target
 * attribute and chosen at run time, since the build itself targets
 * baseline x86-64. Both paths give the same results. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(WN_NO_DISPATCH)
#define WN_X86_DISPATCH 1
#define WN_TARGET_AVX512DQ __attribute__((target("avx512f,avx512dq")))
/* The CPU is asked each time: a flag the compiler's runtime sets at start. */
static inline int wn_cpu_has_avx512dq(void)
{
	return __builtin_cpu_supports("avx512dq");
}
/* Byte-wise compares into 64-bit masks are AVX-512BW (the cleaner's scan
 * asks for it with BMI2, below). */
#define WN_TARGET_AVX512BW __attribute__((target("avx512f,avx512bw")))
/* AVX-512BW with the bit instructions that every CPU with it also has
 * (BMI1, BMI2, POPCNT): for loops over bit masks, where baseline x86-64
 * shifts by a variable count in three micro-ops (SHR by CL) and BMI2 in one
 * (SHRX), and POPCNT is one instruction instead of a dozen. No FMA: float
 * results do not change. */
#define WN_TARGET_AVX512BW_BMI __attribute__((target("avx512f,avx512bw,bmi,bmi2,popcnt")))
static inline int wn_cpu_has_avx512bw_bmi(void)
{
	return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi") &&
	       __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
}
#else
#define WN_X86_DISPATCH 0
#endif

/* A growable byte buffer (git's strbuf in spirit). Always NUL-terminated when
 * ptr != NULL. _init allocates nothing; _release frees the contents. */
typedef struct wn_buf {
	char *ptr;
	size_t len;
	size_t cap;
} wn_buf;

void wn_buf_init(wn_buf *b);
void wn_buf_release(wn_buf *b);
/* Makes room for EXTRA more bytes (plus the NUL). Returns 0 or WN_ENOMEM. */
int wn_buf_grow(wn_buf *b, size_t extra);
int wn_buf_append(wn_buf *b, const void *data, size_t len);
int wn_buf_putc(wn_buf *b, char c);
static inline void wn_buf_reset(wn_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* Overflow-checked allocation helpers. Return NULL on overflow or failure. */
void *wn_malloc_array(size_t count, size_t size);
void *wn_realloc_array(void *ptr, size_t count, size_t size);
/* Grows *PTR (an array of SIZE-byte items with capacity *CAP) to hold at
 * least NEED items, doubling. Returns 0 or WN_ENOMEM. */
int wn_grow_array(void **ptr, size_t *cap, size_t need, size_t size);
/* Zeroed memory for a big table written at random (COUNT items of SIZE
 * bytes), as calloc() gives it, but from 2 MiB on aligned to 2 MiB and
 * marked for transparent huge pages (madvise, where the system has it):
 * the first write to each 4 KiB page of a calloc()ed table is a page fault
 * (3,072 for 12 MiB, a microsecond or more each in a VM), to each 2 MiB
 * page one. Free with free(). NULL on overflow or failure. */
void *wn_calloc_table(size_t count, size_t size);
char *wn_strndup(const char *s, size_t len);

/* Reorders BASE[0..N) (items of SIZE bytes, at most 64) so that item K is
 * the one a sort by CMP would put there, those before it not after it and
 * those after it not before it (Hoare's FIND, 1961). N > K. */
void wn_select(void *base, size_t n, size_t size, size_t k,
	       int (*cmp)(const void *, const void *));

/* Union-find over PARENT[] (each item its own root at first), with path
 * halving. The smaller index becomes the root of a union, so the forest does
 * not depend on the order in which links are found. */
static inline uint32_t wn_uf_find(uint32_t *parent, uint32_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

static inline void wn_uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = wn_uf_find(parent, a);
	b = wn_uf_find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* 64-bit and 128-bit hashes (XXH3). */
uint64_t wn_hash64(const void *data, size_t len, uint64_t seed);
typedef struct wn_hash128 {
	uint64_t lo, hi;
} wn_hash128;
wn_hash128 wn_hash128_of(const void *data, size_t len, uint64_t seed);
/* wn_hash64() of DATA with the bit 0x20 set in each byte (ASCII letters
 * lower-cased), without a copy of it. */
uint64_t wn_hash64_case_bit(const void *data, size_t len, uint64_t seed);

/* A strong 64-bit mixer (splitmix64 finaliser, Steele et al. 2014). */
static inline uint64_t wn_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

#endif
