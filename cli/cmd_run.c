/* cli/cmd_run.c - winnow run: the whole job. Reads the corpus, cleans it,
 * finds the duplicate groups and the stories, and writes DIR/docs.jsonl,
 * DIR/stories.jsonl and a summary table.
 *
 * It is the story job of the story commands (cli_stories.h) with a spool:
 * the pipeline hands each cleaned text back in input order, the job spools
 * it to a temporary file for DIR/docs.jsonl and gives it to the story
 * grouper. The corpus is never held in memory; the spool is removed at the
 * end. */
#include "cli_stories.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: winnow run [OPTIONS] INPUT... -o DIR\n"
	"\n"
	"Reads the corpus, strips page chrome, finds exact and near-duplicates and\n"
	"groups the articles into stories. Writes DIR/docs.jsonl: one object per\n"
	"document, in input order, with \"id\", the cleaned \"text\", \"dup_cluster\",\n"
	"\"dup_of\" (see winnow dedup) and \"story\" (see winnow stories);\n"
	"DIR/stories.jsonl: one object per story. Prints a summary table.\n"
	"\n";

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_DEDUP_OPTIONS,
	CLI_STORY_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

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

/* Shortens S to at most WIDTH bytes (on a UTF-8 boundary) into BUF. */
static const char *clip(const char *s, size_t width, char *buf, size_t size)
{
	size_t n = s ? strlen(s) : 0;
	if (n <= width) {
		snprintf(buf, size, "%s", s ? s : "");
		return buf;
	}
	n = width - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	snprintf(buf, size, "%.*s...", (int)n, s);
	return buf;
}

static void print_summary(const cli_story_job *job, const char *dir)
{
	wn_pipeline_stats ps;
	wn_pipeline_get_stats(job->pipeline, &ps);
	wn_dedup *dedup = wn_pipeline_dedup(job->pipeline);
	wn_dedup_stats ds;
	memset(&ds, 0, sizeof(ds));
	if (dedup)
		wn_dedup_get_stats(dedup, &ds);
	wn_stories_stats ss;
	wn_stories_get_stats(job->stories, &ss);
	char in[32], kept[32];
	cli_human_bytes((double)ps.reader.bytes, in, sizeof(in));
	cli_human_bytes((double)ps.bytes_clean, kept, sizeof(kept));
	printf("winnow run: %s/docs.jsonl, %s/stories.jsonl\n\n", dir, dir);
	printf("  %-28s %12s\n", "stage", "result");
	printf("  %-28s %12s\n", "----------------------------", "------------");
	printf("  %-28s %12llu\n", "documents read", (unsigned long long)ss.docs);
	printf("  %-28s %12s\n", "text read", in);
	if (job->clean) {
		printf("  %-28s %12llu\n", "lines removed as chrome", (unsigned long long)ps.lines_removed);
		for (int r = 1; r < WN_REASON_COUNT; r++)
			if (ps.removed_by_reason[r])
				printf("    %-26s %12llu\n", wn_clean_reason_name((wn_clean_reason)r),
				       (unsigned long long)ps.removed_by_reason[r]);
		printf("  %-28s %12s\n", "clean text kept", kept);
	}
	if (dedup) {
		printf("  %-28s %12llu\n", "empty documents", (unsigned long long)ds.empty);
		printf("  %-28s %12llu\n", "exact duplicates", (unsigned long long)ds.exact_dups);
		printf("  %-28s %12llu\n", "near duplicates", (unsigned long long)ds.near_dups);
		printf("  %-28s %12llu\n", "duplicate groups", (unsigned long long)ds.groups);
		printf("  %-28s %12llu\n", "documents kept",
		       (unsigned long long)(ds.docs - ds.exact_dups - ds.near_dups));
	}
	printf("  %-28s %12llu\n", "stories", (unsigned long long)ss.stories);
	printf("  %-28s %12llu\n", "shared quotations", (unsigned long long)ss.shared_quotes);
	if (job->c->skipped)
		printf("  %-28s %12llu\n", "bad records skipped", (unsigned long long)job->c->skipped);
	printf("  %-28s %10.2f s\n", "time", ps.seconds);
	printf("  %-28s %7.1f MB/s\n", "speed",
	       ps.seconds > 0 ? (double)ps.reader.bytes / 1e6 / ps.seconds : 0.0);

	/* The stories, largest first (at most 20, then by number): one pass
	 * that keeps the 20 best seen so far. */
	enum { SHOWN = 20 };
	size_t n = wn_stories_count(job->stories), shown = 0;
	size_t order[SHOWN], sizes[SHOWN];
	for (size_t i = 0; i < n; i++) {
		wn_story sv;
		if (wn_stories_get(job->stories, i, &sv) < 0)
			continue;
		if (shown == SHOWN && sizes[SHOWN - 1] >= sv.size)
			continue;
		size_t j = shown < SHOWN ? shown++ : SHOWN - 1;
		while (j > 0 && sizes[j - 1] < sv.size) {
			order[j] = order[j - 1];
			sizes[j] = sizes[j - 1];
			j--;
		}
		order[j] = i;
		sizes[j] = sv.size;
	}
	printf("\n  %5s  %-44s %4s  %-24s %-10s %-10s\n", "story", "headline", "docs", "sources",
	       "first", "last");
	for (size_t k = 0; k < shown; k++) {
		wn_story st;
		if (wn_stories_get(job->stories, order[k], &st) < 0)
			continue;
		char head[64], src[64], list[256] = "";
		size_t used = 0;
		for (size_t s = 0; s < st.source_count && used + 2 < sizeof(list); s++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", s ? ", " : "",
						 st.sources[s]);
		printf("  %5llu  %-44s %4zu  %-24s %-10s %-10s\n", (unsigned long long)st.story,
		       clip(st.headline, 44, head, sizeof(head)), st.size,
		       clip(list, 24, src, sizeof(src)), st.first_date ? st.first_date : "-",
		       st.last_date ? st.last_date : "-");
	}
	if (n > shown)
		printf("  ... and %zu more stories in %s/stories.jsonl\n", n - shown, dir);
}

int cmd_run(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	cli_story_job job;
	cli_story_job_init(&job, &c);
	int rc = cli_story_begin(&job, argc, argv, options, usage, NULL, NULL);
	if (rc)
		return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
	if (!c.output) {
		cli_error("winnow run needs an output directory: -o DIR");
		return EXIT_USAGE;
	}
	int code = make_dir(c.output);
	if (!code && !(job.spool = tmpfile())) {
		cli_error("cannot create a temporary file: %s", strerror(errno));
		code = EXIT_IO;
	}
	if (!code)
		code = cli_story_run(&job, "run");
	char docs[4096], stories[4096];
	snprintf(docs, sizeof(docs), "%s/docs.jsonl", c.output);
	snprintf(stories, sizeof(stories), "%s/stories.jsonl", c.output);
	if (!code)
		code = cli_story_write_file(&job, docs, cli_story_write_docs);
	if (!code)
		code = cli_story_write_file(&job, stories, cli_story_write_stories);
	if (!code && !c.quiet)
		print_summary(&job, c.output);
	if (job.spool)
		fclose(job.spool);
	cli_story_job_release(&job);
	return code;
}
