/* cli/cmd_stories.c - winnow stories: group the articles that report the same
 * story. Also the job shared by the story commands (cli_stories.h): the
 * pipeline reads, cleans and de-duplicates; each cleaned text goes to the
 * story grouper in input order, the near-duplicate groups join it once the
 * pipeline is done, and the grouper clusters. */
#include "cli_stories.h"

#include <stdlib.h>
#include <string.h>

const char cli_story_help[] =
	"Story options:\n"
	"  --story-threshold T  similarity a document needs to join a story (default 0.19)\n"
	"  --merge-threshold M  stories this similar merge before closing (default 0.35;\n"
	"                       0 = never)\n"
	"  --term-weight W      weight of the word and phrase cosine (default 0.6)\n"
	"  --entity-weight W    weight of the name cosine (default 0.4)\n"
	"  --quote-weight W     bonus for shared quotations, full at two (default 0.2)\n"
	"  --day-penalty P      subtracted per day outside a story's dates (default 0.01)\n"
	"  --close-days D       a story idle D days closes (default 30; 0 = never)\n"
	"  --title-weight W     a title word counts W more times (default 2)\n"
	"  --min-quote-words N  shortest quotation, in words (default 5)\n"
	"  --top-terms N        terms listed per story (default 8)\n"
	"  --language L         stemmer language (default english)\n"
	"  --no-clean           group the raw text, chrome included\n"
	"  --no-site-repeat     clean each page alone (one pass over the input)\n"
	"  --no-dedup           do not join near-duplicates into units first\n";

void cli_story_job_init(cli_story_job *job, cli_common *c)
{
	memset(job, 0, sizeof(*job));
	job->c = c;
	wn_story_options_init(&job->story);
	wn_dedup_options_init(&job->dedup);
	job->clean = 1;
	job->site_repeat = 1;
	job->use_dedup = 1;
	job->want_index[0] = job->want_index[1] = SIZE_MAX;
}

void cli_story_job_release(cli_story_job *job)
{
	wn_stories_free(job->stories);
	wn_pipeline_free(job->pipeline);
	free(job->want_text[0]);
	free(job->want_text[1]);
	job->stories = NULL;
	job->pipeline = NULL;
}

/* cli_parse_*() in the 1 / -EXIT_USAGE convention of the option handlers. */
static int parse_number(const char *name, const char *arg, double lo, double hi, double *out)
{
	return cli_parse_double(name, arg, lo, hi, out) ? -EXIT_USAGE : 1;
}

static int parse_count(const char *name, const char *arg, long lo, long hi, uint32_t *out)
{
	long v;
	if (cli_parse_long(name, arg, lo, hi, &v))
		return -EXIT_USAGE;
	*out = (uint32_t)v;
	return 1;
}

int cli_story_option(cli_story_job *job, int opt, const char *arg)
{
	wn_story_options *o = &job->story;
	switch (opt) {
	case OPT_STORY_THRESHOLD: return parse_number("story-threshold", arg, 0.001, 2, &o->threshold);
	case OPT_MERGE_THRESHOLD: return parse_number("merge-threshold", arg, 0, 2, &o->merge_threshold);
	case OPT_TERM_WEIGHT: return parse_number("term-weight", arg, 0, 10, &o->term_weight);
	case OPT_ENTITY_WEIGHT: return parse_number("entity-weight", arg, 0, 10, &o->entity_weight);
	case OPT_QUOTE_WEIGHT: return parse_number("quote-weight", arg, 0, 10, &o->quote_weight);
	case OPT_DAY_PENALTY: return parse_number("day-penalty", arg, 0, 10, &o->day_penalty);
	case OPT_TITLE_WEIGHT: return parse_number("title-weight", arg, 0, 100, &o->title_weight);
	case OPT_CLOSE_DAYS: return parse_count("close-days", arg, 0, 100000, &o->close_days);
	case OPT_MIN_QUOTE_WORDS: return parse_count("min-quote-words", arg, 1, 100, &o->min_quote_words);
	case OPT_TOP_TERMS: return parse_count("top-terms", arg, 0, 32, &o->top_terms);
	case OPT_LANGUAGE: o->language = arg; return 1;
	case OPT_STORY_NO_CLEAN: job->clean = 0; return 1;
	case OPT_STORY_NO_SITE_REPEAT: job->site_repeat = 0; return 1;
	case OPT_STORY_NO_DEDUP: job->use_dedup = 0; return 1;
	default: return 0;
	}
}

int cli_story_parse(cli_story_job *job, int argc, char **argv, const struct option *options,
		    const char *usage, cli_own_option_fn own, void *ctx)
{
	int opt, rc;
	optind = 1;
	while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORT, options, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(usage, stdout);
			fputs(cli_story_help, stdout);
			fputs(cli_dedup_help, stdout);
			fputs(cli_common_help, stdout);
			return CLI_HELP_SHOWN;
		}
		if ((rc = cli_common_option(job->c, opt, optarg)) != 0 ||
		    (rc = cli_dedup_option(&job->dedup, opt, optarg)) != 0 ||
		    (rc = cli_story_option(job, opt, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		if (own && own(ctx, opt, optarg))
			continue;
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	return 0;
}

int cli_story_begin(cli_story_job *job, int argc, char **argv, const struct option *options,
		    const char *usage, cli_own_option_fn own, void *ctx)
{
	int rc = cli_story_parse(job, argc, argv, options, usage, own, ctx);
	return rc ? rc : cli_common_inputs(job->c, argc, argv, usage);
}

wn_str cli_story_doc_id(const cli_story_job *job, size_t index)
{
	wn_story_doc info;
	wn_str id = { "", 0 };
	if (wn_stories_get_doc(job->stories, index, &info) == 0) {
		id.ptr = info.id;
		id.len = strlen(info.id);
	}
	return id;
}

/* Each document, cleaned, in input order. */
static int add_doc(void *ctx, const wn_doc *doc, const wn_clean_result *clean)
{
	cli_story_job *job = ctx;
	wn_doc d = *doc;
	if (clean)
		d.text = clean->text;
	for (int k = 0; k < 2; k++) {
		const char *want = job->want[k];
		if (!want || strlen(want) != d.id.len || memcmp(want, d.id.ptr, d.id.len))
			continue;
		if (job->want_seen[k]++)
			continue;   /* the first document with the id counts */
		job->want_index[k] = job->index;
		job->want_text[k] = malloc(d.text.len + 1);
		if (!job->want_text[k])
			return WN_ENOMEM;
		memcpy(job->want_text[k], d.text.ptr ? d.text.ptr : "", d.text.len);
		job->want_text[k][d.text.len] = '\0';
		job->want_len[k] = d.text.len;
	}
	job->index++;
	if (job->spool) {
		uint64_t len = d.text.len;
		if (fwrite(&len, sizeof(len), 1, job->spool) != 1 ||
		    (len && fwrite(d.text.ptr, 1, len, job->spool) != len))
			return WN_EIO;
	}
	int rc = wn_stories_add(job->stories, &d, WN_NO_GROUP);
	job->story_io_error = rc == WN_EIO;
	return rc;
}

/* The story features of a large corpus go to a temporary file: say where,
 * when that failed, so that the user can point TMPDIR elsewhere. */
static void explain_spill_error(void)
{
	const char *dir = getenv("TMPDIR");
	cli_error("the story features did not fit in memory and could not be written to or read "
		  "back from a temporary file in %s (set TMPDIR to a writable directory with room)",
		  dir && *dir ? dir : "/tmp");
}

int cli_story_run(cli_story_job *job, const char *label)
{
	cli_common *c = job->c;
	int rc = wn_stories_new(&job->stories, &job->story);
	if (rc < 0) {
		cli_error(rc == WN_EINVAL ? "invalid story options (unknown --language?)"
					  : "cannot start: %s", wn_strerror(rc));
		return cli_exit_code(rc);
	}
	if (job->use_dedup) {
		wn_dedup *probe;
		if (wn_dedup_new(&probe, &job->dedup) < 0) {
			cli_error("invalid matching options");
			return EXIT_USAGE;
		}
		wn_dedup_free(probe);
	}
	wn_pipeline_options popt;
	wn_pipeline_options_init(&popt);
	popt.clean = job->clean;
	popt.clean_options.site_repeat = job->site_repeat;
	popt.dedup = job->use_dedup;
	popt.dedup_options = job->dedup;
	popt.on_doc = add_doc;
	popt.doc_ctx = job;
	int code = 0;
	if (job->clean && job->site_repeat)
		code = cli_spool_stdin(c);
	if (!code)
		code = cli_run_pipeline(c, &popt, label, &job->pipeline);
	if (code) {
		if (job->story_io_error)
			explain_spill_error();
		return code;
	}
	/* a near-duplicate group joins its story as one unit */
	wn_dedup *dedup = job->use_dedup ? wn_pipeline_dedup(job->pipeline) : NULL;
	if (dedup) {
		/* Only groups of two or more are told: a document alone in its
		 * group is a unit of its own anyway, and the grouper then keeps
		 * nothing for it. A bit per document marks the groups that
		 * others joined. */
		size_t n = wn_dedup_count(dedup);
		if (n > wn_stories_doc_count(job->stories))
			n = wn_stories_doc_count(job->stories);
		unsigned char *joined = calloc(n / 8 + 1, 1);
		if (!joined) {
			cli_error("cannot group: %s", wn_strerror(WN_ENOMEM));
			return cli_exit_code(WN_ENOMEM);
		}
		for (size_t i = 0; i < n && rc >= 0; i++) {
			wn_dup_info info;
			if ((rc = wn_dedup_get(dedup, i, &info)) >= 0 && info.cluster != i && info.cluster < n)
				joined[info.cluster / 8] |= (unsigned char)(1u << (info.cluster % 8));
		}
		for (size_t i = 0; i < n && rc >= 0; i++) {
			wn_dup_info info;
			if ((rc = wn_dedup_get(dedup, i, &info)) >= 0 &&
			    (info.cluster != i || joined[i / 8] >> (i % 8) & 1))
				rc = wn_stories_set_group(job->stories, i, info.cluster);
		}
		free(joined);
		if (rc < 0) {
			if (rc == WN_EIO)
				explain_spill_error();
			cli_error("cannot group: %s", wn_strerror(rc));
			return cli_exit_code(rc);
		}
	}
	if ((rc = wn_stories_finish(job->stories)) < 0) {
		if (rc == WN_EIO)
			explain_spill_error();
		cli_error("cannot group the stories: %s", wn_strerror(rc));
		return cli_exit_code(rc);
	}
	return 0;
}

/* ---- winnow stories ----------------------------------------------------------- */

static const char usage[] =
	"usage: winnow stories [OPTIONS] INPUT...\n"
	"\n"
	"Groups the articles that report the same story. Writes one JSON object per\n"
	"input document, in input order: {\"id\", \"story\"}; stories are numbered\n"
	"0, 1, ... in the order of their first document. Documents are clustered\n"
	"in date order (--date-field), else in input order; near-duplicates join\n"
	"as one unit. See docs/stories.md.\n"
	"\n"
	"Options:\n"
	"  --stories FILE     also write one object per story to FILE: story,\n"
	"                     headline, size, sources, first_date, last_date,\n"
	"                     top_terms and quotes [{text, speaker, docs}]\n"
	"\n";

enum { OPT_STORIES_FILE = OPT_COMMAND_BASE };

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_DEDUP_OPTIONS,
	CLI_STORY_OPTIONS,
	{ "stories", required_argument, NULL, OPT_STORIES_FILE },
	{ NULL, 0, NULL, 0 }
};

/* The next spooled text into *BUF (grown as needed). */
static int read_spooled(FILE *spool, char **buf, size_t *cap, size_t *len)
{
	uint64_t n;
	if (fread(&n, sizeof(n), 1, spool) != 1)
		return WN_EIO;
	if (n + 1 > *cap) {
		char *grown = realloc(*buf, (size_t)n + 1);
		if (!grown)
			return WN_ENOMEM;
		*buf = grown;
		*cap = (size_t)n + 1;
	}
	if (n && fread(*buf, 1, (size_t)n, spool) != n)
		return WN_EIO;
	*len = (size_t)n;
	return 0;
}

int cli_story_write_docs(const cli_story_job *job, wn_output *out)
{
	size_t n = wn_stories_doc_count(job->stories);
	wn_dedup *dedup = job->use_dedup ? wn_pipeline_dedup(job->pipeline) : NULL;
	char *text = NULL;
	size_t cap = 0, len = 0;
	int rc = 0;
	if (job->spool)
		rewind(job->spool);
	for (size_t i = 0; i < n && rc == 0; i++) {
		wn_story_doc info;
		if ((rc = wn_stories_get_doc(job->stories, i, &info)) < 0)
			break;
		wn_str id = { info.id, strlen(info.id) };
		rc = wn_output_puts(out, "{\"id\":");
		if (!rc) rc = wn_output_json_string(out, id);
		if (!rc && job->spool) {
			if (!(rc = read_spooled(job->spool, &text, &cap, &len))) {
				wn_str body = { text ? text : "", len };
				rc = wn_output_puts(out, ",\"text\":");
				if (!rc) rc = wn_output_json_string(out, body);
			}
		}
		if (!rc && job->spool && dedup) {
			wn_dup_info dup, keeper;
			if (!(rc = wn_dedup_get(dedup, i, &dup)))
				rc = wn_dedup_get(dedup, dup.keeper, &keeper);
			if (!rc) rc = wn_output_puts(out, ",\"dup_cluster\":");
			if (!rc) rc = wn_output_u64(out, dup.cluster);
			if (!rc) rc = wn_output_puts(out, ",\"dup_of\":");
			if (!rc) {
				wn_str kid = { keeper.id, strlen(keeper.id) };
				rc = dup.keeper == i ? wn_output_puts(out, "null")
						     : wn_output_json_string(out, kid);
			}
		}
		if (!rc) rc = wn_output_puts(out, ",\"story\":");
		if (!rc) rc = wn_output_u64(out, info.story);
		if (!rc) rc = wn_output_puts(out, "}\n");
	}
	free(text);
	return rc;
}

int cli_story_write_stories(const cli_story_job *job, wn_output *out)
{
	size_t n = wn_stories_count(job->stories);
	for (size_t i = 0; i < n; i++) {
		CLI_TRY(wn_stories_write_json(job->stories, i, out));
		CLI_TRY(wn_output_puts(out, "\n"));
	}
	return 0;
}

int cli_story_write_file(const cli_story_job *job, const char *path,
			 int (*write)(const cli_story_job *, wn_output *))
{
	wn_output *out;
	int rc = wn_output_open(&out, path);
	if (rc < 0) {
		cli_cannot_write(path, rc);
		return EXIT_IO;
	}
	rc = write(job, out);
	rc = rc == 0 ? wn_output_commit(out) : (wn_output_abort(out), rc);
	if (rc < 0) {
		cli_cannot_write(path, rc);
		return cli_exit_code(rc);
	}
	return 0;
}

static void summary(const cli_story_job *job)
{
	wn_stories_stats st;
	wn_pipeline_stats ps;
	wn_stories_get_stats(job->stories, &st);
	wn_pipeline_get_stats(job->pipeline, &ps);
	char size[32];
	fprintf(stderr,
		"winnow stories: %llu documents, %s read\n"
		"  units             %llu (near-duplicate groups count once)\n"
		"  stories           %llu (%llu of 2 or more documents, largest %llu)\n"
		"  quotations        %llu found, %llu shared within a story\n",
		(unsigned long long)st.docs, cli_human_bytes((double)ps.reader.bytes, size, sizeof(size)),
		(unsigned long long)st.units, (unsigned long long)st.stories,
		(unsigned long long)st.multi_doc_stories, (unsigned long long)st.largest_story,
		(unsigned long long)st.quotes, (unsigned long long)st.shared_quotes);
	fprintf(stderr, "  vocabulary        %llu stems and names\n", (unsigned long long)st.vocabulary);
	if (st.undated && st.undated < st.docs)
		fprintf(stderr, "  undated           %llu (clustered at their input position)\n",
			(unsigned long long)st.undated);
	if (job->c->skipped)
		fprintf(stderr, "  skipped records   %llu (bad input, --skip-bad)\n",
			(unsigned long long)job->c->skipped);
	fprintf(stderr, "  time              %.2f s\n", ps.seconds);
}

static int stories_option(void *ctx, int opt, const char *arg)
{
	if (opt != OPT_STORIES_FILE)
		return 0;
	*(const char **)ctx = arg;
	return 1;
}

int cmd_stories(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	cli_story_job job;
	cli_story_job_init(&job, &c);
	const char *stories_path = NULL;
	int rc = cli_story_begin(&job, argc, argv, options, usage, stories_option, &stories_path);
	if (rc)
		return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
	int code = cli_story_run(&job, "stories");
	if (!code)
		code = cli_story_write_file(&job, c.output, cli_story_write_docs);
	if (!code && stories_path)
		code = cli_story_write_file(&job, stories_path, cli_story_write_stories);
	if (!code && !c.quiet)
		summary(&job);
	cli_story_job_release(&job);
	return code;
}
