/* io/reader.c - wn_reader: directories, files and standard input turned into
 * a stream of documents. One reused line buffer per reader (1 MiB, grown only
 * for a longer line, never past max_record); lines are split with memchr and
 * handed to the JSONL field extractor (jsonl.h); bytes come from io/source.h. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/jsonl.h"
#include "io/source.h"

#define READER_CHUNK ((size_t)1 << 20)
#define DEFAULT_MAX_RECORD ((size_t)256 << 20)
#define MAX_DIR_DEPTH 256

/* Slots of the JSONL extractor. */
enum { F_ID, F_TEXT, F_TITLE, F_DATE, F_SOURCE, F_URL, F_COUNT };

/* A .txt file found under a directory: its full path and its path relative
 * to the directory (the id is REL without ".txt"). */
typedef struct dir_file {
	char *path;
	char *rel;
	size_t rel_len;
} dir_file;

typedef enum input_mode {
	MODE_NONE = 0,   /* no input open */
	MODE_DETECT,     /* an explicit file: JSONL or one text document */
	MODE_JSONL,
	MODE_TEXT
} input_mode;

/* open_stream(): the input held nothing but blank space. */
#define STREAM_EMPTY 2

struct wn_reader {
	wn_reader_options opts;
	char *field[F_COUNT];    /* owned copies of the field names */
	size_t max_record;

	char **paths;
	size_t path_count, path_next;

	dir_file *dir_files;     /* the directory being read, sorted */
	size_t dir_count, dir_cap, dir_next;

	io_source src;
	input_mode mode;
	const char *cur_path;    /* doc->file */
	const char *cur_name;    /* the input's name in messages */
	wn_str cur_id;           /* a text document's id */
	char *explicit_id;       /* the id of an explicit text file */
	uint64_t line_no;

	char *buf;               /* bytes [start, end) are unread; buf[end] is free */
	size_t cap, start, end, scan;
	int src_eof;
	int discarding;          /* skipping the rest of a too-long line */

	jsonl_parser parser;
	char ordinal[24];
	wn_buf err;
	int failed;              /* the error that stopped the reader */
	wn_reader_stats stats;
};

void wn_reader_options_init(wn_reader_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->id_field = "id";
	opts->text_field = "text";
	opts->max_record = DEFAULT_MAX_RECORD;
}

static void free_dir_files(wn_reader *r)
{
	for (size_t i = 0; i < r->dir_count; i++) {
		free(r->dir_files[i].path);
		free(r->dir_files[i].rel);
	}
	r->dir_count = r->dir_next = 0;
}

void wn_reader_free(wn_reader *r)
{
	if (!r)
		return;
	io_source_release(&r->src);
	free_dir_files(r);
	free(r->dir_files);
	for (size_t i = 0; i < r->path_count; i++)
		free(r->paths[i]);
	free(r->paths);
	for (size_t i = 0; i < F_COUNT; i++)
		free(r->field[i]);
	free(r->explicit_id);
	free(r->buf);
	jsonl_parser_release(&r->parser);
	wn_buf_release(&r->err);
	free(r);
}

int wn_reader_open(wn_reader **out, const char *const *paths, size_t path_count,
		   const wn_reader_options *opts)
{
	wn_reader_options defaults;
	if (!out)
		return WN_EINVAL;
	*out = NULL;
	if (!paths || path_count == 0)
		return WN_EINVAL;
	for (size_t i = 0; i < path_count; i++) {
		if (!paths[i] || !paths[i][0])
			return WN_EINVAL;
	}
	if (!opts) {
		wn_reader_options_init(&defaults);
		opts = &defaults;
	}

	wn_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return WN_ENOMEM;
	r->opts = *opts;
	io_source_init(&r->src);
	wn_buf_init(&r->err);
	jsonl_parser_init(&r->parser, NULL, 0);

	const char *names[F_COUNT] = {
		opts->id_field ? opts->id_field : "id",
		opts->text_field ? opts->text_field : "text",
		opts->title_field, opts->date_field, opts->source_field, opts->url_field
	};
	for (size_t i = 0; i < F_COUNT; i++) {
		if (names[i] && !(r->field[i] = wn_strndup(names[i], strlen(names[i]))))
			goto nomem;
	}
	/* The copies replace the caller's strings, which need not outlive us. */
	r->opts.id_field = r->field[F_ID];
	r->opts.text_field = r->field[F_TEXT];
	r->opts.title_field = r->field[F_TITLE];
	r->opts.date_field = r->field[F_DATE];
	r->opts.source_field = r->field[F_SOURCE];
	r->opts.url_field = r->field[F_URL];
	if (jsonl_parser_init(&r->parser, (const char *const *)r->field, F_COUNT) < 0)
		goto nomem;

	r->max_record = opts->max_record ? opts->max_record : DEFAULT_MAX_RECORD;
	/* Room for the line, its newline and a NUL must stay representable. */
	if (r->max_record > SIZE_MAX / 4)
		r->max_record = SIZE_MAX / 4;

	r->paths = wn_malloc_array(path_count, sizeof(*r->paths));
	if (!r->paths)
		goto nomem;
	for (size_t i = 0; i < path_count; i++) {
		r->paths[i] = wn_strndup(paths[i], strlen(paths[i]));
		if (!r->paths[i])
			goto nomem;
		r->path_count = i + 1;
	}
	*out = r;
	return 0;
nomem:
	wn_reader_free(r);
	return WN_ENOMEM;
}

const char *wn_reader_error(const wn_reader *r)
{
	return r && r->err.ptr ? r->err.ptr : "";
}

void wn_reader_get_stats(const wn_reader *r, wn_reader_stats *stats)
{
	if (r)
		*stats = r->stats;
	else
		memset(stats, 0, sizeof(*stats));
}

/* ---- directories --------------------------------------------------------- */

static int ends_with_txt(const char *s, size_t len)
{
	return len >= 4 && memcmp(s + len - 4, ".txt", 4) == 0;
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int slash = la > 0 && a[la - 1] != '/';
	char *p = malloc(la + (size_t)slash + lb + 1);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	if (slash)
		p[la] = '/';
	memcpy(p + la + (size_t)slash, b, lb + 1);
	return p;
}

static int add_dir_file(wn_reader *r, char *path, char *rel)
{
	if (wn_grow_array((void **)&r->dir_files, &r->dir_cap, r->dir_count + 1,
			  sizeof(*r->dir_files)) < 0) {
		free(path);
		free(rel);
		return WN_ENOMEM;
	}
	dir_file *f = &r->dir_files[r->dir_count++];
	f->path = path;
	f->rel = rel;
	f->rel_len = strlen(rel);
	return 0;
}

/* Collects the .txt files under DIR_PATH (REL: its path relative to the
 * directory given, "" at the top). Symbolic links to regular files are
 * followed; links to directories are not, so a link cycle cannot loop. */
static int walk(wn_reader *r, const char *dir_path, const char *rel, int depth)
{
	if (depth > MAX_DIR_DEPTH) {
		io_errorf(&r->err, "%s: directories nested deeper than %d levels",
			  dir_path, MAX_DIR_DEPTH);
		return WN_ETOOBIG;
	}
	DIR *d = opendir(dir_path);
	if (!d) {
		io_errorf(&r->err, "cannot open directory '%s': %s", dir_path, strerror(errno));
		return WN_EIO;
	}
	int rc = 0;
	for (;;) {
		errno = 0;
		struct dirent *e = readdir(d);
		if (!e) {
			if (errno) {
				io_errorf(&r->err, "cannot read directory '%s': %s",
					  dir_path, strerror(errno));
				rc = WN_EIO;
			}
			break;
		}
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		size_t name_len = strlen(name);
		int is_dir = e->d_type == DT_DIR;
		int is_reg = e->d_type == DT_REG;
		if (!is_dir && !is_reg && e->d_type != DT_LNK && e->d_type != DT_UNKNOWN)
			continue;               /* sockets, fifos, devices */
		if (is_reg && !ends_with_txt(name, name_len))
			continue;

		char *full = join(dir_path, name);
		if (!full) {
			rc = WN_ENOMEM;
			break;
		}
		if (!is_dir && !is_reg) {
			struct stat st;
			if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode)) {
				/* Follow to a regular file only; dangling links are skipped. */
				is_reg = stat(full, &st) == 0 && S_ISREG(st.st_mode);
			} else if (lstat(full, &st) == 0) {
				is_dir = S_ISDIR(st.st_mode);
				is_reg = S_ISREG(st.st_mode);
			}
			if (is_reg && !ends_with_txt(name, name_len))
				is_reg = 0;
		}
		if (!is_dir && !is_reg) {
			free(full);
			continue;
		}
		char *sub = rel[0] ? join(rel, name) : wn_strndup(name, name_len);
		if (!sub) {
			free(full);
			rc = WN_ENOMEM;
			break;
		}
		if (is_dir) {
			rc = walk(r, full, sub, depth + 1);
			free(full);
			free(sub);
		} else {
			rc = add_dir_file(r, full, sub);
		}
		if (rc < 0)
			break;
	}
	closedir(d);
	return rc;
}

static int compare_rel(const void *a, const void *b)
{
	/* strcmp compares as unsigned char: byte order. */
	return strcmp(((const dir_file *)a)->rel, ((const dir_file *)b)->rel);
}

static int list_dir(wn_reader *r, const char *path)
{
	free_dir_files(r);
	int rc = walk(r, path, "", 0);
	if (rc < 0) {
		free_dir_files(r);
		return rc;
	}
	if (r->dir_count > 1)
		qsort(r->dir_files, r->dir_count, sizeof(*r->dir_files), compare_rel);
	return 0;
}

/* ---- the line buffer ----------------------------------------------------- */

/* Reads more bytes after buf[end], compacting or growing the buffer first.
 * The caller has checked that the unread bytes are within max_record. */
static int fill(wn_reader *r)
{
	if (r->start == r->end) {
		r->start = r->end = r->scan = 0;
	} else if (r->start > 0 && r->cap - r->end < r->cap / 4) {
		size_t pending = r->end - r->start;
		memmove(r->buf, r->buf + r->start, pending);
		r->scan -= r->start;
		r->end = pending;
		r->start = 0;
	}
	if (r->cap - r->end <= 1) {
		/* One unfinished line fills the buffer: grow, up to the cap. */
		size_t limit = r->max_record + 2;
		size_t cap = r->cap > limit / 2 ? limit : r->cap * 2;
		if (cap <= r->cap)
			return WN_ETOOBIG;
		char *p = realloc(r->buf, cap);
		if (!p)
			return WN_ENOMEM;
		r->buf = p;
		r->cap = cap;
	}
	size_t got;
	WN_TRY(io_source_read(&r->src, r->buf + r->end, r->cap - r->end - 1, &got, &r->err));
	if (got == 0)
		r->src_eof = 1;
	r->end += got;
	r->buf[r->end] = '\0';
	r->stats.bytes += got;
	return 0;
}

/* The next line (without its '\n', NUL-terminated in place). Returns 0,
 * WN_EOF at the end of the input, WN_ETOOBIG for a line over max_record
 * (the line is then skipped by the next call), or a stream error. */
static int next_line(wn_reader *r, char **line, size_t *len)
{
	while (r->discarding) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl) {
			r->start = r->scan = (size_t)(nl - r->buf) + 1;
			r->discarding = 0;
			break;
		}
		r->start = r->end = r->scan = 0;
		if (r->src_eof) {
			r->discarding = 0;
			return WN_EOF;
		}
		WN_TRY(fill(r));
	}
	for (;;) {
		char *nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
		if (nl) {
			*line = r->buf + r->start;
			*len = (size_t)(nl - *line);
			*nl = '\0';
			r->start = r->scan = (size_t)(nl - r->buf) + 1;
			r->line_no++;
			return *len > r->max_record ? WN_ETOOBIG : 0;
		}
		r->scan = r->end;
		if (r->end - r->start > r->max_record) {
			r->line_no++;
			r->start = r->scan = r->end;
			r->discarding = 1;
			return WN_ETOOBIG;
		}
		if (r->src_eof) {
			if (r->start == r->end)
				return WN_EOF;
			/* The last line has no newline. */
			*line = r->buf + r->start;
			*len = r->end - r->start;
			r->start = r->scan = r->end;
			r->line_no++;
			return 0;
		}
		WN_TRY(fill(r));
	}
}

/* ---- inputs -------------------------------------------------------------- */

static void close_input(wn_reader *r)
{
	io_source_close(&r->src);
	r->mode = MODE_NONE;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Opens one input in MODE; MODE_DETECT looks at the first non-blank byte.
 * Returns 0, STREAM_EMPTY, or an error (message set). */
static int open_stream(wn_reader *r, const char *path, const char *name, input_mode mode)
{
	r->start = r->end = r->scan = 0;
	r->src_eof = 0;
	r->discarding = 0;
	r->line_no = 0;
	r->cur_path = path;
	r->cur_name = name;
	if (!r->buf) {
		/* A small record cap needs no 1 MiB buffer (4 KiB at least, so a
		 * read is never tiny). */
		size_t cap = r->max_record + 2 < READER_CHUNK ? r->max_record + 2 : READER_CHUNK;
		if (cap < 4096)
			cap = 4096;
		r->buf = malloc(cap);
		if (!r->buf)
			return WN_ENOMEM;
		r->cap = cap;
	}
	WN_TRY(io_source_open(&r->src, path, name, &r->err));
	r->stats.files++;
	r->mode = mode;

	/* A UTF-8 byte order mark is not content. */
	while (r->end < 3 && !r->src_eof)
		WN_TRY(fill(r));
	if (r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
		r->start = r->scan = 3;

	if (mode == MODE_DETECT) {
		size_t i = r->start;
		for (;;) {
			while (i < r->end && is_blank(r->buf[i]))
				i++;
			if (i < r->end) {
				r->mode = r->buf[i] == '{' ? MODE_JSONL : MODE_TEXT;
				break;
			}
			if (r->src_eof)
				return STREAM_EMPTY;
			if (r->end - r->start > r->max_record) {
				r->mode = MODE_TEXT;    /* too big either way */
				break;
			}
			size_t before = r->start;
			WN_TRY(fill(r));
			i -= before - r->start;  /* fill() may have compacted */
		}
	}
	return 0;
}

/* Opens the next input, listing directories on the way. Returns 0,
 * STREAM_EMPTY, WN_EOF or an error. */
static int open_next(wn_reader *r)
{
	for (;;) {
		if (r->dir_next < r->dir_count) {
			dir_file *f = &r->dir_files[r->dir_next++];
			r->cur_id.ptr = f->rel;
			r->cur_id.len = f->rel_len - 4;
			return open_stream(r, f->path, f->path, MODE_TEXT);
		}
		free_dir_files(r);
		if (r->path_next >= r->path_count)
			return WN_EOF;
		const char *path = r->paths[r->path_next++];
		if (strcmp(path, "-") == 0)
			return open_stream(r, path, "<stdin>", MODE_JSONL);

		struct stat st;
		if (stat(path, &st) != 0) {
			io_errorf(&r->err, "cannot open '%s': %s", path, strerror(errno));
			return WN_EIO;
		}
		if (S_ISDIR(st.st_mode)) {
			WN_TRY(list_dir(r, path));
			continue;
		}
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t base_len = strlen(base);
		int txt = ends_with_txt(base, base_len);
		free(r->explicit_id);
		r->explicit_id = wn_strndup(base, txt ? base_len - 4 : base_len);
		if (!r->explicit_id)
			return WN_ENOMEM;
		r->cur_id.ptr = r->explicit_id;
		r->cur_id.len = strlen(r->explicit_id);
		return open_stream(r, path, path, txt ? MODE_TEXT : MODE_DETECT);
	}
}

/* ---- errors and skipping ------------------------------------------------- */

static int stop(wn_reader *r, int code)
{
	close_input(r);
	r->failed = code;
	return code;
}

/* A bad record: with skip_bad it is counted and reported (0), else the
 * reader stops. ERR holds the message. */
static int bad_record(wn_reader *r, int code)
{
	if (!r->opts.skip_bad)
		return stop(r, code);
	r->stats.skipped++;
	if (r->opts.on_skip)
		r->opts.on_skip(r->opts.skip_ctx, code, r->err.ptr ? r->err.ptr : "");
	return 0;
}

/* A stream that broke: a corrupt or truncated compressed file can be skipped
 * (what is left of it is lost); nothing else can. */
static int stream_failed(wn_reader *r, int code)
{
	if (code != WN_ECORRUPT || !r->opts.skip_bad)
		return stop(r, code);
	const char *note = r->mode == MODE_TEXT ? "; the file is skipped"
						: "; the rest of the file is skipped";
	wn_buf_append(&r->err, note, strlen(note));
	close_input(r);
	return bad_record(r, code);
}

/* ---- documents ----------------------------------------------------------- */

static const char *kind_name(jsonl_kind kind)
{
	switch (kind) {
	case JSONL_NULL: return "null";
	case JSONL_BOOL: return "a boolean";
	case JSONL_NUMBER: return "a number";
	case JSONL_STRING: return "a string";
	case JSONL_ARRAY: return "an array";
	case JSONL_OBJECT: return "an object";
	default: return "absent";
	}
}

static void clear_doc(wn_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
}

static wn_str optional_field(const jsonl_value *v)
{
	wn_str s = { NULL, 0 };
	if (v->kind == JSONL_STRING || v->kind == JSONL_NUMBER)
		s = v->str;
	return s;
}

static int fill_jsonl_doc(wn_reader *r, wn_doc *doc, const char *line, size_t len)
{
	const jsonl_value *v = r->parser.value;
	unsigned long long line_no = (unsigned long long)r->line_no;

	if (v[F_TEXT].kind != JSONL_STRING) {
		if (v[F_TEXT].kind == JSONL_ABSENT)
			io_errorf(&r->err, "%s:%llu: record has no string field \"%s\"",
				  r->cur_name, line_no, r->field[F_TEXT]);
		else
			io_errorf(&r->err, "%s:%llu: record has no string field \"%s\" (it is %s)",
				  r->cur_name, line_no, r->field[F_TEXT],
				  kind_name(v[F_TEXT].kind));
		return WN_EFIELD;
	}
	clear_doc(doc);
	switch (v[F_ID].kind) {
	case JSONL_STRING:
	case JSONL_NUMBER:
		doc->id = v[F_ID].str;
		break;
	case JSONL_ABSENT:
	case JSONL_NULL: {
		int n = snprintf(r->ordinal, sizeof(r->ordinal), "%llu",
				 (unsigned long long)r->stats.docs);
		doc->id.ptr = r->ordinal;
		doc->id.len = (size_t)n;
		break;
	}
	default:
		io_errorf(&r->err, "%s:%llu: field \"%s\" is %s, not a string or a number",
			  r->cur_name, line_no, r->field[F_ID], kind_name(v[F_ID].kind));
		return WN_EFIELD;
	}
	doc->text = v[F_TEXT].str;
	doc->title = optional_field(&v[F_TITLE]);
	doc->date = optional_field(&v[F_DATE]);
	doc->source = optional_field(&v[F_SOURCE]);
	doc->url = optional_field(&v[F_URL]);
	doc->raw.ptr = line;
	doc->raw.len = len;
	doc->file = r->cur_path;
	doc->line = r->line_no;
	return 0;
}

/* Reads a whole text input into the buffer as one document. */
static int read_text_doc(wn_reader *r, wn_doc *doc)
{
	for (;;) {
		if (r->end - r->start > r->max_record) {
			io_errorf(&r->err, "%s: text file larger than %zu bytes (the limit)",
				  r->cur_name, r->max_record);
			return WN_ETOOBIG;
		}
		if (r->src_eof)
			break;
		WN_TRY(fill(r));
	}
	clear_doc(doc);
	doc->text.ptr = r->buf + r->start;
	doc->text.len = r->end - r->start;
	doc->id = r->cur_id;
	doc->file = r->cur_path;
	doc->line = 0;
	return 0;
}

static int emit(wn_reader *r, wn_doc *doc)
{
	doc->ordinal = r->stats.docs++;
	if (doc->text.len == 0)
		r->stats.empty++;
	return 0;
}

int wn_reader_next(wn_reader *r, wn_doc *doc)
{
	if (!r || !doc)
		return WN_EINVAL;
	if (r->failed)
		return r->failed;
	wn_buf_reset(&r->err);

	for (;;) {
		int rc;
		if (r->mode == MODE_NONE) {
			rc = open_next(r);
			if (rc == WN_EOF)
				return WN_EOF;
			if (rc == STREAM_EMPTY) {
				close_input(r);
				continue;
			}
			if (rc < 0) {
				if (rc == WN_ENOMEM || r->mode == MODE_NONE)
					return stop(r, rc);  /* could not open: always fatal */
				if (stream_failed(r, rc) < 0)
					return rc;
				continue;
			}
		}

		if (r->mode == MODE_TEXT) {
			rc = read_text_doc(r, doc);
			if (rc == 0) {
				close_input(r);
				return emit(r, doc);
			}
			if (rc == WN_ETOOBIG) {
				close_input(r);
				if (bad_record(r, rc) < 0)
					return rc;
			} else if (stream_failed(r, rc) < 0) {
				return rc;
			}
			continue;
		}

		char *line;
		size_t len;
		rc = next_line(r, &line, &len);
		if (rc == WN_EOF) {
			close_input(r);
			continue;
		}
		if (rc == WN_ETOOBIG) {
			io_errorf(&r->err, "%s:%llu: record longer than %zu bytes (the limit)",
				  r->cur_name, (unsigned long long)r->line_no, r->max_record);
			if (bad_record(r, rc) < 0)
				return rc;
			continue;
		}
		if (rc < 0) {
			if (stream_failed(r, rc) < 0)
				return rc;
			continue;
		}

		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		size_t i = 0;
		while (i < len && is_blank(line[i]))
			i++;
		if (i == len)
			continue;               /* blank lines are not records */

		rc = jsonl_parse(&r->parser, line, len);
		if (rc == WN_EPARSE)
			io_errorf(&r->err, "%s:%llu: %s", r->cur_name,
				  (unsigned long long)r->line_no, r->parser.error);
		else if (rc == 0)
			rc = fill_jsonl_doc(r, doc, line, len);
		if (rc == 0)
			return emit(r, doc);
		if (rc == WN_ENOMEM)
			return stop(r, rc);
		if (bad_record(r, rc) < 0)
			return rc;
	}
}
