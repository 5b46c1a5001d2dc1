/* test_io.c - the JSONL field extractor and wn_reader: plain, gzip and zstd
 * JSONL, text files and directories, standard input, bad input and skip_bad.
 * Every fixture is written at run time into a fresh temporary directory. */
#define _GNU_SOURCE /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "io/jsonl.h"
#include "util/util.h"
#include "winnow.h"

/* ---- fixtures ------------------------------------------------------------ */

static char tmp_root[1024];

static void make_tmp_root(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(tmp_root, sizeof(tmp_root), "%s/wn-test-io-XXXXXX",
		 base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(tmp_root));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int teardown_tmp(void **state)
{
	(void)state;
	nftw(tmp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static int setup_tmp(void **state)
{
	(void)state;
	make_tmp_root();
	return 0;
}

/* A path under the temporary root (static storage, rotating). */
static const char *tmp_path(const char *rel)
{
	static char paths[8][2048];
	static int next;
	char *p = paths[next++ % 8];
	assert_true(strlen(tmp_root) + strlen(rel) + 2 <= sizeof(paths[0]));
	snprintf(p, sizeof(paths[0]), "%s/%s", tmp_root, rel);
	return p;
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	/* Create parent directories on the way. */
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	for (char *s = dir + strlen(tmp_root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(dir, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text));
}

/* One gzip member holding DATA. */
static void gzip_member(wn_buf *out, const void *data, size_t len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t bound = deflateBound(&z, (uLong)len) + 64;
	assert_int_equal(wn_buf_grow(out, bound), 0);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->ptr + out->len;
	z.avail_out = (uInt)bound;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len += bound - z.avail_out;
	deflateEnd(&z);
}

static void zstd_frame(wn_buf *out, const void *data, size_t len)
{
	size_t bound = ZSTD_compressBound(len);
	assert_int_equal(wn_buf_grow(out, bound), 0);
	size_t n = ZSTD_compress(out->ptr + out->len, bound, data, len, 3);
	assert_false(ZSTD_isError(n));
	out->len += n;
}

static void append_cstr(wn_buf *b, const char *s)
{
	assert_int_equal(wn_buf_append(b, s, strlen(s)), 0);
}

/* ---- reading everything -------------------------------------------------- */

typedef struct got_doc {
	char *id, *text, *title, *date, *source, *url, *raw, *file;
	size_t id_len, text_len, raw_len;
	uint64_t line, ordinal;
} got_doc;

typedef struct skip_log {
	int codes[16];
	char messages[16][512];
	int count;
} skip_log;

typedef struct got {
	got_doc docs[256];
	size_t count;
	int rc;                  /* WN_EOF, or the error that stopped reading */
	char error[1024];
	wn_reader_stats stats;
	skip_log skips;
} got;

static char *copy_str(wn_str s)
{
	return s.ptr ? wn_strndup(s.ptr, s.len) : NULL;
}

static void on_skip(void *ctx, int code, const char *message)
{
	skip_log *log = ctx;
	if (log->count < 16) {
		log->codes[log->count] = code;
		snprintf(log->messages[log->count], sizeof(log->messages[0]), "%s", message);
	}
	log->count++;
}

static void read_all(const char *const *paths, size_t n, wn_reader_options *opts, got *g)
{
	wn_reader *r;
	memset(g, 0, sizeof(*g));
	if (opts && opts->skip_bad) {
		opts->on_skip = on_skip;
		opts->skip_ctx = &g->skips;
	}
	assert_int_equal(wn_reader_open(&r, paths, n, opts), 0);
	wn_doc doc;
	for (;;) {
		int rc = wn_reader_next(r, &doc);
		if (rc != 0) {
			g->rc = rc;
			snprintf(g->error, sizeof(g->error), "%s", wn_reader_error(r));
			break;
		}
		assert_true(g->count < 256);
		got_doc *d = &g->docs[g->count++];
		assert_non_null(doc.text.ptr);
		assert_non_null(doc.id.ptr);
		d->id = copy_str(doc.id);
		d->id_len = doc.id.len;
		d->text = copy_str(doc.text);
		d->text_len = doc.text.len;
		d->title = copy_str(doc.title);
		d->date = copy_str(doc.date);
		d->source = copy_str(doc.source);
		d->url = copy_str(doc.url);
		d->raw = copy_str(doc.raw);
		d->raw_len = doc.raw.len;
		d->file = doc.file ? strdup(doc.file) : NULL;
		d->line = doc.line;
		d->ordinal = doc.ordinal;
	}
	/* After the end or an error the reader keeps saying so. */
	assert_int_equal(wn_reader_next(r, &doc), g->rc);
	wn_reader_get_stats(r, &g->stats);
	wn_reader_free(r);
}

static void got_free(got *g)
{
	for (size_t i = 0; i < g->count; i++) {
		got_doc *d = &g->docs[i];
		free(d->id), free(d->text), free(d->title), free(d->date);
		free(d->source), free(d->url), free(d->raw), free(d->file);
	}
	g->count = 0;
}

static void read_one(const char *path, wn_reader_options *opts, got *g)
{
	const char *paths[] = { path };
	read_all(paths, 1, opts, g);
}

/* ---- the JSONL extractor ------------------------------------------------- */

enum { S_ID, S_TEXT, S_TITLE, S_COUNT };

static void parser_for_id_text_title(jsonl_parser *p)
{
	static const char *const names[] = { "id", "text", "title" };
	assert_int_equal(jsonl_parser_init(p, names, S_COUNT), 0);
}

static int parse(jsonl_parser *p, const char *line)
{
	return jsonl_parse(p, line, strlen(line));
}

static void assert_value(const jsonl_value *v, jsonl_kind kind, const char *text, size_t len)
{
	assert_int_equal(v->kind, kind);
	assert_int_equal(v->str.len, len);
	assert_memory_equal(v->str.ptr, text, len);
}

static void test_jsonl_values(void **state)
{
	(void)state;
	jsonl_parser p;
	parser_for_id_text_title(&p);

	assert_int_equal(parse(&p, "{\"id\": \"a-1\", \"text\": \"plain\"}"), 0);
	assert_value(&p.value[S_ID], JSONL_STRING, "a-1", 3);
	assert_value(&p.value[S_TEXT], JSONL_STRING, "plain", 5);
	assert_int_equal(p.value[S_TITLE].kind, JSONL_ABSENT);
	assert_null(p.value[S_TITLE].str.ptr);

	/* Big integers keep every digit; other kinds keep their JSON text. */
	assert_int_equal(parse(&p, " {\"id\":123456789012345678901234567890,\"text\":\"\","
				   "\"title\":[1,{\"x\":[]}],\"other\":{\"text\":\"no\"}} "), 0);
	assert_value(&p.value[S_ID], JSONL_NUMBER, "123456789012345678901234567890", 30);
	assert_value(&p.value[S_TEXT], JSONL_STRING, "", 0);
	assert_non_null(p.value[S_TEXT].str.ptr);      /* empty, not absent */
	assert_value(&p.value[S_TITLE], JSONL_ARRAY, "[1,{\"x\":[]}]", 12);

	assert_int_equal(parse(&p, "{\"id\":-1.5e+3,\"text\":null,\"title\":true}"), 0);
	assert_value(&p.value[S_ID], JSONL_NUMBER, "-1.5e+3", 7);
	assert_value(&p.value[S_TEXT], JSONL_NULL, "null", 4);
	assert_value(&p.value[S_TITLE], JSONL_BOOL, "true", 4);

	/* Escapes, including an escaped key, a surrogate pair and \u0000. */
	assert_int_equal(parse(&p, "{\"t\\u0065xt\":\"a\\n\\t\\\"\\\\\\/\\u00e9\\ud83d\\ude00"
				   "\\u0000z\",\"id\":\"x\"}"), 0);
	const char want[] = "a\n\t\"\\/\xc3\xa9\xf0\x9f\x98\x80\0z";
	assert_value(&p.value[S_TEXT], JSONL_STRING, want, sizeof(want) - 1);

	/* Lone surrogates become U+FFFD. */
	assert_int_equal(parse(&p, "{\"text\":\"\\ud800x\\udc00\\ud800\\u0041\"}"), 0);
	assert_value(&p.value[S_TEXT], JSONL_STRING,
		     "\xef\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd" "A", 11);

	/* A repeated key: the last value wins. */
	assert_int_equal(parse(&p, "{\"text\":\"first\\n\",\"text\":\"second\"}"), 0);
	assert_value(&p.value[S_TEXT], JSONL_STRING, "second", 6);

	/* Invalid UTF-8 and DEL pass through untouched. */
	assert_int_equal(parse(&p, "{\"text\":\"\xff\xfe\x7f\"}"), 0);
	assert_value(&p.value[S_TEXT], JSONL_STRING, "\xff\xfe\x7f", 3);
	jsonl_parser_release(&p);
}

static void test_jsonl_alias_fields(void **state)
{
	(void)state;
	/* Two slots asking for the same key both get its value. */
	static const char *const names[] = { "body", NULL, "body" };
	jsonl_parser p;
	assert_int_equal(jsonl_parser_init(&p, names, 3), 0);
	assert_int_equal(parse(&p, "{\"body\":\"b\\u0062\"}"), 0);
	assert_value(&p.value[0], JSONL_STRING, "bb", 2);
	assert_value(&p.value[2], JSONL_STRING, "bb", 2);
	assert_int_equal(p.value[1].kind, JSONL_ABSENT);
	jsonl_parser_release(&p);

	const char *many[JSONL_MAX_FIELDS + 1] = { 0 };
	assert_int_equal(jsonl_parser_init(&p, many, JSONL_MAX_FIELDS + 1), WN_EINVAL);
	jsonl_parser_release(&p);
}

static void test_jsonl_errors(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		const char *error;      /* expected P->error */
	} cases[] = {
		{ "{\"a\":1,}", "invalid JSON at byte 8: expected a key string, found '}'" },
		{ "{\"a\" 1}", "invalid JSON at byte 6: expected ':', found '1'" },
		{ "{\"a\":01}", "invalid JSON at byte 7: expected ',' or '}', found '1'" },
		{ "{\"a\":1.}", "invalid JSON at byte 8: expected a digit after '.', found '}'" },
		{ "{\"a\":1e}", "invalid JSON at byte 8: expected a digit in the exponent, found '}'" },
		{ "{\"a\":-}", "invalid JSON at byte 7: expected a digit, found '}'" },
		{ "{\"a\":+1}", "invalid JSON at byte 6: expected a value, found '+'" },
		{ "{\"a\":tru}", "invalid JSON at byte 6: invalid literal (expected true)" },
		{ "{\"a\":\"x", "invalid JSON at byte 6: unterminated string" },
		{ "{\"a\":\"\\x\"}", "invalid JSON at byte 7: invalid escape: backslash followed by 'x'" },
		{ "{\"a\":\"\\u12\"}", "invalid JSON at byte 7: invalid \\u escape: four hex digits expected" },
		{ "{\"a\":\"\t\"}", "invalid JSON at byte 7: control character 0x09 inside a string (it must be escaped)" },
		{ "{\"a\":[1,2}", "invalid JSON at byte 10: expected ',' or ']', found '}'" },
		{ "{\"a\":{\"b\" 2}}", "invalid JSON at byte 11: expected ':', found '2'" },
		{ "{\"a\":1} x", "invalid JSON at byte 9: unexpected 'x' after the record" },
		{ "{\"a\":1}}", "invalid JSON at byte 8: unexpected '}' after the record" },
		{ "{\"a\":1", "invalid JSON at byte 7: expected ',' or '}', found end of line" },
		{ "{", "invalid JSON at byte 2: expected a key string, found end of line" },
		{ "\x01", "invalid JSON at byte 1: expected '{', found byte 0x01" },
		{ "[1,2]", "record is not a JSON object (it is an array)" },
		{ "\"text\"", "record is not a JSON object (it is a string)" },
		{ "42", "record is not a JSON object (it is a number)" },
		{ "null", "record is not a JSON object (it is null)" },
		{ "   ", "invalid JSON at byte 4: empty record" },
	};
	jsonl_parser p;
	parser_for_id_text_title(&p);
	for (size_t i = 0; i < WN_ARRAY_LEN(cases); i++) {
		assert_int_equal(parse(&p, cases[i].line), WN_EPARSE);
		assert_string_equal(p.error, cases[i].error);
	}
	/* Every raw control byte, at every position of a long string (the scan
	 * looks at 8 bytes at a time), is refused at its exact column. */
	char line[64], want[128];
	for (int c = 0; c < 0x20; c++) {
		for (int at = 0; at < 20; at++) {
			snprintf(line, sizeof(line), "{\"text\":\"%s\"}", "abcdefghijklmnopqrst");
			size_t len = strlen(line);
			line[9 + at] = (char)c;
			assert_int_equal(jsonl_parse(&p, line, len), WN_EPARSE);
			snprintf(want, sizeof(want), "invalid JSON at byte %d: control character "
				 "0x%02x inside a string (it must be escaped)", 10 + at, c);
			assert_string_equal(p.error, want);
		}
	}
	/* And 0x20, '"' and '\\' next to them are not mistaken for them. */
	assert_int_equal(parse(&p, "{\"text\":\"\x7f !#[]^_`{}~\x80\xff\\\"\\\\ x\"}"), 0);

	/* The same holds inside a requested field's value. */
	assert_int_equal(parse(&p, "{\"text\":[1,]}"), WN_EPARSE);
	assert_string_equal(p.error, "invalid JSON at byte 12: expected a value, found ']'");
	jsonl_parser_release(&p);
}

static void test_jsonl_nesting_cap(void **state)
{
	(void)state;
	jsonl_parser p;
	parser_for_id_text_title(&p);
	wn_buf b;
	wn_buf_init(&b);
	/* The record itself is one level: JSONL_MAX_DEPTH - 1 arrays fit. */
	for (int depth = JSONL_MAX_DEPTH - 1; depth <= JSONL_MAX_DEPTH; depth++) {
		wn_buf_reset(&b);
		wn_buf_append(&b, "{\"text\":\"t\",\"deep\":", 19);
		for (int i = 0; i < depth; i++)
			wn_buf_putc(&b, '[');
		for (int i = 0; i < depth; i++)
			wn_buf_putc(&b, ']');
		wn_buf_putc(&b, '}');
		int rc = jsonl_parse(&p, b.ptr, b.len);
		assert_int_equal(rc, depth < JSONL_MAX_DEPTH ? 0 : WN_EPARSE);
		if (rc)
			assert_non_null(strstr(p.error, "nested deeper than"));
	}
	/* Hostile depth is refused without recursion. */
	wn_buf_reset(&b);
	wn_buf_append(&b, "{\"a\":", 5);
	for (int i = 0; i < 1000000; i++)
		wn_buf_putc(&b, '[');
	assert_int_equal(jsonl_parse(&p, b.ptr, b.len), WN_EPARSE);
	wn_buf_release(&b);
	jsonl_parser_release(&p);
}

/* Random strings written as JSON with every kind of escape, decoded by cJSON
 * and by us: both must agree. */
static void test_jsonl_matches_cjson(void **state)
{
	(void)state;
	jsonl_parser p;
	parser_for_id_text_title(&p);
	wn_buf line;
	wn_buf_init(&line);
	uint64_t seed = 12345;
	for (int round = 0; round < 2000; round++) {
		wn_buf_reset(&line);
		append_cstr(&line, "{\"x\":[\"\\\"}\",{}],\"text\":\"");
		int pieces = (int)(wn_mix64(++seed) % 40);
		for (int i = 0; i < pieces; i++) {
			uint64_t r = wn_mix64(++seed);
			char tmp[16];
			switch (r % 6) {
			case 0:
				wn_buf_append(&line, "plain words ", 12);
				break;
			case 1:
				wn_buf_append(&line, "\xc3\xa9\xe2\x80\x94\xf0\x9f\x93\xb0", 9);
				break;
			case 2: {
				static const char *const simple[] = { "\\n", "\\t", "\\\"", "\\\\",
								      "\\/", "\\b", "\\f", "\\r" };
				wn_buf_append(&line, simple[(r >> 8) % 8], 2);
				break;
			}
			case 3: {
				/* A BMP code point, never a surrogate, never 0. */
				unsigned cp = 1 + (unsigned)((r >> 8) % 0xFFFE);
				if (cp >= 0xD800 && cp <= 0xDFFF)
					cp -= 0x800;
				snprintf(tmp, sizeof(tmp), (r >> 40) & 1 ? "\\u%04x" : "\\u%04X", cp);
				wn_buf_append(&line, tmp, 6);
				break;
			}
			case 4: {
				unsigned cp = 0x10000 + (unsigned)((r >> 8) % 0x100000);
				unsigned hi = 0xD800 + ((cp - 0x10000) >> 10);
				unsigned lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
				snprintf(tmp, sizeof(tmp), "\\u%04x\\u%04x", hi, lo);
				wn_buf_append(&line, tmp, 12);
				break;
			}
			default:
				wn_buf_append(&line, "\x7f~ ", 3);
				break;
			}
		}
		append_cstr(&line, "\",\"id\":7}");

		cJSON *j = cJSON_ParseWithLength(line.ptr, line.len);
		assert_non_null(j);
		const char *want = cJSON_GetObjectItemCaseSensitive(j, "text")->valuestring;
		assert_int_equal(jsonl_parse(&p, line.ptr, line.len), 0);
		assert_int_equal(p.value[S_TEXT].str.len, strlen(want));
		assert_memory_equal(p.value[S_TEXT].str.ptr, want, strlen(want));
		assert_value(&p.value[S_ID], JSONL_NUMBER, "7", 1);
		cJSON_Delete(j);
	}
	wn_buf_release(&line);
	jsonl_parser_release(&p);
}

/* A requested string with escapes is decoded while it is validated: its
 * errors must read exactly as those of a skipped value (the key "abcd" is
 * not requested, "text" is, and both are four bytes long, so the columns
 * agree), its lone surrogates must decode as documented, and a long one
 * must decode whole. */
static void test_jsonl_escaped_field(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"a\\nb\\x", "\\n\t", "\\t\\u12", "\\\\", "a\\", "\\u00e9\\q", "\\n\x01 ",
		"\\ud800\\u12G4", "\\\"", "x\\/y\\u00", "0123456789abcdef\\n0123456789\x1f",
	};
	jsonl_parser p;
	parser_for_id_text_title(&p);
	char line[128], skipped_error[sizeof(p.error)];
	for (size_t i = 0; i < WN_ARRAY_LEN(bad); i++) {
		snprintf(line, sizeof(line), "{\"abcd\":\"%s", bad[i]);
		assert_int_equal(parse(&p, line), WN_EPARSE);
		memcpy(skipped_error, p.error, sizeof(skipped_error));
		snprintf(line, sizeof(line), "{\"text\":\"%s", bad[i]);
		assert_int_equal(parse(&p, line), WN_EPARSE);
		assert_string_equal(p.error, skipped_error);
	}
	static const struct {
		const char *json, *want;
		size_t len;             /* 0: strlen(want) */
	} good[] = {
		{ "\\ud83d\\udcf0", "\xf0\x9f\x93\xb0", 0 },
		{ "\\ud83d", "\xef\xbf\xbd", 0 },
		{ "\\ud83dx", "\xef\xbf\xbdx", 0 },
		{ "\\ud83d\\n", "\xef\xbf\xbd\n", 0 },
		{ "\\ud83d\\u0041", "\xef\xbf\xbd" "A", 0 },
		{ "\\udcf0\\ud83d", "\xef\xbf\xbd\xef\xbf\xbd", 0 },
		{ "\\u0000\\u00e9", "\0\xc3\xa9", 3 },
		{ "0123456789abcde\\n0123456789abcde\\t", "0123456789abcde\n0123456789abcde\t", 0 },
	};
	for (size_t i = 0; i < WN_ARRAY_LEN(good); i++) {
		snprintf(line, sizeof(line), "{\"text\":\"%s\",\"id\":1}", good[i].json);
		assert_int_equal(parse(&p, line), 0);
		size_t want_len = good[i].len ? good[i].len : strlen(good[i].want);
		assert_value(&p.value[S_TEXT], JSONL_STRING, good[i].want, want_len);
	}
	/* 200 kB of text with an escape every few hundred bytes, as cJSON
	 * decodes it: the scratch space grows while a string is decoded. */
	wn_buf big;
	wn_buf_init(&big);
	append_cstr(&big, "{\"title\":\"t\\u00e9\",\"text\":\"");
	for (int i = 0; i < 200000 / 40; i++)
		append_cstr(&big, i % 7 ? "twenty-nine characters of te" "xt. " : "a line\\nand \\\"a quote\\\"\\t\\u00e9\\ud83d\\udcf0");
	append_cstr(&big, "\"}");
	cJSON *j = cJSON_ParseWithLength(big.ptr, big.len);
	assert_non_null(j);
	const char *want = cJSON_GetObjectItemCaseSensitive(j, "text")->valuestring;
	assert_int_equal(jsonl_parse(&p, big.ptr, big.len), 0);
	assert_int_equal(p.value[S_TEXT].str.len, strlen(want));
	assert_memory_equal(p.value[S_TEXT].str.ptr, want, strlen(want));
	assert_value(&p.value[S_TITLE], JSONL_STRING, "t\xc3\xa9", 3);
	cJSON_Delete(j);
	wn_buf_release(&big);
	jsonl_parser_release(&p);
}

/* ---- JSONL files --------------------------------------------------------- */

/* A small corpus with CRLF, blank lines, escapes, a big integer id, a missing
 * id and the optional fields. */
static const char corpus[] =
	"{\"id\":\"r1\",\"text\":\"Harbour bridge reopens\",\"title\":\"Bridge\","
	"\"date\":\"2024-03-01\",\"source\":\"Gazette\",\"url\":\"https://e.test/1\"}\r\n"
	"\r\n"
	"   \t \n"
	"{\"id\":98765432109876543210,\"text\":\"Line one\\nLine two \\u00e9\",\"date\":20240302}\n"
	"{\"text\":\"no id here\",\"title\":null,\"source\":false}\n"
	"\n"
	"{\"id\":\"e\",\"text\":\"\"}";   /* no final newline */

static void check_corpus(const got *g, const char *path)
{
	assert_int_equal(g->rc, WN_EOF);
	assert_string_equal(g->error, "");
	assert_int_equal(g->count, 4);
	const got_doc *d = g->docs;

	assert_string_equal(d[0].id, "r1");
	assert_string_equal(d[0].text, "Harbour bridge reopens");
	assert_string_equal(d[0].title, "Bridge");
	assert_string_equal(d[0].date, "2024-03-01");
	assert_string_equal(d[0].source, "Gazette");
	assert_string_equal(d[0].url, "https://e.test/1");
	assert_int_equal(d[0].line, 1);
	/* raw: the record without "\r\n" */
	assert_int_equal(d[0].raw_len, strchr(corpus, '\r') - corpus);
	assert_memory_equal(d[0].raw, corpus, d[0].raw_len);
	assert_string_equal(d[0].file, path);

	assert_string_equal(d[1].id, "98765432109876543210");
	assert_string_equal(d[1].text, "Line one\nLine two \xc3\xa9");
	assert_string_equal(d[1].date, "20240302");      /* a number keeps its text */
	assert_null(d[1].title);
	assert_int_equal(d[1].line, 4);

	assert_string_equal(d[2].id, "2");               /* its ordinal */
	assert_null(d[2].title);                         /* null: absent */
	assert_null(d[2].source);                        /* a boolean: absent */
	assert_int_equal(d[2].line, 5);

	assert_string_equal(d[3].id, "e");
	assert_int_equal(d[3].text_len, 0);
	assert_int_equal(d[3].line, 7);

	for (size_t i = 0; i < 4; i++)
		assert_int_equal(d[i].ordinal, i);
	assert_int_equal(g->stats.docs, 4);
	assert_int_equal(g->stats.files, 1);
	assert_int_equal(g->stats.bytes, sizeof(corpus) - 1);
	assert_int_equal(g->stats.empty, 1);
	assert_int_equal(g->stats.skipped, 0);
}

static wn_reader_options all_fields(void)
{
	wn_reader_options o;
	wn_reader_options_init(&o);
	o.title_field = "title";
	o.date_field = "date";
	o.source_field = "source";
	o.url_field = "url";
	return o;
}

static void test_reader_jsonl_plain(void **state)
{
	(void)state;
	const char *path = tmp_path("corpus.jsonl");
	write_bytes(path, corpus, sizeof(corpus) - 1);
	wn_reader_options o = all_fields();
	got g;
	read_one(path, &o, &g);
	check_corpus(&g, path);
	got_free(&g);
}

static void test_reader_options_defaults(void **state)
{
	(void)state;
	wn_reader_options o;
	memset(&o, 0x5a, sizeof(o));
	wn_reader_options_init(&o);
	assert_string_equal(o.id_field, "id");
	assert_string_equal(o.text_field, "text");
	assert_null(o.title_field);
	assert_int_equal(o.skip_bad, 0);
	assert_int_equal(o.max_record, (size_t)256 << 20);

	/* NULL options: the defaults; optional fields are not read. */
	const char *path = tmp_path("defaults.jsonl");
	write_text(path, "{\"id\":1,\"text\":\"t\",\"title\":\"T\"}\n");
	got g;
	read_one(path, NULL, &g);
	assert_int_equal(g.count, 1);
	assert_null(g.docs[0].title);
	got_free(&g);

	/* Other field names; the caller's strings need not outlive open. */
	char id_name[] = "doc_id", text_name[] = "body";
	wn_reader_options_init(&o);
	o.id_field = id_name;
	o.text_field = text_name;
	const char *paths[] = { path };
	wn_reader *r;
	write_text(path, "{\"doc_id\":\"k\",\"body\":\"b\",\"text\":\"not this\"}\n");
	assert_int_equal(wn_reader_open(&r, paths, 1, &o), 0);
	memset(id_name, 'x', 6);
	memset(text_name, 'x', 4);
	wn_doc doc;
	assert_int_equal(wn_reader_next(r, &doc), 0);
	assert_int_equal(doc.id.len, 1);
	assert_memory_equal(doc.id.ptr, "k", 1);
	assert_memory_equal(doc.text.ptr, "b", 1);
	assert_int_equal(wn_reader_next(r, &doc), WN_EOF);
	wn_reader_free(r);

	assert_int_equal(wn_reader_open(&r, paths, 0, NULL), WN_EINVAL);
	const char *empty[] = { "" };
	assert_int_equal(wn_reader_open(&r, empty, 1, NULL), WN_EINVAL);
	wn_reader_free(NULL);
}

static void test_reader_jsonl_gzip(void **state)
{
	(void)state;
	wn_buf z;
	wn_buf_init(&z);
	gzip_member(&z, corpus, sizeof(corpus) - 1);
	const char *path = tmp_path("corpus.gz.data");    /* names do not matter */
	write_bytes(path, z.ptr, z.len);
	wn_reader_options o = all_fields();
	got g;
	read_one(path, &o, &g);
	check_corpus(&g, path);
	got_free(&g);

	/* Multi-member: cut mid-record, and an empty member in between. */
	wn_buf_reset(&z);
	size_t cut = 37;
	gzip_member(&z, corpus, cut);
	gzip_member(&z, "", 0);
	gzip_member(&z, corpus + cut, sizeof(corpus) - 1 - cut);
	path = tmp_path("multi");
	write_bytes(path, z.ptr, z.len);
	read_one(path, &o, &g);
	check_corpus(&g, path);
	got_free(&g);
	wn_buf_release(&z);
}

static void test_reader_jsonl_zstd(void **state)
{
	(void)state;
	wn_buf z;
	wn_buf_init(&z);
	zstd_frame(&z, corpus, 100);
	zstd_frame(&z, corpus + 100, sizeof(corpus) - 1 - 100);
	const char *path = tmp_path("corpus.jsonl.zst");
	write_bytes(path, z.ptr, z.len);
	wn_reader_options o = all_fields();
	got g;
	read_one(path, &o, &g);
	check_corpus(&g, path);
	got_free(&g);
	wn_buf_release(&z);
}

/* Enough records to cross several 1 MiB buffer refills, of uneven lengths. */
static void make_big_jsonl(wn_buf *b, int records)
{
	char head[64];
	for (int i = 0; i < records; i++) {
		int n = snprintf(head, sizeof(head), "{\"id\":\"d%d\",\"text\":\"", i);
		wn_buf_append(b, head, (size_t)n);
		size_t len = 1 + wn_mix64((uint64_t)i) % 9000;
		for (size_t k = 0; k < len; k++)
			wn_buf_putc(b, (char)('a' + (i + k) % 26));
		wn_buf_append(b, "\"}\n", 3);
	}
}

static void check_big(const char *path, int records)
{
	const char *paths[] = { path };
	wn_reader *r;
	assert_int_equal(wn_reader_open(&r, paths, 1, NULL), 0);
	wn_doc doc;
	char want[32];
	for (int i = 0; i < records; i++) {
		assert_int_equal(wn_reader_next(r, &doc), 0);
		int n = snprintf(want, sizeof(want), "d%d", i);
		assert_int_equal(doc.id.len, (size_t)n);
		assert_memory_equal(doc.id.ptr, want, (size_t)n);
		assert_int_equal(doc.text.len, 1 + wn_mix64((uint64_t)i) % 9000);
		assert_int_equal(doc.text.ptr[0], 'a' + i % 26);
		assert_int_equal(doc.line, (uint64_t)i + 1);
	}
	assert_int_equal(wn_reader_next(r, &doc), WN_EOF);
	wn_reader_free(r);
}

static void test_reader_big_streams(void **state)
{
	(void)state;
	wn_buf b, z;
	wn_buf_init(&b);
	wn_buf_init(&z);
	const int records = 1200;          /* about 5.5 MB */
	make_big_jsonl(&b, records);
	const char *path = tmp_path("big.jsonl");
	write_bytes(path, b.ptr, b.len);
	check_big(path, records);

	gzip_member(&z, b.ptr, b.len / 3);
	gzip_member(&z, b.ptr + b.len / 3, b.len - b.len / 3);
	path = tmp_path("big.gz");
	write_bytes(path, z.ptr, z.len);
	check_big(path, records);

	wn_buf_reset(&z);
	zstd_frame(&z, b.ptr, b.len);
	path = tmp_path("big.zst");
	write_bytes(path, z.ptr, z.len);
	check_big(path, records);
	wn_buf_release(&b);
	wn_buf_release(&z);
}

static void test_reader_truncated_streams(void **state)
{
	(void)state;
	wn_buf b, z;
	wn_buf_init(&b);
	wn_buf_init(&z);
	make_big_jsonl(&b, 300);
	const char *good = tmp_path("good.jsonl");
	write_text(good, "{\"id\":\"after\",\"text\":\"still read\"}\n");

	for (int codec = 0; codec < 2; codec++) {
		wn_buf_reset(&z);
		if (codec == 0)
			gzip_member(&z, b.ptr, b.len);
		else
			zstd_frame(&z, b.ptr, b.len);
		const char *path = tmp_path(codec ? "cut.zst" : "cut.gz");
		size_t cut = z.len * 2 / 3;
		write_bytes(path, z.ptr, cut);

		got g;
		read_one(path, NULL, &g);
		assert_int_equal(g.rc, WN_ECORRUPT);
		assert_true(g.count < 300);    /* the records before the cut come first */
		char want[256];
		snprintf(want, sizeof(want), "%s: truncated %s stream", path,
			 codec ? "zstd" : "gzip");
		assert_non_null(strstr(g.error, want));
		snprintf(want, sizeof(want), "at compressed byte %zu", cut);
		assert_non_null(strstr(g.error, want));
		got_free(&g);

		/* skip_bad: reported, counted, and the next file is read. */
		wn_reader_options o;
		wn_reader_options_init(&o);
		o.skip_bad = 1;
		const char *paths[] = { path, good };
		read_all(paths, 2, &o, &g);
		assert_int_equal(g.rc, WN_EOF);
		assert_int_equal(g.stats.skipped, 1);
		assert_int_equal(g.skips.count, 1);
		assert_int_equal(g.skips.codes[0], WN_ECORRUPT);
		assert_non_null(strstr(g.skips.messages[0], "the rest of the file is skipped"));
		assert_string_equal(g.docs[g.count - 1].id, "after");
		assert_int_equal(g.stats.files, 2);
		got_free(&g);

		/* Corrupt data in the middle, not at the end. */
		memset(z.ptr + z.len / 2, 0x55, 64);
		write_bytes(path, z.ptr, z.len);
		read_one(path, NULL, &g);
		assert_int_equal(g.rc, WN_ECORRUPT);
		snprintf(want, sizeof(want), "%s: corrupt %s data at compressed byte", path,
			 codec ? "zstd" : "gzip");
		assert_non_null(strstr(g.error, want));
		got_free(&g);
	}

	/* Only the magic bytes. */
	const char *path = tmp_path("magic-only");
	write_bytes(path, "\x1f\x8b", 2);
	got g;
	read_one(path, NULL, &g);
	assert_int_equal(g.rc, WN_ECORRUPT);
	write_bytes(path, "\x28\xb5\x2f\xfd", 4);
	read_one(path, NULL, &g);
	assert_int_equal(g.rc, WN_ECORRUPT);
	wn_buf_release(&b);
	wn_buf_release(&z);
}

static void test_reader_bad_records(void **state)
{
	(void)state;
	const char *path = tmp_path("bad.jsonl");
	write_text(path,
		   "{\"id\":\"ok1\",\"text\":\"fine\"}\n"
		   "\n"
		   "{\"id\":\"nt\",\"title\":\"no text\"}\n"
		   "{\"id\":\"bad\",\"text\":\"x\",}\n"
		   "{\"id\":\"nul\",\"text\":null}\n"
		   "{\"id\":[1],\"text\":\"array id\"}\n"
		   "[\"not an object\"]\n"
		   "{\"id\":\"ok2\",\"text\":\"fine too\"}\n");

	/* Without skip_bad the first bad record stops the reader. */
	got g;
	read_one(path, NULL, &g);
	assert_int_equal(g.rc, WN_EFIELD);
	assert_int_equal(g.count, 1);
	char want[512];
	snprintf(want, sizeof(want), "%s:3: record has no string field \"text\"", path);
	assert_string_equal(g.error, want);
	got_free(&g);

	wn_reader_options o;
	wn_reader_options_init(&o);
	o.skip_bad = 1;
	read_one(path, &o, &g);
	assert_int_equal(g.rc, WN_EOF);
	assert_int_equal(g.count, 2);
	assert_string_equal(g.docs[0].id, "ok1");
	assert_string_equal(g.docs[1].id, "ok2");
	assert_int_equal(g.docs[1].line, 8);
	assert_int_equal(g.docs[1].ordinal, 1);     /* skipped records take no ordinal */
	assert_int_equal(g.stats.skipped, 5);
	assert_int_equal(g.stats.docs, 2);
	assert_int_equal(g.skips.count, 5);
	static const int codes[] = { WN_EFIELD, WN_EPARSE, WN_EFIELD, WN_EFIELD, WN_EPARSE };
	static const char *const messages[] = {
		"%s:3: record has no string field \"text\"",
		"%s:4: invalid JSON at byte 24: expected a key string, found '}'",
		"%s:5: record has no string field \"text\" (it is null)",
		"%s:6: field \"id\" is an array, not a string or a number",
		"%s:7: record is not a JSON object (it is an array)",
	};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(g.skips.codes[i], codes[i]);
		snprintf(want, sizeof(want), messages[i], path);
		assert_string_equal(g.skips.messages[i], want);
	}
	got_free(&g);
}

static void test_reader_max_record(void **state)
{
	(void)state;
	const char *path = tmp_path("cap.jsonl");
	/* Line 1 is exactly 40 bytes: allowed. Line 2 is longer. */
	const char *line1 = "{\"id\":\"a\",\"text\":\"0123456789abcdefghij\"}";
	assert_int_equal(strlen(line1), 40);
	char content[512];
	snprintf(content, sizeof(content),
		 "%s\n{\"id\":\"b\",\"text\":\"0123456789abcdefghijk\"}\n"
		 "{\"id\":\"c\",\"text\":\"short\"}\n", line1);
	write_text(path, content);

	wn_reader_options o;
	wn_reader_options_init(&o);
	o.max_record = 40;
	got g;
	read_one(path, &o, &g);
	assert_int_equal(g.rc, WN_ETOOBIG);
	assert_int_equal(g.count, 1);
	char want[512];
	snprintf(want, sizeof(want), "%s:2: record longer than 40 bytes (the limit)", path);
	assert_string_equal(g.error, want);
	got_free(&g);

	o.skip_bad = 1;
	read_one(path, &o, &g);
	assert_int_equal(g.rc, WN_EOF);
	assert_int_equal(g.count, 2);
	assert_string_equal(g.docs[1].id, "c");
	assert_int_equal(g.docs[1].line, 3);
	assert_int_equal(g.skips.codes[0], WN_ETOOBIG);
	got_free(&g);

	/* A line much longer than the read buffer, past a cap larger than it:
	 * the buffer grows to the cap and no further, the line is skipped. */
	wn_buf b;
	wn_buf_init(&b);
	wn_buf_append(&b, "{\"text\":\"", 9);
	for (size_t i = 0; i < (size_t)5 << 20; i++)
		wn_buf_putc(&b, 'x');
	append_cstr(&b, "\"}\n{\"id\":\"after\",\"text\":\"t\"}\n");
	write_bytes(path, b.ptr, b.len);
	o.max_record = (size_t)3 << 20;
	read_one(path, &o, &g);
	assert_int_equal(g.rc, WN_EOF);
	assert_int_equal(g.count, 1);
	assert_string_equal(g.docs[0].id, "after");
	assert_int_equal(g.docs[0].line, 2);
	assert_int_equal(g.stats.skipped, 1);
	got_free(&g);

	/* Under a large enough cap the same line is read whole. */
	o.max_record = (size_t)6 << 20;
	o.skip_bad = 0;
	read_one(path, &o, &g);
	assert_int_equal(g.rc, WN_EOF);
	assert_int_equal(g.count, 2);
	assert_int_equal(g.docs[0].text_len, (size_t)5 << 20);
	got_free(&g);

	/* A text file over the cap. */
	const char *txt = tmp_path("long.txt");
	write_text(txt, "This text file is longer than twenty bytes.");
	o.max_record = 20;
	read_one(txt, &o, &g);
	assert_int_equal(g.rc, WN_ETOOBIG);
	snprintf(want, sizeof(want), "%s: text file larger than 20 bytes (the limit)", txt);
	assert_string_equal(g.error, want);
	got_free(&g);
	wn_buf_release(&b);
}

static void test_reader_text_directory(void **state)
{
	(void)state;
	write_text(tmp_path("news/b.txt"), "Second story.\n");
	write_text(tmp_path("news/a.txt"), "First story.");
	write_text(tmp_path("news/a b.txt"), "Space sorts before dot.");
	write_text(tmp_path("news/sub/c.txt"), "{\"not\":\"json here\"}");
	write_text(tmp_path("news/sub/deeper/d.txt"), "\xEF\xBB\xBFWith a BOM.");
	write_text(tmp_path("news/empty.txt"), "");
	write_text(tmp_path("news/notes.md"), "ignored");
	write_text(tmp_path("news/sub/x.txt.bak"), "ignored");
	write_text(tmp_path("elsewhere/target.txt"), "Reached through a link.");
	assert_int_equal(symlink(tmp_path("elsewhere/target.txt"), tmp_path("news/link.txt")), 0);
	assert_int_equal(symlink(tmp_path("news"), tmp_path("news/sub/loop")), 0);
	assert_int_equal(symlink(tmp_path("nowhere.txt"), tmp_path("news/dangling.txt")), 0);
	/* Compressed text files are decompressed like any input. */
	wn_buf z;
	wn_buf_init(&z);
	gzip_member(&z, "Packed story.", 13);
	write_bytes(tmp_path("news/packed.txt"), z.ptr, z.len);
	wn_buf_release(&z);

	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/news/", tmp_root);  /* trailing slash */
	got g;
	read_one(dir, NULL, &g);
	assert_int_equal(g.rc, WN_EOF);
	static const char *const ids[] = { "a b", "a", "b", "empty", "link", "packed",
					   "sub/c", "sub/deeper/d" };
	static const char *const texts[] = { "Space sorts before dot.", "First story.",
					     "Second story.\n", "", "Reached through a link.",
					     "Packed story.", "{\"not\":\"json here\"}",
					     "With a BOM." };
	assert_int_equal(g.count, 8);
	for (size_t i = 0; i < 8; i++) {
		assert_string_equal(g.docs[i].id, ids[i]);
		assert_string_equal(g.docs[i].text, texts[i]);
		assert_int_equal(g.docs[i].line, 0);
		assert_null(g.docs[i].raw);
		assert_null(g.docs[i].title);
		assert_int_equal(g.docs[i].ordinal, i);
	}
	char want[4096];
	snprintf(want, sizeof(want), "%s/news/sub/c.txt", tmp_root);
	assert_string_equal(g.docs[6].file, want);
	assert_int_equal(g.stats.files, 8);
	assert_int_equal(g.stats.empty, 1);
	got_free(&g);
}

static void test_reader_explicit_files(void **state)
{
	(void)state;
	const char *json_txt = tmp_path("dir1/looks-like.txt");
	write_text(json_txt, "{\"id\":\"x\",\"text\":\"y\"}\n");
	const char *plain = tmp_path("dir1/notes");
	write_text(plain, "\n\n  Plain words, not JSON.\n");
	const char *empty_jsonl = tmp_path("dir1/empty.jsonl");
	write_text(empty_jsonl, " \n\r\n");
	const char *empty_txt = tmp_path("dir1/empty.txt");
	write_text(empty_txt, "");
	const char *jsonl = tmp_path("dir1/one.jsonl");
	write_text(jsonl, "\xEF\xBB\xBF  {\"text\":\"after a BOM\"}\n");
	write_text(tmp_path("dir2/z.txt"), "from a directory");

	const char *paths[] = { json_txt, plain, empty_jsonl, empty_txt, jsonl,
				tmp_path("dir2") };
	got g;
	read_all(paths, 6, NULL, &g);
	assert_int_equal(g.rc, WN_EOF);
	assert_int_equal(g.count, 5);
	assert_string_equal(g.docs[0].id, "looks-like");
	assert_string_equal(g.docs[0].text, "{\"id\":\"x\",\"text\":\"y\"}\n");
	assert_string_equal(g.docs[1].id, "notes");
	assert_string_equal(g.docs[1].text, "\n\n  Plain words, not JSON.\n");
	assert_string_equal(g.docs[2].id, "empty");
	assert_int_equal(g.docs[2].text_len, 0);
	assert_string_equal(g.docs[3].id, "3");           /* ordinal across inputs */
	assert_string_equal(g.docs[3].text, "after a BOM");
	assert_string_equal(g.docs[4].id, "z");
	assert_int_equal(g.stats.files, 6);
	assert_int_equal(g.stats.empty, 1);
	got_free(&g);
}

static void test_reader_missing_input(void **state)
{
	(void)state;
	const char *good = tmp_path("present.jsonl");
	write_text(good, "{\"text\":\"here\"}\n");
	const char *missing = tmp_path("absent.jsonl");
	wn_reader_options o;
	wn_reader_options_init(&o);
	o.skip_bad = 1;          /* does not cover files that cannot be opened */
	const char *paths[] = { good, missing, good };
	got g;
	read_all(paths, 3, &o, &g);
	assert_int_equal(g.rc, WN_EIO);
	assert_int_equal(g.count, 1);
	char want[4200];
	snprintf(want, sizeof(want), "cannot open '%s': %s", missing, strerror(ENOENT));
	assert_string_equal(g.error, want);
	assert_int_equal(g.skips.count, 0);
	got_free(&g);

	snprintf(want, sizeof(want), "%s/no-such-dir/", tmp_root);
	read_one(want, NULL, &g);
	assert_int_equal(g.rc, WN_EIO);
	got_free(&g);
}

static void test_reader_stdin(void **state)
{
	(void)state;
	wn_buf z;
	wn_buf_init(&z);
	gzip_member(&z, corpus, sizeof(corpus) - 1);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	assert_true(z.len < 65536);    /* fits in the pipe: no writer thread needed */
	assert_int_equal(write(fds[1], z.ptr, z.len), (ssize_t)z.len);
	close(fds[1]);
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);

	wn_reader_options o = all_fields();
	got g;
	read_one("-", &o, &g);
	check_corpus(&g, "-");
	got_free(&g);

	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	wn_buf_release(&z);
}

static void test_reader_error_names_stdin(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	const char data[] = "{\"text\":\"ok\"}\n{oops}\n";
	assert_int_equal(write(fds[1], data, sizeof(data) - 1), (ssize_t)sizeof(data) - 1);
	close(fds[1]);
	int saved = dup(STDIN_FILENO);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	got g;
	read_one("-", NULL, &g);
	assert_int_equal(g.rc, WN_EPARSE);
	assert_string_equal(g.error, "<stdin>:2: invalid JSON at byte 2: expected a key string, found 'o'");
	got_free(&g);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

static void test_reader_nul_in_text(void **state)
{
	(void)state;
	const char *path = tmp_path("nul.jsonl");
	write_text(path, "{\"id\":\"n\",\"text\":\"before\\u0000after\"}\n");
	got g;
	read_one(path, NULL, &g);
	assert_int_equal(g.count, 1);
	assert_int_equal(g.docs[0].text_len, 12);
	assert_memory_equal(g.docs[0].text, "before\0after", 12);
	got_free(&g);

	/* A raw NUL byte inside a string is malformed JSON. */
	write_bytes(path, "{\"text\":\"a\0b\"}\n", 15);
	read_one(path, NULL, &g);
	assert_int_equal(g.rc, WN_EPARSE);
	assert_non_null(strstr(g.error, ":1: invalid JSON at byte 11: control character 0x00"));
	got_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl_values),
		cmocka_unit_test(test_jsonl_alias_fields),
		cmocka_unit_test(test_jsonl_errors),
		cmocka_unit_test(test_jsonl_nesting_cap),
		cmocka_unit_test(test_jsonl_matches_cjson),
		cmocka_unit_test(test_jsonl_escaped_field),
		cmocka_unit_test(test_reader_options_defaults),
		cmocka_unit_test(test_reader_jsonl_plain),
		cmocka_unit_test(test_reader_jsonl_gzip),
		cmocka_unit_test(test_reader_jsonl_zstd),
		cmocka_unit_test(test_reader_big_streams),
		cmocka_unit_test(test_reader_truncated_streams),
		cmocka_unit_test(test_reader_bad_records),
		cmocka_unit_test(test_reader_max_record),
		cmocka_unit_test(test_reader_text_directory),
		cmocka_unit_test(test_reader_explicit_files),
		cmocka_unit_test(test_reader_missing_input),
		cmocka_unit_test(test_reader_stdin),
		cmocka_unit_test(test_reader_error_names_stdin),
		cmocka_unit_test(test_reader_nul_in_text),
	};
	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
