/* cli/common.c - option handling and messages shared by the commands. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char cli_common_help[] =
	"Input options:\n"
	"  --id-field F       JSONL field holding the id (default: id)\n"
	"  --text-field F     JSONL field holding the text (default: text)\n"
	"  --title-field F    title field, read when present (default: title)\n"
	"  --date-field F     date field, ISO 8601 (default: date)\n"
	"  --source-field F   source (outlet or site) field (default: source)\n"
	"  --url-field F      URL field (default: url)\n"
	"                     an empty name (--date-field '') ignores that field\n"
	"  --skip-bad         skip malformed records, count and report them\n"
	"Output options:\n"
	"  -o, --output FILE  write to FILE atomically (default: standard output)\n"
	"  -q, --quiet        no summary on standard error\n"
	"  -j, --threads N    worker threads (default: one per core); the output\n"
	"                     is the same whatever N is\n"
	"  --help             this help\n"
	"INPUT is a directory (its .txt files, recursively), a JSONL file (plain,\n"
	"gzip or zstd) or a text file, or - for JSONL on standard input.\n";

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("winnow: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("winnow: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void on_skip(void *ctx, int code, const char *message)
{
	cli_common *c = ctx;
	c->skipped++;
	cli_warn("skipped %s", message);
}

void cli_common_init(cli_common *c)
{
	memset(c, 0, sizeof(*c));
	wn_reader_options_init(&c->reader);
	c->reader.title_field = "title";
	c->reader.date_field = "date";
	c->reader.source_field = "source";
	c->reader.url_field = "url";
	c->reader.on_skip = on_skip;
	c->reader.skip_ctx = c;
}

int cli_common_option(cli_common *c, int opt, const char *arg)
{
	/* An empty field name turns an optional field off. */
	const char *field = arg && *arg ? arg : NULL;
	switch (opt) {
	case OPT_ID_FIELD: c->reader.id_field = arg; return 1;
	case OPT_TEXT_FIELD: c->reader.text_field = arg; return 1;
	case OPT_TITLE_FIELD: c->reader.title_field = field; return 1;
	case OPT_DATE_FIELD: c->reader.date_field = field; return 1;
	case OPT_SOURCE_FIELD: c->reader.source_field = field; return 1;
	case OPT_URL_FIELD: c->reader.url_field = field; return 1;
	case OPT_SKIP_BAD: c->reader.skip_bad = 1; return 1;
	case 'o': c->output = arg; return 1;
	case 'q': c->quiet = 1; return 1;
	case 'j': {
		char *end;
		long n = strtol(arg, &end, 10);
		if (end == arg || *end || n < 0 || n > 256) {
			cli_error("-j takes a number of threads from 0 (one per core) to 256, not '%s'", arg);
			return -EXIT_USAGE;
		}
		c->threads = (unsigned)n;
		return 1;
	}
	default: return 0;
	}
}

int cli_common_inputs(cli_common *c, int argc, char **argv, const char *usage)
{
	if (optind >= argc) {
		cli_error("no input given");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	c->inputs = argv + optind;
	c->input_count = argc - optind;
	return 0;
}

int cli_exit_code(int rc)
{
	switch (rc) {
	case WN_OK:
	case WN_EOF: return EXIT_OK;
	case WN_EIO: return EXIT_IO;
	case WN_EPARSE:
	case WN_EFIELD:
	case WN_ETOOBIG:
	case WN_ECORRUPT: return EXIT_DATA;
	case WN_EINVAL: return EXIT_USAGE;
	default: return EXIT_INTERNAL;
	}
}

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *cli_human_bytes(double bytes, char *buf, size_t size)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB" };
	size_t u = 0;
	while (bytes >= 1000.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		bytes /= 1000.0;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
	return buf;
}

static char **spooled;
static int spooled_count;

static void remove_spooled(void)
{
	for (int i = 0; i < spooled_count; i++) {
		unlink(spooled[i]);
		free(spooled[i]);
	}
	free(spooled);
}

int cli_spool_stdin(cli_common *c)
{
	for (int i = 0; i < c->input_count; i++) {
		if (strcmp(c->inputs[i], "-") != 0)
			continue;
		const char *tmpdir = getenv("TMPDIR");
		char path[4096];
		snprintf(path, sizeof(path), "%s/winnow-stdin-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
		int fd = mkstemp(path);
		if (fd < 0) {
			cli_error("cannot create a temporary file for standard input: %s", strerror(errno));
			return EXIT_IO;
		}
		char **grown = realloc(spooled, (size_t)(spooled_count + 1) * sizeof(char *));
		char *copy = strdup(path);
		if (!grown || !copy) {
			free(copy);
			close(fd);
			unlink(path);
			return EXIT_INTERNAL;
		}
		if (!spooled)
			atexit(remove_spooled);
		spooled = grown;
		spooled[spooled_count++] = copy;
		static char buf[1 << 16];
		ssize_t got;
		while ((got = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0 || write(fd, buf, (size_t)got) != got) {
				cli_error("cannot copy standard input to %s: %s", path, strerror(errno));
				close(fd);
				return EXIT_IO;
			}
		}
		close(fd);
		c->inputs[i] = copy;
	}
	return 0;
}

wn_reader_options cli_quiet_reader_options(const cli_common *c)
{
	wn_reader_options o = c->reader;
	o.on_skip = NULL;
	o.skip_ctx = NULL;
	return o;
}

int cli_parse_double(const char *name, const char *arg, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(arg, &end);
	if (end == arg || *end || !(v >= lo && v <= hi)) {
		cli_error("--%s takes a number from %g to %g, not '%s'", name, lo, hi, arg);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

int cli_parse_long(const char *name, const char *arg, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || *end || v < lo || v > hi) {
		cli_error("--%s takes a whole number from %ld to %ld, not '%s'", name, lo, hi, arg);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

void cli_cannot_write(const char *path, int rc)
{
	cli_error("cannot write '%s': %s", path ? path : "-",
		  rc == WN_EIO && errno ? strerror(errno) : wn_strerror(rc));
}
