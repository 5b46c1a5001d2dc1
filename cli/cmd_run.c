/* cli/cmd_run.c - winnow run: read, clean and de-duplicate a corpus into a
 * directory, and print a summary table.
 *
 * The pipeline reads the input (twice with site statistics), cleans and
 * sketches on worker threads and hands each cleaned text back in input
 * order; we spool it to a temporary file, and after grouping write
 * DIR/docs.jsonl from the spool. The corpus is never held in memory; the
 * spool is removed at the end. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: winnow run [OPTIONS] INPUT... -o DIR\n"
	"\n"
	"Reads the corpus, strips page chrome, finds exact and near-duplicates and\n"
	"writes DIR/docs.jsonl: one object per document, in input order, with\n"
	"\"id\", the cleaned \"text\", \"dup_cluster\" and \"dup_of\" (see winnow dedup).\n"
	"Prints a summary table.\n"
	"\n"
	"Options:\n"
	"  --no-clean         keep the text as it is (match on it too)\n"
	"  --no-site-repeat   clean each page alone\n"
	"\n";


enum { OPT_NO_CLEAN = OPT_COMMAND_BASE, OPT_NO_SITE_REPEAT };

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_DEDUP_OPTIONS,
	{ "no-clean", no_argument, NULL, OPT_NO_CLEAN },
	{ "no-site-repeat", no_argument, NULL, OPT_NO_SITE_REPEAT },
	{ NULL, 0, NULL, 0 }
};

typedef struct run_state {
	cli_common *c;
	wn_pipeline *pl;
	wn_dedup *dedup;
	FILE *spool;
} run_state;

/* Spools each cleaned text, in input order. */
static int spool_doc(void *ctx, const wn_doc *doc, const wn_clean_result *clean)
{
	run_state *st = ctx;
	wn_str text = clean ? clean->text : doc->text;
	uint64_t len = text.len;
	if (fwrite(&len, sizeof(len), 1, st->spool) != 1 ||
	    (len && fwrite(text.ptr, 1, len, st->spool) != len))
		return WN_EIO;
	return 0;
}

/* DIR/docs.jsonl from the spool and the groups. */
static int write_docs(run_state *st, wn_output *out)
{
	rewind(st->spool);
	char *text = NULL;
	size_t cap = 0;
	int rc = 0;
	size_t n = wn_dedup_count(st->dedup);
	for (size_t i = 0; i < n && rc == 0; i++) {
		uint64_t len;
		if (fread(&len, sizeof(len), 1, st->spool) != 1) {
			rc = WN_EIO;
			break;
		}
		if (len + 1 > cap) {
			char *grown = realloc(text, len + 1);
			if (!grown) {
				rc = WN_ENOMEM;
				break;
			}
			text = grown;
			cap = len + 1;
		}
		if (len && fread(text, 1, len, st->spool) != len) {
			rc = WN_EIO;
			break;
		}
		wn_dup_info info, keeper;
		wn_dedup_get(st->dedup, i, &info);
		wn_dedup_get(st->dedup, info.keeper, &keeper);
		wn_str id = { info.id, strlen(info.id) }, body = { text ? text : "", len };
		rc = wn_output_puts(out, "{\"id\":");
		if (!rc) rc = wn_output_json_string(out, id);
		if (!rc) rc = wn_output_puts(out, ",\"text\":");
		if (!rc) rc = wn_output_json_string(out, body);
		if (!rc) rc = wn_output_puts(out, ",\"dup_cluster\":");
		if (!rc) rc = wn_output_u64(out, info.cluster);
		if (!rc) rc = wn_output_puts(out, ",\"dup_of\":");
		if (!rc) {
			if (info.keeper == i) {
				rc = wn_output_puts(out, "null");
			} else {
				wn_str kid = { keeper.id, strlen(keeper.id) };
				rc = wn_output_json_string(out, kid);
			}
		}
		if (!rc) rc = wn_output_puts(out, "}\n");
	}
	free(text);
	return rc;
}

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
		struct stat sb;
		if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
			return 0;
		cli_error("'%s' exists and is not a directory", dir);
		return EXIT_IO;
	}
	cli_error("cannot create directory '%s': %s", dir, strerror(errno));
	return EXIT_IO;
}

static void print_summary(run_state *st, const char *dir)
{
	wn_dedup_stats ds;
	wn_pipeline_stats ps;
	wn_dedup_get_stats(st->dedup, &ds);
	wn_pipeline_get_stats(st->pl, &ps);
	char in[32], kept[32];
	cli_human_bytes((double)ps.reader.bytes, in, sizeof(in));
	cli_human_bytes((double)ps.bytes_clean, kept, sizeof(kept));
	printf("winnow run: %s/docs.jsonl\n\n", dir);
	printf("  %-28s %12s\n", "stage", "result");
	printf("  %-28s %12s\n", "----------------------------", "------------");
	printf("  %-28s %12llu\n", "documents read", (unsigned long long)ds.docs);
	printf("  %-28s %12s\n", "text read", in);
	if (ps.lines_removed || ps.bytes_clean) {
		printf("  %-28s %12llu\n", "lines removed as chrome", (unsigned long long)ps.lines_removed);
		for (int r = 1; r < WN_REASON_COUNT; r++)
			if (ps.removed_by_reason[r])
				printf("    %-26s %12llu\n", wn_clean_reason_name((wn_clean_reason)r),
				       (unsigned long long)ps.removed_by_reason[r]);
		printf("  %-28s %12s\n", "clean text kept", kept);
	}
	printf("  %-28s %12llu\n", "empty documents", (unsigned long long)ds.empty);
	printf("  %-28s %12llu\n", "exact duplicates", (unsigned long long)ds.exact_dups);
	printf("  %-28s %12llu\n", "near duplicates", (unsigned long long)ds.near_dups);
	printf("  %-28s %12llu\n", "duplicate groups", (unsigned long long)ds.groups);
	printf("  %-28s %12llu\n", "documents kept",
	       (unsigned long long)(ds.docs - ds.exact_dups - ds.near_dups));
	if (st->c->skipped)
		printf("  %-28s %12llu\n", "bad records skipped", (unsigned long long)st->c->skipped);
	printf("  %-28s %10.2f s\n", "time", ps.seconds);
	printf("  %-28s %7.1f MB/s\n", "speed",
	       ps.seconds > 0 ? (double)ps.reader.bytes / 1e6 / ps.seconds : 0.0);
}

int cmd_run(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	wn_dedup_options dopt;
	wn_dedup_options_init(&dopt);
	int clean = 1, site_repeat = 1, opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, options, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(usage, stdout);
			fputs(cli_dedup_help, stdout);
			fputs(cli_common_help, stdout);
			return EXIT_OK;
		}
		if ((rc = cli_common_option(&c, opt, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		if ((rc = cli_dedup_option(&dopt, opt, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (opt) {
		case OPT_NO_CLEAN: clean = 0; break;
		case OPT_NO_SITE_REPEAT: site_repeat = 0; break;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_common_inputs(&c, argc, argv, usage)))
		return rc;
	if (!c.output) {
		cli_error("winnow run needs an output directory: -o DIR");
		return EXIT_USAGE;
	}

	run_state st;
	memset(&st, 0, sizeof(st));
	st.c = &c;
	wn_pipeline_options popt;
	wn_pipeline_options_init(&popt);
	popt.clean = clean;
	popt.clean_options.site_repeat = site_repeat;
	popt.dedup_options = dopt;
	popt.on_doc = spool_doc;
	popt.doc_ctx = &st;
	int code = cli_spool_stdin(&c);
	if (!code)
		code = make_dir(c.output);
	if (!code && !(st.spool = tmpfile())) {
		cli_error("cannot create a temporary file: %s", strerror(errno));
		code = EXIT_IO;
	}
	if (!code)
		code = cli_run_pipeline(&c, &popt, "run", &st.pl);
	if (!code)
		st.dedup = wn_pipeline_dedup(st.pl);

	char path[4096];
	snprintf(path, sizeof(path), "%s/docs.jsonl", c.output);
	wn_output *out = NULL;
	if (!code && wn_output_open(&out, path) < 0) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		code = EXIT_IO;
	}
	if (!code) {
		rc = write_docs(&st, out);
		rc = rc == 0 ? wn_output_commit(out) : (wn_output_abort(out), rc);
		if (rc < 0) {
			cli_error("cannot write '%s': %s", path, wn_strerror(rc));
			code = cli_exit_code(rc);
		}
	}
	if (!code && !c.quiet)
		print_summary(&st, c.output);
	if (st.spool)
		fclose(st.spool);
	wn_pipeline_free(st.pl);
	return code;
}
