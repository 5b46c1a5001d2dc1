/* cli/cmd_run.c - winnow run: read, clean and de-duplicate a corpus into a
 * directory, and print a summary table.
 *
 * Passes over the input: (1) site statistics for the cleaner, (2) clean and
 * sketch each document, spooling its cleaned text to a temporary file,
 * (3) after grouping, DIR/docs.jsonl from the spool. The corpus is never
 * held in memory; the spool is removed at the end. */
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
	wn_cleaner *cleaner;
	wn_dedup *dedup;
	FILE *spool;
	wn_reader_stats rs;
	uint64_t lines_removed;
	uint64_t bytes_kept;
} run_state;

/* Pass 2: clean, spool and add every document. Returns 0 or an exit code. */
static int feed(run_state *st)
{
	wn_reader *reader;
	int code = cli_open_reader(st->c, &reader);
	if (code)
		return code;
	wn_doc doc;
	int rc;
	while ((rc = wn_reader_next(reader, &doc)) == 0) {
		wn_doc cleaned = doc;
		if (st->cleaner) {
			wn_clean_result res;
			if ((rc = wn_cleaner_clean(st->cleaner, &doc, &res)) < 0)
				break;
			cleaned.text = res.text;
			st->lines_removed += res.removed_count;
		}
		uint64_t len = cleaned.text.len;
		if (fwrite(&len, sizeof(len), 1, st->spool) != 1 ||
		    (len && fwrite(cleaned.text.ptr, 1, len, st->spool) != len)) {
			cli_error("cannot write the temporary spool file: %s", strerror(errno));
			wn_reader_free(reader);
			return EXIT_IO;
		}
		st->bytes_kept += len;
		if ((rc = wn_dedup_add(st->dedup, &cleaned)) < 0)
			break;
	}
	if (rc == WN_EOF)
		code = 0;
	else if (*wn_reader_error(reader))
		code = cli_reader_failed(reader, rc);
	else {
		cli_error("document %.*s: %s", (int)doc.id.len, doc.id.ptr ? doc.id.ptr : "",
			  wn_strerror(rc));
		code = cli_exit_code(rc);
	}
	wn_reader_get_stats(reader, &st->rs);
	wn_reader_free(reader);
	return code;
}

/* Pass 3: DIR/docs.jsonl from the spool and the groups. */
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

static void print_summary(run_state *st, const char *dir, double seconds)
{
	wn_dedup_stats ds;
	wn_dedup_get_stats(st->dedup, &ds);
	char in[32], kept[32];
	cli_human_bytes((double)st->rs.bytes, in, sizeof(in));
	cli_human_bytes((double)st->bytes_kept, kept, sizeof(kept));
	printf("winnow run: %s/docs.jsonl\n\n", dir);
	printf("  %-28s %12s\n", "stage", "result");
	printf("  %-28s %12s\n", "----------------------------", "------------");
	printf("  %-28s %12llu\n", "documents read", (unsigned long long)ds.docs);
	printf("  %-28s %12s\n", "text read", in);
	if (st->cleaner) {
		printf("  %-28s %12llu\n", "lines removed as chrome", (unsigned long long)st->lines_removed);
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
	printf("  %-28s %10.2f s\n", "time", seconds);
	printf("  %-28s %7.1f MB/s\n", "speed",
	       seconds > 0 ? (double)st->rs.bytes / 1e6 / seconds : 0.0);
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
		if (cli_common_option(&c, opt, optarg))
			continue;
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
	if ((rc = wn_dedup_new(&st.dedup, &dopt)) < 0) {
		cli_error("invalid matching options: %s", wn_strerror(rc));
		return EXIT_USAGE;
	}
	double start = cli_now();
	int code = cli_spool_stdin(&c);
	if (!code)
		code = make_dir(c.output);
	if (!code && clean)
		code = cli_make_cleaner(&c, site_repeat, &st.cleaner);
	if (!code && !(st.spool = tmpfile())) {
		cli_error("cannot create a temporary file: %s", strerror(errno));
		code = EXIT_IO;
	}
	if (!code)
		code = feed(&st);
	if (!code && (rc = wn_dedup_finish(st.dedup)) < 0) {
		cli_error("grouping failed: %s", wn_strerror(rc));
		code = cli_exit_code(rc);
	}

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
	if (!code)
		print_summary(&st, c.output, cli_now() - start);
	if (st.spool)
		fclose(st.spool);
	wn_cleaner_free(st.cleaner);
	wn_dedup_free(st.dedup);
	return code;
}
