/* story/table.c - a table of fixed-size records indexed by number, kept in
 * memory while it is small and then in an unlinked temporary file behind a
 * direct-mapped cache of 4 KiB pages written back when evicted (the buffer
 * pool of a database, reduced to what one process with one reader needs).
 * It holds the per-document records of wn_stories, so that what stays in
 * memory while the documents are clustered does not grow with their number.
 * Records are copied in and out (rec_table_get/put): a pointer into the
 * cache would not survive the next access to another page. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "story/story.h"

#define PAGE_BYTES 4096

int rec_table_init(rec_table *t, size_t rec_size, size_t limit)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	if (!rec_size || rec_size > PAGE_BYTES)
		return WN_EINVAL;
	t->size = rec_size;
	t->per_page = PAGE_BYTES / rec_size;
	t->page_bytes = t->per_page * rec_size;
	t->limit = limit < t->page_bytes ? t->page_bytes : limit;
	return 0;
}

void rec_table_release(rec_table *t)
{
	free(t->mem);
	free(t->cache);
	free(t->tag);
	free(t->dirty);
	if (t->fd >= 0)
		close(t->fd);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
}

static int write_all(int fd, const unsigned char *p, size_t len, uint64_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return WN_EIO;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Reads page PAGE into P; past the end of the file reads as zeros. */
static int read_page(const rec_table *t, uint64_t page, unsigned char *p)
{
	size_t got = 0;
	uint64_t off = page * t->page_bytes;
	while (got < t->page_bytes) {
		ssize_t n = pread(t->fd, p + got, t->page_bytes - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return WN_EIO;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	memset(p + got, 0, t->page_bytes - got);
	return 0;
}

/* Moves the records to the file; from now on memory holds the cache only.
 * On failure nothing changes: the records stay in memory. */
static int spill(rec_table *t)
{
	int fd;
	WN_TRY(story_spill_file(&fd));
	size_t pages = t->limit / t->page_bytes;
	unsigned char *cache = malloc(pages * t->page_bytes);
	uint64_t *tag = calloc(pages, sizeof(uint64_t));
	uint8_t *dirty = calloc(pages, 1);
	int rc = cache && tag && dirty ? 0 : WN_ENOMEM;
	/* records are written a page at a time: page I at I * page_bytes */
	for (size_t i = 0; !rc && i * t->per_page < t->count; i++) {
		size_t from = i * t->per_page, n = t->count - from < t->per_page ? t->count - from : t->per_page;
		rc = write_all(fd, t->mem + from * t->size, n * t->size, (uint64_t)i * t->page_bytes);
	}
	if (rc) {
		free(cache);
		free(tag);
		free(dirty);
		close(fd);
		return rc;
	}
	free(t->mem);
	t->mem = NULL;
	t->mem_cap = 0;
	t->cache = cache;
	t->tag = tag;
	t->dirty = dirty;
	t->fd = fd;
	t->pages = pages;
	return 0;
}

/* The cached copy of the page that holds record I. */
static int page_of(rec_table *t, size_t i, unsigned char **rec, int write)
{
	uint64_t page = i / t->per_page;
	size_t slot = (size_t)(page % t->pages);
	unsigned char *p = t->cache + slot * t->page_bytes;
	if (t->tag[slot] != page + 1) {
		if (t->tag[slot] && t->dirty[slot])
			WN_TRY(write_all(t->fd, p, t->page_bytes, (t->tag[slot] - 1) * t->page_bytes));
		t->tag[slot] = 0;
		t->dirty[slot] = 0;
		WN_TRY(read_page(t, page, p));
		t->tag[slot] = page + 1;
		t->misses++;
	}
	t->dirty[slot] |= (uint8_t)write;
	*rec = p + (i % t->per_page) * t->size;
	return 0;
}

int rec_table_append(rec_table *t, const void *rec)
{
	if (t->fd < 0 && (t->count + 1) * t->size > t->limit)
		WN_TRY(spill(t));
	if (t->fd < 0) {
		WN_TRY(wn_grow_array((void **)&t->mem, &t->mem_cap, t->count + 1, t->size));
		memcpy(t->mem + t->count * t->size, rec, t->size);
		t->count++;
		return 0;
	}
	unsigned char *p;
	WN_TRY(page_of(t, t->count, &p, 1));
	memcpy(p, rec, t->size);
	t->count++;
	return 0;
}

int rec_table_get(rec_table *t, size_t i, void *out)
{
	if (i >= t->count)
		return WN_EINVAL;
	if (t->fd < 0) {
		memcpy(out, t->mem + i * t->size, t->size);
		return 0;
	}
	unsigned char *p;
	WN_TRY(page_of(t, i, &p, 0));
	memcpy(out, p, t->size);
	return 0;
}

int rec_table_put(rec_table *t, size_t i, const void *rec)
{
	if (i >= t->count)
		return WN_EINVAL;
	if (t->fd < 0) {
		memcpy(t->mem + i * t->size, rec, t->size);
		return 0;
	}
	unsigned char *p;
	WN_TRY(page_of(t, i, &p, 1));
	memcpy(p, rec, t->size);
	return 0;
}
