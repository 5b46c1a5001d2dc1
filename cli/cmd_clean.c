/* cli/cmd_clean.c - winnow clean: strip page chrome from each document and
 * say why each line went.
 *
 * The pipeline reads the input (twice with site statistics: the first pass
 * counts each site's repeated blocks), cleans on worker threads and hands
 * the results back in input order, which we write as JSONL, or, with
 * --explain, as a line-by-line account of one page. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: winnow clean [OPTIONS] INPUT...\n"
	"\n"
	"Strips page chrome (menus, share bars, cookie banners, appeals, bylines\n"
	"and bios, teasers of other stories, comments) from each document. Writes\n"
	"one JSON object per document, in input order:\n"
	"  {\"id\", \"text\", \"removed\": [{\"line\": N, \"reason\": R}, ...]}\n"
	"text is the kept lines joined by newlines; N is a 1-based line number of\n"
	"the input text. Reasons: nav, share, cookie, appeal, bio, read-more, meta,\n"
	"teaser, legal, short, links, comment, site-repeat (see docs/cleaning.md).\n"
	"\n"
	"Options:\n"
	"  --explain ID            print document ID with every line marked kept (+)\n"
	"                          or removed (-) and why, instead of the JSONL\n"
	"  --no-site-repeat        clean each page alone (one pass over the input)\n"
	"  --language-independent  ignore the stopword lists (for languages without\n"
	"                          one; English, German, French, Spanish, Italian,\n"
	"                          Portuguese, Dutch, Russian, Ukrainian, Polish have)\n"
	"  --site-share S          a block on this share of a site's pages is the\n"
	"                          site's chrome (default 0.3)\n"
	"  --site-pages N          ... and on at least N of them (default 3)\n"
	"\n";

enum {
	OPT_EXPLAIN = OPT_COMMAND_BASE, OPT_NO_SITE_REPEAT, OPT_LANGUAGE_INDEPENDENT,
	OPT_SITE_SHARE, OPT_SITE_PAGES
};

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "no-site-repeat", no_argument, NULL, OPT_NO_SITE_REPEAT },
	{ "language-independent", no_argument, NULL, OPT_LANGUAGE_INDEPENDENT },
	{ "site-share", required_argument, NULL, OPT_SITE_SHARE },
	{ "site-pages", required_argument, NULL, OPT_SITE_PAGES },
	{ NULL, 0, NULL, 0 }
};

typedef struct clean_state {
	wn_output *out;
	const char *explain;     /* --explain ID, or NULL */
	size_t explain_len;
	int explained;           /* the page was found */
	uint64_t docs;
	uint64_t lines;          /* non-blank input lines */
} clean_state;

static int write_doc(clean_state *st, const wn_doc *doc, const wn_clean_result *res)
{
	wn_output *out = st->out;
	CLI_TRY(wn_output_puts(out, "{\"id\":"));
	CLI_TRY(wn_output_json_string(out, doc->id));
	CLI_TRY(wn_output_puts(out, ",\"text\":"));
	CLI_TRY(wn_output_json_string(out, res->text));
	CLI_TRY(wn_output_puts(out, ",\"removed\":["));
	int first = 1;
	for (size_t i = 0; i < res->line_count; i++) {
		const wn_clean_line *l = &res->lines[i];
		if (l->reason == WN_KEEP)
			continue;
		CLI_TRY(wn_output_puts(out, first ? "{\"line\":" : ",{\"line\":"));
		CLI_TRY(wn_output_u64(out, l->line));
		CLI_TRY(wn_output_puts(out, ",\"reason\":\""));
		CLI_TRY(wn_output_puts(out, wn_clean_reason_name(l->reason)));
		CLI_TRY(wn_output_puts(out, "\"}"));
		first = 0;
	}
	return wn_output_puts(out, "]}\n");
}

/* One page, line by line: "  12 + keep       text" or "  13 - nav        text". */
static int explain_doc(clean_state *st, const wn_doc *doc, const wn_clean_result *res)
{
	wn_output *out = st->out;
	char head[160];
	snprintf(head, sizeof(head), "%zu lines, %zu kept, %zu removed\n", res->line_count,
		 res->line_count - res->removed_count, res->removed_count);
	CLI_TRY(wn_output_puts(out, "document "));
	CLI_TRY(wn_output_write(out, doc->id.ptr, doc->id.len));
	CLI_TRY(wn_output_puts(out, ": "));
	CLI_TRY(wn_output_puts(out, head));
	for (size_t i = 0; i < res->line_count; i++) {
		const wn_clean_line *l = &res->lines[i];
		char mark[48];
		snprintf(mark, sizeof(mark), "%5u %c %-12s ", (unsigned)l->line,
			 l->reason == WN_KEEP ? '+' : '-', wn_clean_reason_name(l->reason));
		CLI_TRY(wn_output_puts(out, mark));
		/* the line as it is, control characters shown as spaces */
		for (size_t k = 0; k < l->text.len; k++) {
			char ch = l->text.ptr[k];
			if ((unsigned char)ch < 0x20)
				ch = ' ';
			CLI_TRY(wn_output_write(out, &ch, 1));
		}
		CLI_TRY(wn_output_puts(out, "\n"));
	}
	return 0;
}

static int on_doc(void *ctx, const wn_doc *doc, const wn_clean_result *res)
{
	clean_state *st = ctx;
	st->docs++;
	st->lines += res->line_count;
	if (!st->explain)
		return write_doc(st, doc, res);
	if (st->explained || doc->id.len != st->explain_len ||
	    (st->explain_len && memcmp(doc->id.ptr, st->explain, st->explain_len)))
		return 0;
	st->explained = 1;
	return explain_doc(st, doc, res);
}

static void print_summary(const cli_common *c, const clean_state *st, const wn_pipeline *pl)
{
	wn_pipeline_stats ps;
	wn_pipeline_get_stats(pl, &ps);
	char in[32], kept[32];
	cli_human_bytes((double)ps.reader.bytes, in, sizeof(in));
	cli_human_bytes((double)ps.bytes_clean, kept, sizeof(kept));
	fprintf(stderr, "winnow clean: %llu documents, %s read, %s kept\n",
		(unsigned long long)st->docs, in, kept);
	fprintf(stderr, "  lines             %llu\n", (unsigned long long)st->lines);
	fprintf(stderr, "  lines removed     %llu\n", (unsigned long long)ps.lines_removed);
	for (int r = 1; r < WN_REASON_COUNT; r++)
		if (ps.removed_by_reason[r])
			fprintf(stderr, "    %-15s %llu\n", wn_clean_reason_name((wn_clean_reason)r),
				(unsigned long long)ps.removed_by_reason[r]);
	if (c->skipped)
		fprintf(stderr, "  skipped records   %llu (bad input, --skip-bad)\n",
			(unsigned long long)c->skipped);
	fprintf(stderr, "  time              %.2f s, %.1f MB/s, %u thread%s\n", ps.seconds,
		ps.seconds > 0 ? (double)ps.reader.bytes / 1e6 / ps.seconds : 0.0, ps.threads,
		ps.threads == 1 ? "" : "s");
}

int cmd_clean(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	wn_clean_options co;
	wn_clean_options_init(&co);
	clean_state st;
	memset(&st, 0, sizeof(st));
	int opt, rc;
	double v;

	optind = 1;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, options, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(usage, stdout);
			fputs(cli_common_help, stdout);
			return EXIT_OK;
		}
		if ((rc = cli_common_option(&c, opt, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (opt) {
		case OPT_EXPLAIN:
			st.explain = optarg;
			st.explain_len = strlen(optarg);
			break;
		case OPT_NO_SITE_REPEAT: co.site_repeat = 0; break;
		case OPT_LANGUAGE_INDEPENDENT: co.language_independent = 1; break;
		case OPT_SITE_SHARE:
			if (cli_parse_double("site-share", optarg, 0.0, 1.0, &v))
				return EXIT_USAGE;
			co.site_min_share = v;
			break;
		case OPT_SITE_PAGES:
			if (cli_parse_double("site-pages", optarg, 1, 1000000, &v))
				return EXIT_USAGE;
			co.site_min_pages = (uint32_t)v;
			break;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_common_inputs(&c, argc, argv, usage)))
		return rc;

	wn_pipeline_options popt;
	wn_pipeline_options_init(&popt);
	popt.clean = 1;
	popt.clean_options = co;
	popt.dedup = 0;
	popt.on_doc = on_doc;
	popt.doc_ctx = &st;

	/* Site counts need two passes; standard input is spooled to a
	 * temporary file for them. */
	int code = co.site_repeat ? cli_spool_stdin(&c) : 0;
	if (!code && (rc = wn_output_open(&st.out, c.output)) < 0) {
		cli_cannot_write(c.output, rc);
		code = EXIT_IO;
	}
	wn_pipeline *pl = NULL;
	if (!code)
		code = cli_run_pipeline(&c, &popt, "clean", &pl);
	if (!code && st.explain && !st.explained) {
		cli_error("no document with id '%s'", st.explain);
		code = EXIT_DATA;
	}
	if (st.out) {
		if (code) {
			wn_output_abort(st.out);
		} else if ((rc = wn_output_commit(st.out)) < 0) {
			cli_cannot_write(c.output, rc);
			code = cli_exit_code(rc);
		}
	}
	if (!code && !c.quiet)
		print_summary(&c, &st, pl);
	wn_pipeline_free(pl);
	return code;
}
