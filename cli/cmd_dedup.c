/* cli/cmd_dedup.c - winnow dedup: exact and near-duplicate groups. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: winnow dedup [OPTIONS] INPUT...\n"
	"\n"
	"Finds exact and near-duplicate documents and groups them. Writes one JSON\n"
	"object per input document, in input order:\n"
	"  {\"id\", \"dup_cluster\", \"dup_of\", \"similarity\"}\n"
	"dup_cluster is shared by a group (the index of its kept document), dup_of is\n"
	"the kept document's id (null for the kept document itself), similarity the\n"
	"estimated similarity to it. The kept document is the earliest by date when\n"
	"dates are given (--date-field), else the first in input order.\n"
	"\n"
	"Options:\n"
	"  --no-clean         match on the raw text, chrome included\n"
	"  --no-site-repeat   clean each page alone (one pass over the input)\n"
	"  --keep             write the de-duplicated corpus instead: the kept\n"
	"                     documents with all their input fields\n"
	"\n";


enum { OPT_NO_CLEAN = OPT_COMMAND_BASE, OPT_NO_SITE_REPEAT, OPT_KEEP };

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_DEDUP_OPTIONS,
	{ "no-clean", no_argument, NULL, OPT_NO_CLEAN },
	{ "no-site-repeat", no_argument, NULL, OPT_NO_SITE_REPEAT },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ NULL, 0, NULL, 0 }
};

const char cli_dedup_help[] =
	"Matching options:\n"
	"  --threshold T      Jaccard threshold of near-duplicates (default 0.8)\n"
	"  --ngram N          words per shingle (default 5)\n"
	"  --num-perm K       MinHash size (default 128)\n"
	"  --bands B          LSH bands (default: derived from T and K, see README)\n"
	"  --containment C    join a document when C of its shingles lie inside a\n"
	"                     larger one: teasers, excerpts (default 0.7; 0 = off)\n"
	"  --method M         minhash (one-permutation, default), classic\n"
	"                     (k-permutation MinHash) or simhash\n"
	"  --hamming D        simhash: largest Hamming distance (default 3)\n"
	"  --seed S           hash seed (default 0)\n";

/* Parses dedup's matching options into O; shared with `winnow run`.
 * Returns 1 if OPT was one of them, 0 if not, or -EXIT_USAGE. */
int cli_dedup_option(wn_dedup_options *o, int opt, const char *arg)
{
	long v;
	int rc = 0;
	switch (opt) {
	case OPT_THRESHOLD: rc = cli_parse_double("threshold", arg, 0.01, 1.0, &o->threshold); break;
	case OPT_NGRAM:
		rc = cli_parse_long("ngram", arg, 1, 64, &v);
		o->ngram = (int)v;
		break;
	case OPT_NUM_PERM:
		rc = cli_parse_long("num-perm", arg, 1, 1024, &v);
		o->num_perm = (int)v;
		break;
	case OPT_BANDS:
		rc = cli_parse_long("bands", arg, 1, 1024, &v);
		o->bands = (int)v;
		break;
	case OPT_CONTAINMENT: rc = cli_parse_double("containment", arg, 0.0, 1.0, &o->containment); break;
	case OPT_HAMMING:
		rc = cli_parse_long("hamming", arg, 0, 12, &v);
		o->simhash_distance = (int)v;
		break;
	case OPT_SEED:
		rc = cli_parse_long("seed", arg, 0, 0x7fffffffL, &v);
		o->seed = (uint64_t)v;
		break;
	case OPT_METHOD:
		if (!strcmp(arg, "minhash"))
			o->method = WN_METHOD_MINHASH;
		else if (!strcmp(arg, "classic"))
			o->method = WN_METHOD_MINHASH_CLASSIC;
		else if (!strcmp(arg, "simhash"))
			o->method = WN_METHOD_SIMHASH;
		else {
			cli_error("--method takes minhash, classic or simhash, not '%s'", arg);
			rc = EXIT_USAGE;
		}
		break;
	default: return 0;
	}
	return rc ? -rc : 1;
}

/* Writes the kept documents (KEEPER[i] == i) with all their input fields:
 * the raw JSONL record, or {"id", "text"} for a text file. */
static int write_kept(cli_common *c, wn_dedup *dedup, wn_output *out)
{
	wn_reader_options ro = cli_quiet_reader_options(c);
	wn_reader *reader;
	int rc = wn_reader_open(&reader, (const char *const *)c->inputs, (size_t)c->input_count, &ro);
	if (rc < 0)
		return rc;
	wn_doc doc;
	size_t index = 0;
	while ((rc = wn_reader_next(reader, &doc)) == 0) {
		wn_dup_info info;
		if (index >= wn_dedup_count(dedup) || wn_dedup_get(dedup, index, &info) < 0) {
			rc = WN_ESTATE; /* the input changed between the passes */
			break;
		}
		index++;
		if (info.keeper != index - 1)
			continue;
		if (doc.raw.ptr) {
			rc = wn_output_write(out, doc.raw.ptr, doc.raw.len);
		} else {
			rc = wn_output_puts(out, "{\"id\":");
			if (!rc) rc = wn_output_json_string(out, doc.id);
			if (!rc) rc = wn_output_puts(out, ",\"text\":");
			if (!rc) rc = wn_output_json_string(out, doc.text);
			if (!rc) rc = wn_output_puts(out, "}");
		}
		if (!rc)
			rc = wn_output_puts(out, "\n");
		if (rc < 0)
			break;
	}
	if (rc == WN_EOF)
		rc = index == wn_dedup_count(dedup) ? 0 : WN_ESTATE;
	if (rc < 0 && rc != WN_ESTATE && *wn_reader_error(reader))
		cli_error("%s", wn_reader_error(reader));
	if (rc == WN_ESTATE)
		cli_error("the input changed while it was being read");
	wn_reader_free(reader);
	return rc;
}

static int write_groups(wn_dedup *dedup, wn_output *out)
{
	size_t n = wn_dedup_count(dedup);
	for (size_t i = 0; i < n; i++) {
		wn_dup_info info, keeper;
		CLI_TRY(wn_dedup_get(dedup, i, &info));
		CLI_TRY(wn_dedup_get(dedup, info.keeper, &keeper));
		wn_str id = { info.id, strlen(info.id) };
		CLI_TRY(wn_output_puts(out, "{\"id\":"));
		CLI_TRY(wn_output_json_string(out, id));
		CLI_TRY(wn_output_puts(out, ",\"dup_cluster\":"));
		CLI_TRY(wn_output_u64(out, info.cluster));
		CLI_TRY(wn_output_puts(out, ",\"dup_of\":"));
		if (info.keeper == i) {
			CLI_TRY(wn_output_puts(out, "null"));
		} else {
			wn_str kid = { keeper.id, strlen(keeper.id) };
			CLI_TRY(wn_output_json_string(out, kid));
		}
		CLI_TRY(wn_output_puts(out, ",\"similarity\":"));
		CLI_TRY(wn_output_fixed4(out, info.similarity));
		CLI_TRY(wn_output_puts(out, "}\n"));
	}
	return 0;
}

int cli_run_pipeline(cli_common *c, wn_pipeline_options *opts, const char *label,
		     wn_pipeline **out)
{
	opts->threads = c->threads;
	cli_progress bar;
	cli_progress_setup(&bar, label, opts);
	wn_pipeline *pl;
	int rc = wn_pipeline_new(&pl, (const char *const *)c->inputs, (size_t)c->input_count,
				 &c->reader, opts);
	if (rc < 0) {
		cli_error("cannot start: %s", wn_strerror(rc));
		return cli_exit_code(rc);
	}
	rc = wn_pipeline_run(pl);
	cli_progress_end(&bar);
	if (rc < 0) {
		const char *msg = wn_pipeline_error(pl);
		cli_error("%s", msg && *msg ? msg : wn_strerror(rc));
		wn_pipeline_free(pl);
		return cli_exit_code(rc);
	}
	*out = pl;
	return 0;
}

void cli_dedup_summary(const cli_common *c, const wn_pipeline *pl)
{
	wn_dedup_stats ds;
	wn_pipeline_stats ps;
	wn_dedup_get_stats(wn_pipeline_dedup(pl), &ds);
	wn_pipeline_get_stats(pl, &ps);
	char size[32];
	double mb_s = ps.seconds > 0 ? (double)ps.reader.bytes / 1e6 / ps.seconds : 0.0;
	fprintf(stderr,
		"winnow dedup: %llu documents, %s read, %llu empty\n"
		"  exact duplicates  %llu\n"
		"  near duplicates   %llu\n"
		"  groups            %llu (of 2 or more documents)\n"
		"  kept documents    %llu\n",
		(unsigned long long)ds.docs, cli_human_bytes((double)ps.reader.bytes, size, sizeof(size)),
		(unsigned long long)ds.empty, (unsigned long long)ds.exact_dups,
		(unsigned long long)ds.near_dups, (unsigned long long)ds.groups,
		(unsigned long long)(ds.docs - ds.exact_dups - ds.near_dups));
	if (c->skipped)
		fprintf(stderr, "  skipped records   %llu (bad input, --skip-bad)\n",
			(unsigned long long)c->skipped);
	fprintf(stderr, "  time              %.2f s, %.1f MB/s, %u thread%s\n", ps.seconds, mb_s,
		ps.threads, ps.threads == 1 ? "" : "s");
}

int cmd_dedup(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	wn_dedup_options dopt;
	wn_dedup_options_init(&dopt);
	int clean = 1, site_repeat = 1, keep = 0, opt, rc;

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
		case OPT_KEEP: keep = 1; break;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_common_inputs(&c, argc, argv, usage)))
		return rc;

	wn_pipeline_options popt;
	wn_pipeline_options_init(&popt);
	popt.clean = clean;
	popt.clean_options.site_repeat = site_repeat;
	popt.dedup_options = dopt;
	{
		wn_dedup *probe;
		if ((rc = wn_dedup_new(&probe, &dopt)) < 0) {
			cli_error("invalid matching options (--bands must not exceed --num-perm)");
			return EXIT_USAGE;
		}
		wn_dedup_free(probe);
	}
	int code = 0;
	if ((clean && site_repeat) || keep)
		code = cli_spool_stdin(&c);
	wn_pipeline *pl = NULL;
	if (!code)
		code = cli_run_pipeline(&c, &popt, "dedup", &pl);
	wn_output *out = NULL;
	if (!code && (rc = wn_output_open(&out, c.output)) < 0) {
		cli_cannot_write(c.output, rc);
		code = EXIT_IO;
	}
	if (!code) {
		wn_dedup *dedup = wn_pipeline_dedup(pl);
		rc = keep ? write_kept(&c, dedup, out) : write_groups(dedup, out);
		if (rc == 0)
			rc = wn_output_commit(out);
		else
			wn_output_abort(out);
		if (rc < 0) {
			if (rc == WN_EIO)
				cli_cannot_write(c.output, rc);
			code = cli_exit_code(rc);
		}
	}
	if (!code && !c.quiet)
		cli_dedup_summary(&c, pl);
	wn_pipeline_free(pl);
	return code;
}
