/* story/store.c - where the features of the documents wait for
 * wn_stories_finish(): one blob per document (term ids with their count
 * bytes, quotations with their wording, normalised form and speaker), kept in
 * memory while they fit in story_params.spill_bytes and then spilled, all of
 * them, to an unlinked temporary file in TMPDIR that is read back with
 * pread() at clustering time: the way external sorting keeps runs on disk
 * (Knuth, TAOCP vol. 3, 5.4). A blob carries the document's id and headline
 * too; its offset is in the document's record (table.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "story/story.h"

void feat_store_init(feat_store *fs)
{
	memset(fs, 0, sizeof(*fs));
	wn_buf_init(&fs->mem);
	fs->fd = -1;
}

void feat_store_release(feat_store *fs)
{
	wn_buf_release(&fs->mem);
	if (fs->file)
		fclose(fs->file);
	fs->file = NULL;
	fs->fd = -1;
}

int story_spill_file(int *fd_out)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	wn_buf path;
	wn_buf_init(&path);
	int rc = wn_buf_append(&path, dir, strlen(dir));
	if (!rc)
		rc = wn_buf_append(&path, "/winnow-stories-XXXXXX", 22);
	if (rc) {
		wn_buf_release(&path);
		return rc;
	}
	int fd = mkstemp(path.ptr);
	if (fd < 0) {
		wn_buf_release(&path);
		return WN_EIO;
	}
	unlink(path.ptr);
	wn_buf_release(&path);
	*fd_out = fd;
	return 0;
}

static int spill_open(feat_store *fs)
{
	int fd;
	WN_TRY(story_spill_file(&fd));
	FILE *f = fdopen(fd, "w+b");
	if (!f) {
		close(fd);
		return WN_EIO;
	}
	fs->file = f;
	fs->fd = fd;
	return 0;
}

int feat_store_put(feat_store *fs, const void *blob, size_t len, size_t limit, int may_spill, uint64_t *off)
{
	if (fs->sealed)
		return WN_ESTATE;
	*off = fs->size;
	if (!fs->file && may_spill && fs->mem.len + len > limit) {
		/* from now on every blob is in the file, at the same offset */
		WN_TRY(spill_open(fs));
		if (fs->mem.len && fwrite(fs->mem.ptr, 1, fs->mem.len, fs->file) != fs->mem.len)
			return WN_EIO;
		wn_buf_release(&fs->mem);
	}
	if (fs->file) {
		if (len && fwrite(blob, 1, len, fs->file) != len)
			return WN_EIO;
	} else {
		WN_TRY(wn_buf_append(&fs->mem, blob, len));
	}
	fs->size += len;
	return 0;
}

int feat_store_seal(feat_store *fs)
{
	fs->sealed = 1;
	if (fs->file && fflush(fs->file))
		return WN_EIO;
	return 0;
}

int feat_store_get(const feat_store *fs, uint64_t off, size_t len, wn_buf *out)
{
	wn_buf_reset(out);
	WN_TRY(wn_buf_grow(out, len));
	if (!fs->file) {
		if (off > fs->mem.len || len > fs->mem.len - off)
			return WN_EINVAL;
		memcpy(out->ptr, fs->mem.ptr + off, len);
	} else {
		if (!fs->sealed)
			return WN_ESTATE;
		size_t got = 0;
		while (got < len) {
			ssize_t n = pread(fs->fd, out->ptr + got, len - got, (off_t)(off + got));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return WN_EIO;
			got += (size_t)n;
		}
	}
	out->len = len;
	out->ptr[len] = '\0';
	return 0;
}

/* ---- the blob of one document ------------------------------------------------ */

/* Layout (native byte order: the file lives and dies with the process):
 *   u32 names_len, u32 reserved, "id\0headline\0" (names_len bytes),
 *   u32 term_count, u32 quote_count,
 *   u32 id[term_count], u8 counts[term_count],
 *   per quotation: u32 text_len, norm_len, speaker_len, words,
 *                  then text, norm and speaker, each NUL-terminated. */

static int put_u32(wn_buf *b, uint32_t v)
{
	return wn_buf_append(b, &v, sizeof(v));
}

int story_blob_encode(wn_buf *b, const char *names, size_t names_len, const feat_term *t, size_t n,
		      const quote_list *ql)
{
	wn_buf_reset(b);
	WN_TRY(put_u32(b, (uint32_t)names_len));
	WN_TRY(put_u32(b, 0));
	WN_TRY(wn_buf_append(b, names, names_len));
	WN_TRY(put_u32(b, (uint32_t)n));
	WN_TRY(put_u32(b, (uint32_t)(ql ? ql->count : 0)));
	WN_TRY(wn_buf_grow(b, n * 5));
	for (size_t i = 0; i < n; i++)
		memcpy(b->ptr + b->len + i * 4, &t[i].id, 4);
	for (size_t i = 0; i < n; i++)
		b->ptr[b->len + n * 4 + i] = (char)story_pack_counts(t[i].tf, t[i].title, t[i].lead);
	b->len += n * 5;
	for (size_t i = 0; ql && i < ql->count; i++) {
		const quote_item *q = &ql->items[i];
		const char *base = ql->strings.ptr;
		WN_TRY(put_u32(b, q->text_len));
		WN_TRY(put_u32(b, q->norm_len));
		WN_TRY(put_u32(b, q->speaker_len));
		WN_TRY(put_u32(b, q->word_count));
		WN_TRY(wn_buf_append(b, base + q->text_off, q->text_len));
		WN_TRY(wn_buf_putc(b, '\0'));
		WN_TRY(wn_buf_append(b, base + q->norm_off, q->norm_len));
		WN_TRY(wn_buf_putc(b, '\0'));
		WN_TRY(wn_buf_append(b, base + q->speaker_off, q->speaker_len));
		WN_TRY(wn_buf_putc(b, '\0'));
	}
	return 0;
}

static uint32_t get_u32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

void doc_feats_init(doc_feats *f)
{
	memset(f, 0, sizeof(*f));
	wn_buf_init(&f->strings);
	wn_buf_init(&f->raw);
}

void doc_feats_release(doc_feats *f)
{
	free(f->ids);
	free(f->counts);
	free(f->quotes);
	wn_buf_release(&f->strings);
	wn_buf_release(&f->raw);
	doc_feats_init(f);
}

void doc_feats_clear_quotes(doc_feats *f)
{
	f->quote_count = 0;
	wn_buf_reset(&f->strings);
}

/* The blob was written by story_blob_encode() in this process: a length that
 * does not add up is a broken store (WN_EIO), never trusted further. */
int story_load_doc(const wn_stories *s, uint32_t doc, doc_feats *f, int keep_quotes)
{
	doc_rec d;
	WN_TRY(story_doc_get(s, doc, &d));
	return story_load_blob(s, doc, d.feat_off, d.feat_len, f, keep_quotes);
}

int story_load_blob(const wn_stories *s, uint32_t doc, uint64_t off, uint32_t len, doc_feats *f, int keep_quotes)
{
	WN_TRY(feat_store_get(&s->store, off, len, &f->raw));
	const char *p = f->raw.ptr, *end = p + f->raw.len;
	if (end - p < 8 || (size_t)(end - p - 8) < get_u32(p))
		return WN_EIO;
	f->names_len = get_u32(p);
	p += 8 + f->names_len;
	if (end - p < 8)
		return WN_EIO;
	uint32_t n = get_u32(p), nq = get_u32(p + 4);
	p += 8;
	if ((size_t)(end - p) < (size_t)n * 5)
		return WN_EIO;
	WN_TRY(wn_grow_array((void **)&f->ids, &f->id_cap, (size_t)n + 1, sizeof(uint32_t)));
	WN_TRY(wn_grow_array((void **)&f->counts, &f->count_cap, (size_t)n + 1, 1));
	memcpy(f->ids, p, (size_t)n * 4);
	memcpy(f->counts, p + (size_t)n * 4, n);
	f->term_count = n;
	p += (size_t)n * 5;
	if (!keep_quotes)
		doc_feats_clear_quotes(f);
	WN_TRY(wn_grow_array((void **)&f->quotes, &f->quote_cap, f->quote_count + nq + 1, sizeof(doc_quote)));
	for (uint32_t i = 0; i < nq; i++) {
		if (end - p < 16)
			return WN_EIO;
		uint32_t tl = get_u32(p), nl = get_u32(p + 4), sl = get_u32(p + 8);
		doc_quote *q = &f->quotes[f->quote_count];
		q->words = get_u32(p + 12);
		p += 16;
		if ((size_t)(end - p) < (size_t)tl + nl + sl + 3)
			return WN_EIO;
		q->text_off = f->strings.len;
		q->text_len = tl;
		q->norm_off = f->strings.len + tl + 1;
		q->norm_len = nl;
		q->speaker_off = f->strings.len + tl + nl + 2;
		q->speaker_len = sl;
		q->doc = doc;
		WN_TRY(wn_buf_append(&f->strings, p, (size_t)tl + nl + sl + 3));
		p += (size_t)tl + nl + sl + 3;
		f->quote_count++;
	}
	return 0;
}

int story_doc_get(const wn_stories *s, uint32_t doc, doc_rec *d)
{
	return rec_table_get(s->docs, doc, d);
}

int story_doc_put(const wn_stories *s, uint32_t doc, const doc_rec *d)
{
	return rec_table_put(s->docs, doc, d);
}

int story_doc_names(const wn_stories *s, uint32_t doc, wn_buf *buf, const char **id, const char **headline)
{
	doc_rec d;
	WN_TRY(story_doc_get(s, doc, &d));
	WN_TRY(feat_store_get(&s->store, d.feat_off, d.feat_len, buf));
	/* "id\0headline\0" after the two length words; both NULs are there */
	size_t len = buf->len < 8 ? 0 : get_u32(buf->ptr);
	if (len < 2 || buf->len - 8 < len || buf->ptr[8 + len - 1] != '\0' || strnlen(buf->ptr + 8, len) + 1 >= len)
		return WN_EIO;
	*id = buf->ptr + 8;
	*headline = *id + strlen(*id) + 1;
	return 0;
}
