/* cli/cmd_quotes.c - winnow quotes: the quotations that two or more documents
 * of one story share, with their speaker, documents and first appearance. */
#include "cli_stories.h"

#include <string.h>

static const char usage[] =
	"usage: winnow quotes [OPTIONS] INPUT...\n"
	"\n"
	"Groups the input into stories (see winnow stories) and lists each quotation\n"
	"found in two or more documents of a story, one JSON object per line:\n"
	"  {\"story\", \"text\", \"speaker\", \"first\", \"docs\": [...]}\n"
	"text is the shared wording (a quotation inside a longer one counts as the\n"
	"same), speaker the name a reporting pattern gives (\"..., X said\"; null if\n"
	"none), first the document where it appears first (by date, then input\n"
	"order), docs every document that carries it. Stories come in order, and\n"
	"within a story the most carried quotations first.\n"
	"\n";

static const struct option options[] = {
	CLI_COMMON_OPTIONS,
	CLI_DEDUP_OPTIONS,
	CLI_STORY_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static int write_quotes(const cli_story_job *job, wn_output *out, size_t *count)
{
	size_t n = wn_stories_count(job->stories);
	for (size_t s = 0; s < n; s++) {
		wn_story story;
		CLI_TRY(wn_stories_get(job->stories, s, &story));
		for (size_t q = 0; q < story.quote_count; q++) {
			const wn_story_quote *quote = &story.quotes[q];
			wn_str text = { quote->text, strlen(quote->text) };
			CLI_TRY(wn_output_puts(out, "{\"story\":"));
			CLI_TRY(wn_output_u64(out, story.story));
			CLI_TRY(wn_output_puts(out, ",\"text\":"));
			CLI_TRY(wn_output_json_string(out, text));
			CLI_TRY(wn_output_puts(out, ",\"speaker\":"));
			wn_str speaker = { quote->speaker, quote->speaker ? strlen(quote->speaker) : 0 };
			CLI_TRY(wn_output_json_string(out, speaker));
			CLI_TRY(wn_output_puts(out, ",\"first\":"));
			CLI_TRY(wn_output_json_string(out, cli_story_doc_id(job, quote->first_doc)));
			CLI_TRY(wn_output_puts(out, ",\"docs\":["));
			for (size_t d = 0; d < quote->doc_count; d++) {
				if (d)
					CLI_TRY(wn_output_puts(out, ","));
				CLI_TRY(wn_output_json_string(out, cli_story_doc_id(job, quote->docs[d])));
			}
			CLI_TRY(wn_output_puts(out, "]}\n"));
			(*count)++;
		}
	}
	return 0;
}

int cmd_quotes(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	cli_story_job job;
	cli_story_job_init(&job, &c);
	int rc = cli_story_begin(&job, argc, argv, options, usage, NULL, NULL);
	if (rc)
		return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
	int code = cli_story_run(&job, "quotes");
	wn_output *out = NULL;
	if (!code && (rc = wn_output_open(&out, c.output)) < 0) {
		cli_cannot_write(c.output, rc);
		code = EXIT_IO;
	}
	size_t count = 0;
	if (!code) {
		rc = write_quotes(&job, out, &count);
		rc = rc == 0 ? wn_output_commit(out) : (wn_output_abort(out), rc);
		if (rc < 0) {
			cli_cannot_write(c.output, rc);
			code = cli_exit_code(rc);
		}
	}
	if (!code && !c.quiet) {
		wn_stories_stats st;
		wn_stories_get_stats(job.stories, &st);
		fprintf(stderr, "winnow quotes: %llu documents, %llu stories, %llu quotations found, %zu shared\n",
			(unsigned long long)st.docs, (unsigned long long)st.stories,
			(unsigned long long)st.quotes, count);
	}
	cli_story_job_release(&job);
	return code;
}
