/* fuzz_jsonl.c - libFuzzer harness for the JSONL reader, two entry points:
 *  1. jsonl_parse() on the input as one line, checked against cJSON wherever
 *     both accept it (same decoded "text");
 *  2. the whole wn_reader over the input as a file (compression detection,
 *     gzip/zstd decoding, line splitting, the record cap, skip_bad).
 * Nothing may crash, leak, read out of bounds or break the invariants below. */
#define _GNU_SOURCE /* memfd_create, memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "io/jsonl.h"
#include "winnow.h"

#include "fuzz_check.h"

static int inside(const char *p, size_t len, const char *base, size_t base_len)
{
	return p >= base && p + len <= base + base_len;
}

static void check_parse(const char *line, size_t size)
{
	static const char *const names[] = { "id", "text", "title" };
	jsonl_parser p;
	CHECK(jsonl_parser_init(&p, names, 3) == 0);
	int rc = jsonl_parse(&p, line, size);
	CHECK(rc == 0 || rc == WN_EPARSE);
	if (rc == WN_EPARSE) {
		CHECK(p.error[0] != '\0');
		jsonl_parser_release(&p);
		return;
	}
	for (int i = 0; i < 3; i++) {
		const jsonl_value *v = &p.value[i];
		if (v->kind == JSONL_ABSENT) {
			CHECK(v->str.ptr == NULL);
			continue;
		}
		CHECK(v->str.ptr != NULL);
		CHECK(v->str.len <= size);
		if (v->kind != JSONL_STRING)
			CHECK(inside(v->str.ptr, v->str.len, line, size));
		else
			CHECK(inside(v->str.ptr, v->str.len, line, size) ||
			      inside(v->str.ptr, v->str.len, p.scratch.ptr, p.scratch.len));
	}

	/* cJSON ends strings at a NUL: compare only where none can occur. */
	if (!memchr(line, '\0', size) && !memmem(line, size, "\\u0000", 6)) {
		cJSON *j = cJSON_ParseWithLength(line, size);
		if (j && cJSON_IsObject(j)) {
			const cJSON *last = NULL;
			for (const cJSON *c = j->child; c; c = c->next)
				if (c->string && strcmp(c->string, "text") == 0)
					last = c;
			if (last && cJSON_IsString(last)) {
				const jsonl_value *v = &p.value[1];
				CHECK(v->kind == JSONL_STRING);
				CHECK(v->str.len == strlen(last->valuestring));
				CHECK(memcmp(v->str.ptr, last->valuestring, v->str.len) == 0);
			}
		}
		cJSON_Delete(j);
	}
	jsonl_parser_release(&p);
}

static void check_reader(const char *path, int skip_bad, size_t max_record)
{
	wn_reader_options o;
	wn_reader_options_init(&o);
	o.title_field = "title";
	o.url_field = "url";
	o.skip_bad = skip_bad;
	o.max_record = max_record;
	const char *paths[] = { path };
	wn_reader *r;
	CHECK(wn_reader_open(&r, paths, 1, &o) == 0);
	wn_doc doc;
	uint64_t docs = 0, empty = 0;
	int rc;
	while ((rc = wn_reader_next(r, &doc)) == 0) {
		CHECK(doc.text.ptr != NULL && doc.id.ptr != NULL);
		CHECK(doc.text.len <= max_record);
		CHECK(doc.ordinal == docs);
		if (doc.raw.ptr)
			CHECK(doc.raw.len <= max_record && doc.line > 0);
		/* Touch every byte, so ASan sees any dangling pointer. */
		volatile unsigned char sink = 0;
		for (size_t i = 0; i < doc.text.len; i++)
			sink ^= (unsigned char)doc.text.ptr[i];
		for (size_t i = 0; i < doc.id.len; i++)
			sink ^= (unsigned char)doc.id.ptr[i];
		(void)sink;
		empty += doc.text.len == 0;
		docs++;
	}
	CHECK(rc == WN_EOF || rc < 0);
	if (rc < 0)
		CHECK(wn_reader_error(r)[0] != '\0');
	if (skip_bad)
		CHECK(rc == WN_EOF || rc == WN_ENOMEM || rc == WN_EIO);
	wn_reader_stats st;
	wn_reader_get_stats(r, &st);
	CHECK(st.docs == docs && st.empty == empty);
	CHECK(wn_reader_next(r, &doc) == rc);
	wn_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	/* An exact-size copy: any read past the end is caught. */
	char *line = malloc(size ? size : 1);
	if (!line)
		return 0;
	if (size)
		memcpy(line, data, size);
	check_parse(line, size);
	free(line);

	int fd = memfd_create("fuzz-jsonl", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		check_reader(path, 0, 65536);
		check_reader(path, 1, 97);
	}
	close(fd);
	return 0;
}
