/* test_output.c - wn_output: JSON strings from any bytes (checked by parsing
 * them back with cJSON), numbers, and atomic commit and abort. */
#define _GNU_SOURCE /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"
#include "winnow.h"

static char tmp_root[1024];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int setup_tmp(void **state)
{
	(void)state;
	const char *base = getenv("TMPDIR");
	snprintf(tmp_root, sizeof(tmp_root), "%s/wn-test-output-XXXXXX",
		 base && *base ? base : "/tmp");
	return mkdtemp(tmp_root) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
	(void)state;
	nftw(tmp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static const char *tmp_path(const char *rel)
{
	static char paths[4][2048];
	static int next;
	char *p = paths[next++ % 4];
	assert_true(strlen(tmp_root) + strlen(rel) + 2 <= sizeof(paths[0]));
	snprintf(p, sizeof(paths[0]), "%s/%s", tmp_root, rel);
	return p;
}

/* The whole file, NUL-terminated; *LEN its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	wn_buf b;
	wn_buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(wn_buf_append(&b, chunk, n), 0);
	fclose(f);
	if (!b.ptr)
		assert_int_equal(wn_buf_grow(&b, 0), 0);
	*len = b.len;
	return b.ptr;
}

/* Names in the temporary directory (subdirectory REL), sorted, joined by ' '. */
static void list_dir(const char *rel, char *out, size_t size)
{
	DIR *d = opendir(tmp_path(rel));
	assert_non_null(d);
	char names[64][256];
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && count < 64)
			snprintf(names[count++], 256, "%s", e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)count, 256, (int (*)(const void *, const void *))strcmp);
	out[0] = '\0';
	for (int i = 0; i < count; i++) {
		if (i)
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, names[i], size - strlen(out) - 1);
	}
}

/* Writes with FN into a fresh file and returns its contents. */
static char *render(void (*fn)(wn_output *, void *), void *arg, size_t *len)
{
	const char *path = tmp_path("render.out");
	wn_output *o;
	assert_int_equal(wn_output_open(&o, path), 0);
	fn(o, arg);
	assert_int_equal(wn_output_commit(o), 0);
	char *text = slurp(path, len);
	unlink(path);
	return text;
}

static void put_json(wn_output *o, void *arg)
{
	assert_int_equal(wn_output_json_string(o, *(wn_str *)arg), 0);
}

static void assert_json(const char *in, size_t in_len, const char *want)
{
	wn_str s = { in, in_len };
	size_t len;
	char *got = render(put_json, &s, &len);
	assert_string_equal(got, want);
	free(got);
}

/* ---- an independent UTF-8 check: decode, then test ranges ---------------- */

static int is_valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* ---- JSON strings -------------------------------------------------------- */

static void test_json_escapes(void **state)
{
	(void)state;
	assert_json("plain", 5, "\"plain\"");
	assert_json("", 0, "\"\"");
	assert_json("q\"b\\n\nt\tr\rb\bf\f", 14, "\"q\\\"b\\\\n\\nt\\tr\\rb\\bf\\f\"");
	assert_json("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	assert_json("a\0b", 3, "\"a\\u0000b\"");
	assert_json("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\xb0 \xf4\x8f\xbf\xbf", 19,
		    "\"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\xb0 \xf4\x8f\xbf\xbf\"");
	wn_str absent = { NULL, 0 };
	size_t len;
	char *got = render(put_json, &absent, &len);
	assert_string_equal(got, "null");
	free(got);
}

#define R "\xef\xbf\xbd"

static void test_json_invalid_utf8(void **state)
{
	(void)state;
	/* Unicode 15, Table 3-8: one U+FFFD per maximal subpart. */
	assert_json("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64", 13,
		    "\"a" R R R "b" R "c" R R "d\"");
	assert_json("\xC0\xAF", 2, "\"" R R "\"");                 /* overlong */
	assert_json("\xE0\x80\xAF", 3, "\"" R R R "\"");           /* overlong */
	assert_json("\xF0\x80\x80\xAF", 4, "\"" R R R R "\"");     /* overlong */
	assert_json("\xED\xA0\x80", 3, "\"" R R R "\"");           /* surrogate */
	assert_json("\xF4\x90\x80\x80", 4, "\"" R R R R "\"");     /* > U+10FFFF */
	assert_json("\xF5\xFF\xFE", 3, "\"" R R R "\"");
	assert_json("x\xE2\x82", 3, "\"x" R "\"");                 /* cut at the end */
	assert_json("\xE2\x82x", 3, "\"" R "x\"");
	assert_json("\xF0\x9F\x93", 3, "\"" R "\"");
}

static void put_many(wn_output *o, void *arg)
{
	wn_str *items = arg;
	for (size_t i = 0; items[i].ptr; i++) {
		assert_int_equal(wn_output_json_string(o, items[i]), 0);
		assert_int_equal(wn_output_write(o, "\n", 1), 0);
	}
}

/* Random bytes of every kind, written and parsed back by cJSON: always valid
 * JSON holding valid UTF-8, and exactly the input when the input was valid. */
static void test_json_random_roundtrip(void **state)
{
	(void)state;
	enum { COUNT = 3000 };
	static wn_str items[COUNT + 1];
	static char storage[COUNT][300];
	uint64_t seed = 99;
	static const char *const pieces[] = {
		"word ", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x93\xb0", "\"", "\\", "\n",
		"\x01", "\x1f", "\x7f", "\x80", "\xbf", "\xc0", "\xc1\xbf", "\xe0\x80",
		"\xed\xa0\x80", "\xf4\x90", "\xf8\x88\x80\x80\x80", "\xff", "\xfe",
	};
	for (size_t i = 0; i < COUNT; i++) {
		size_t len = 0;
		int n = (int)(wn_mix64(++seed) % 40);
		for (int k = 0; k < n; k++) {
			uint64_t r = wn_mix64(++seed);
			if (r & 1) {
				const char *p = pieces[(r >> 1) % WN_ARRAY_LEN(pieces)];
				memcpy(storage[i] + len, p, strlen(p));
				len += strlen(p);
			} else {
				/* Any byte but NUL (cJSON's strings end at a NUL). */
				storage[i][len++] = (char)(1 + (r >> 8) % 255);
			}
		}
		items[i].ptr = storage[i];
		items[i].len = len;
	}
	items[COUNT].ptr = NULL;

	size_t len;
	char *text = render(put_many, items, &len);
	char *line = text;
	size_t valid_inputs = 0;
	for (size_t i = 0; i < COUNT; i++) {
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		cJSON *j = cJSON_ParseWithLength(line, (size_t)(nl - line));
		assert_non_null(j);
		assert_true(cJSON_IsString(j));
		const char *back = j->valuestring;
		assert_true(is_valid_utf8((const unsigned char *)back, strlen(back)));
		if (is_valid_utf8((const unsigned char *)items[i].ptr, items[i].len)) {
			valid_inputs++;
			assert_int_equal(strlen(back), items[i].len);
			assert_memory_equal(back, items[i].ptr, items[i].len);
		}
		/* Every raw byte of the output is printable or part of UTF-8. */
		for (char *c = line; c < nl; c++)
			assert_true((unsigned char)*c >= 0x20);
		cJSON_Delete(j);
		line = nl + 1;
	}
	assert_true(valid_inputs > 50 && valid_inputs < COUNT);   /* both kinds met */
	free(text);
}

/* ---- numbers ------------------------------------------------------------- */

static void put_numbers(wn_output *o, void *arg)
{
	(void)arg;
	static const uint64_t ints[] = { 0, 7, 10, 1234567890, UINT64_MAX };
	for (size_t i = 0; i < WN_ARRAY_LEN(ints); i++) {
		assert_int_equal(wn_output_u64(o, ints[i]), 0);
		assert_int_equal(wn_output_puts(o, " "), 0);
	}
	static const double reals[] = { 0.9375, 1.0, 0.0, -0.5, 0.99996, 0.00004,
					-0.00004, 12.34567, 1e15 + 0.5, NAN, INFINITY };
	for (size_t i = 0; i < WN_ARRAY_LEN(reals); i++) {
		assert_int_equal(wn_output_fixed4(o, reals[i]), 0);
		assert_int_equal(wn_output_puts(o, " "), 0);
	}
}

static void test_numbers(void **state)
{
	(void)state;
	size_t len;
	const char *want = "0 7 10 1234567890 18446744073709551615 "
			   "0.9375 1.0000 0.0000 -0.5000 1.0000 0.0000 0.0000 12.3457 "
			   "1000000000000000.5000 null null ";
	char *got = render(put_numbers, NULL, &len);
	assert_string_equal(got, want);
	free(got);

	/* A locale with a decimal comma must not leak into JSON. */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		got = render(put_numbers, NULL, &len);
		assert_string_equal(got, want);
		free(got);
		setlocale(LC_NUMERIC, "C");
	}
}

/* ---- atomic files -------------------------------------------------------- */

static void test_commit_and_abort(void **state)
{
	(void)state;
	mkdir(tmp_path("atomic"), 0755);
	const char *target = tmp_path("atomic/out.jsonl");
	char names[1024];

	/* Nothing is visible under the target's name before the commit. */
	wn_output *o;
	assert_int_equal(wn_output_open(&o, target), 0);
	assert_int_equal(wn_output_puts(o, "first\n"), 0);
	assert_int_equal(access(target, F_OK), -1);
	list_dir("atomic", names, sizeof(names));
	assert_true(names[0] == '.' && strstr(names, ".out.jsonl.") == names);
	assert_int_equal(wn_output_commit(o), 0);
	list_dir("atomic", names, sizeof(names));
	assert_string_equal(names, "out.jsonl");
	size_t len;
	char *text = slurp(target, &len);
	assert_string_equal(text, "first\n");
	free(text);

	/* Abort: the old file stays as it was, no temporary is left. */
	assert_int_equal(wn_output_open(&o, target), 0);
	assert_int_equal(wn_output_puts(o, "second\n"), 0);
	wn_output_abort(o);
	list_dir("atomic", names, sizeof(names));
	assert_string_equal(names, "out.jsonl");
	text = slurp(target, &len);
	assert_string_equal(text, "first\n");
	free(text);

	/* Commit replaces; writes larger than the buffer go through whole. */
	wn_buf big;
	wn_buf_init(&big);
	for (int i = 0; i < 300000; i++)
		wn_buf_putc(&big, (char)('a' + i % 26));
	assert_int_equal(wn_output_open(&o, target), 0);
	assert_int_equal(wn_output_puts(o, "<"), 0);
	assert_int_equal(wn_output_write(o, big.ptr, big.len), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(wn_output_write(o, big.ptr, 97), 0);
	assert_int_equal(wn_output_commit(o), 0);
	text = slurp(target, &len);
	assert_int_equal(len, 1 + big.len + 97000);
	assert_int_equal(text[0], '<');
	assert_memory_equal(text + 1, big.ptr, big.len);
	assert_memory_equal(text + 1 + big.len + 970 * 97, big.ptr, 97);
	free(text);
	wn_buf_release(&big);

	/* Abort with no earlier file: nothing at all is left. */
	const char *fresh = tmp_path("atomic/never.jsonl");
	assert_int_equal(wn_output_open(&o, fresh), 0);
	assert_int_equal(wn_output_puts(o, "x"), 0);
	wn_output_abort(o);
	assert_int_equal(access(fresh, F_OK), -1);
	list_dir("atomic", names, sizeof(names));
	assert_string_equal(names, "out.jsonl");
	wn_output_abort(NULL);
}

static void test_permissions(void **state)
{
	(void)state;
	const char *target = tmp_path("mode.out");
	static const mode_t masks[] = { 022, 077, 002 };
	static const mode_t modes[] = { 0644, 0600, 0644 };
	for (size_t i = 0; i < 3; i++) {
		mode_t old = umask(masks[i]);
		wn_output *o;
		assert_int_equal(wn_output_open(&o, target), 0);
		assert_int_equal(wn_output_commit(o), 0);
		umask(old);
		struct stat st;
		assert_int_equal(stat(target, &st), 0);
		assert_int_equal(st.st_mode & 0777, modes[i]);
		unlink(target);
	}
}

static void test_open_failures(void **state)
{
	(void)state;
	wn_output *o = (wn_output *)1;
	errno = 0;
	assert_int_equal(wn_output_open(&o, tmp_path("no-such-dir/out.jsonl")), WN_EIO);
	assert_int_equal(errno, ENOENT);
	assert_null(o);
	assert_int_equal(wn_output_open(&o, tmp_root), WN_EIO);   /* a directory */
	assert_int_equal(errno, EISDIR);
}

static void test_devices_written_in_place(void **state)
{
	(void)state;
	/* /dev/null must stay a device: never replaced by a renamed file. */
	wn_output *o;
	assert_int_equal(wn_output_open(&o, "/dev/null"), 0);
	assert_int_equal(wn_output_puts(o, "discarded\n"), 0);
	assert_int_equal(wn_output_commit(o), 0);
	struct stat st;
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

static void test_stdout(void **state)
{
	(void)state;
	const char *path = tmp_path("stdout.capture");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	assert_int_equal(dup2(fileno(f), STDOUT_FILENO), STDOUT_FILENO);

	wn_output *o;
	assert_int_equal(wn_output_open(&o, "-"), 0);
	assert_int_equal(wn_output_json_string(o, (wn_str){ "to stdout", 9 }), 0);
	assert_int_equal(wn_output_commit(o), 0);
	assert_int_equal(wn_output_open(&o, NULL), 0);
	assert_int_equal(wn_output_puts(o, " dropped"), 0);
	wn_output_abort(o);                     /* buffered bytes are dropped */

	assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
	close(saved);
	fclose(f);
	size_t len;
	char *text = slurp(path, &len);
	assert_string_equal(text, "\"to stdout\"");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_invalid_utf8),
		cmocka_unit_test(test_json_random_roundtrip),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_commit_and_abort),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_open_failures),
		cmocka_unit_test(test_devices_written_in_place),
		cmocka_unit_test(test_stdout),
	};
	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
