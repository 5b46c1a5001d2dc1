/* cli/cmd_compare.c - winnow compare: why two documents are, or are not, one
 * story. The whole input is grouped (IDF and stories depend on the corpus);
 * then the pair is explained: near-duplicate similarity of the cleaned texts,
 * the story similarity with each of its parts, and the decisions. */
#include "cli_stories.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: winnow compare [OPTIONS] ID1 ID2 INPUT...\n"
	"\n"
	"Explains how documents ID1 and ID2 of the input relate: their near-duplicate\n"
	"similarity (Jaccard and containment of the cleaned texts), their story\n"
	"similarity with its parts (shared strongest terms and names, shared\n"
	"quotations, the gap in days) against the threshold, and the stories the\n"
	"grouping put them in. Takes the options of winnow stories.\n"
	"\n"
	"Options:\n"
	"  --json             one JSON object instead of the text report\n"
	"\n";

enum { OPT_JSON = OPT_COMMAND_BASE };

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_DEDUP_OPTIONS,
	CLI_STORY_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 }
};

typedef struct pair_report {
	const char *id[2];
	double jaccard, containment;
	wn_story_explain e;
	double dedup_threshold, dedup_containment;
	int near_dup;
} pair_report;

static int put_list(wn_output *out, const char *const *items, size_t n)
{
	CLI_TRY(wn_output_puts(out, "["));
	for (size_t i = 0; i < n; i++) {
		wn_str s = { items[i], strlen(items[i]) };
		if (i)
			CLI_TRY(wn_output_puts(out, ","));
		CLI_TRY(wn_output_json_string(out, s));
	}
	return wn_output_puts(out, "]");
}

static int put_num(wn_output *out, const char *key, double v)
{
	CLI_TRY(wn_output_puts(out, key));
	if (v < 0) {
		CLI_TRY(wn_output_puts(out, "-"));
		v = -v;
	}
	return wn_output_fixed4(out, v);
}

static int write_json(const pair_report *r, wn_output *out)
{
	const wn_story_explain *e = &r->e;
	wn_str a = { r->id[0], strlen(r->id[0]) }, b = { r->id[1], strlen(r->id[1]) };
	CLI_TRY(wn_output_puts(out, "{\"a\":"));
	CLI_TRY(wn_output_json_string(out, a));
	CLI_TRY(wn_output_puts(out, ",\"b\":"));
	CLI_TRY(wn_output_json_string(out, b));
	CLI_TRY(put_num(out, ",\"jaccard\":", r->jaccard));
	CLI_TRY(put_num(out, ",\"containment\":", r->containment));
	CLI_TRY(wn_output_puts(out, r->near_dup ? ",\"near_duplicates\":true" : ",\"near_duplicates\":false"));
	CLI_TRY(wn_output_puts(out, e->same_group ? ",\"same_group\":true" : ",\"same_group\":false"));
	CLI_TRY(put_num(out, ",\"term_cosine\":", e->term_cosine));
	CLI_TRY(put_num(out, ",\"word_cosine\":", e->word_cosine));
	CLI_TRY(put_num(out, ",\"phrase_cosine\":", e->phrase_cosine));
	CLI_TRY(put_num(out, ",\"entity_cosine\":", e->entity_cosine));
	CLI_TRY(wn_output_puts(out, e->names_capped ? ",\"names_capped\":true" : ",\"names_capped\":false"));
	CLI_TRY(wn_output_puts(out, ",\"shared_quotes\":"));
	CLI_TRY(wn_output_u64(out, e->shared_quotes));
	CLI_TRY(wn_output_puts(out, ",\"gap_days\":"));
	if (e->gap_days < 0)
		CLI_TRY(wn_output_puts(out, "null"));
	else
		CLI_TRY(wn_output_u64(out, (uint64_t)e->gap_days));
	CLI_TRY(put_num(out, ",\"similarity\":", e->similarity));
	CLI_TRY(put_num(out, ",\"threshold\":", e->threshold));
	CLI_TRY(wn_output_puts(out, e->similar ? ",\"similar\":true" : ",\"similar\":false"));
	CLI_TRY(wn_output_puts(out, ",\"story_a\":"));
	CLI_TRY(wn_output_u64(out, e->story_a));
	CLI_TRY(wn_output_puts(out, ",\"story_b\":"));
	CLI_TRY(wn_output_u64(out, e->story_b));
	CLI_TRY(wn_output_puts(out, e->same_story ? ",\"same_story\":true" : ",\"same_story\":false"));
	CLI_TRY(wn_output_puts(out, ",\"shared_terms\":"));
	CLI_TRY(put_list(out, e->shared_terms, e->shared_term_count));
	CLI_TRY(wn_output_puts(out, ",\"shared_entities\":"));
	CLI_TRY(put_list(out, e->shared_entities, e->shared_entity_count));
	CLI_TRY(wn_output_puts(out, ",\"shared_quotes_text\":"));
	CLI_TRY(put_list(out, e->shared_quote_texts, e->shared_quote_count));
	return wn_output_puts(out, "}\n");
}

static void print_list(FILE *f, const char *label, const char *const *items, size_t n, int quoted)
{
	fprintf(f, "  %-24s", label);
	if (!n)
		fputs(" none", f);
	for (size_t i = 0; i < n; i++) {
		if (quoted && i)
			fprintf(f, "\n  %-24s", "");
		else if (i)
			fputc(',', f);
		fprintf(f, quoted ? " \"%s\"" : " %s", items[i]);
	}
	fputc('\n', f);
}

static void print_text(const pair_report *r, FILE *f)
{
	const wn_story_explain *e = &r->e;
	fprintf(f, "winnow compare: %s and %s\n\n", r->id[0], r->id[1]);
	fprintf(f, "near-duplicates\n");
	fprintf(f, "  %-24s %.4f (threshold %.2f)\n", "jaccard", r->jaccard, r->dedup_threshold);
	fprintf(f, "  %-24s %.4f", "containment", r->containment);
	if (r->dedup_containment > 0)
		fprintf(f, " (threshold %.2f)", r->dedup_containment);
	fprintf(f, "\n  %-24s %s%s\n\n", "decision", r->near_dup ? "near-duplicates" : "not near-duplicates",
		e->same_group ? ", one group" : "");
	fprintf(f, "story similarity\n");
	fprintf(f, "  %-24s %.4f (words %.4f, phrases %.4f)\n", "terms", e->term_cosine,
		e->word_cosine, e->phrase_cosine);
	fprintf(f, "  %-24s %.4f%s\n", "names", e->entity_cosine,
		e->names_capped ? " (both name people and places, few match: caps the similarity)" : "");
	fprintf(f, "  %-24s %zu\n", "shared quotations", e->shared_quotes);
	if (e->gap_days < 0)
		fprintf(f, "  %-24s %s\n", "gap in days", "unknown (undated)");
	else
		fprintf(f, "  %-24s %.0f\n", "gap in days", e->gap_days);
	fprintf(f, "  %-24s %.4f %s threshold %.4f\n", "similarity", e->similarity,
		e->similar ? ">=" : "<", e->threshold);
	print_list(f, "shared terms", e->shared_terms, e->shared_term_count, 0);
	print_list(f, "shared names", e->shared_entities, e->shared_entity_count, 0);
	print_list(f, "shared quotations", e->shared_quote_texts, e->shared_quote_count, 1);
	fprintf(f, "\nstories\n");
	fprintf(f, "  %-24s story %llu (joined at %.4f)\n", r->id[0], (unsigned long long)e->story_a, e->joined_a);
	fprintf(f, "  %-24s story %llu (joined at %.4f)\n", r->id[1], (unsigned long long)e->story_b, e->joined_b);
	const char *why;
	if (e->same_story)
		why = e->similar ? "one story: similar enough on their own"
				 : "one story: linked through the other documents of the story";
	else
		why = e->similar ? "two stories: similar, but each fits its own story better"
				 : "two stories: not similar enough";
	fprintf(f, "  %-24s %s\n", "decision", why);
}

static int json_option(void *ctx, int opt, const char *arg)
{
	if (opt != OPT_JSON)
		return 0;
	*(int *)ctx = 1;
	return 1;
}

int cmd_compare(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	cli_story_job job;
	cli_story_job_init(&job, &c);
	int json = 0;
	int rc = cli_story_parse(&job, argc, argv, options, usage, json_option, &json);
	if (rc)
		return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
	if (argc - optind < 3) {
		cli_error("compare needs two ids and an input");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	job.want[0] = argv[optind];
	job.want[1] = argv[optind + 1];
	optind += 2;
	if ((rc = cli_common_inputs(&c, argc, argv, usage)))
		return rc;
	int code = cli_story_run(&job, "compare");
	pair_report r;
	memset(&r, 0, sizeof(r));
	r.id[0] = job.want[0];
	r.id[1] = job.want[1];
	for (int k = 0; !code && k < 2; k++) {
		if (job.want_index[k] == SIZE_MAX) {
			cli_error("no document has the id '%s'", job.want[k]);
			code = EXIT_DATA;
		} else if (job.want_seen[k] > 1) {
			cli_warn("%zu documents have the id '%s'; the first is compared", job.want_seen[k],
				 job.want[k]);
		}
	}
	if (!code) {
		wn_str a = { job.want_text[0], job.want_len[0] }, b = { job.want_text[1], job.want_len[1] };
		wn_dedup_params params;
		wn_dedup *probe;
		rc = wn_dedup_compare(&job.dedup, a, b, &r.jaccard, &r.containment);
		if (rc == 0 && (rc = wn_dedup_new(&probe, &job.dedup)) == 0) {
			wn_dedup_get_params(probe, &params);
			wn_dedup_free(probe);
			r.dedup_threshold = params.threshold;
			r.dedup_containment = params.containment;
			r.near_dup = r.jaccard >= params.threshold ||
				     (params.containment > 0 && r.containment >= params.containment);
		}
		if (rc == 0)
			rc = wn_stories_explain(job.stories, job.want_index[0], job.want_index[1], &r.e);
		if (rc < 0) {
			cli_error("cannot compare: %s", wn_strerror(rc));
			code = cli_exit_code(rc);
		}
	}
	if (!code) {
		wn_output *out;
		if ((rc = wn_output_open(&out, c.output)) < 0) {
			cli_cannot_write(c.output, rc);
			code = EXIT_IO;
		} else if (json) {
			rc = write_json(&r, out);
			rc = rc == 0 ? wn_output_commit(out) : (wn_output_abort(out), rc);
		} else {
			/* the text report goes through a memory stream into the output */
			char *buf = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&buf, &len);
			if (!mem) {
				wn_output_abort(out);
				rc = WN_ENOMEM;
			} else {
				print_text(&r, mem);
				fclose(mem);
				rc = wn_output_write(out, buf, len);
				free(buf);
				rc = rc == 0 ? wn_output_commit(out) : (wn_output_abort(out), rc);
			}
		}
		if (!code && rc < 0) {
			cli_cannot_write(c.output, rc);
			code = cli_exit_code(rc);
		}
	}
	cli_story_job_release(&job);
	return code;
}
