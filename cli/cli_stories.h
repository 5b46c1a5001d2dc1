/* cli/cli_stories.h - what the story commands (stories, quotes, compare)
 * share: the story options and one job that reads, cleans, de-duplicates
 * and groups the input through the public API. */
#ifndef WN_CLI_STORIES_H
#define WN_CLI_STORIES_H

#include "cli.h"

/* Story options; numbered apart from each command's own options. */
enum {
	OPT_STORY_THRESHOLD = OPT_COMMAND_BASE + 50, OPT_MERGE_THRESHOLD, OPT_TERM_WEIGHT,
	OPT_ENTITY_WEIGHT, OPT_QUOTE_WEIGHT, OPT_DAY_PENALTY, OPT_CLOSE_DAYS, OPT_TITLE_WEIGHT,
	OPT_MIN_QUOTE_WORDS, OPT_TOP_TERMS, OPT_LANGUAGE,
	OPT_STORY_NO_CLEAN, OPT_STORY_NO_SITE_REPEAT, OPT_STORY_NO_DEDUP
};

#define CLI_STORY_OPTIONS                                                    \
	{ "story-threshold", required_argument, NULL, OPT_STORY_THRESHOLD }, \
	{ "merge-threshold", required_argument, NULL, OPT_MERGE_THRESHOLD }, \
	{ "term-weight", required_argument, NULL, OPT_TERM_WEIGHT },         \
	{ "entity-weight", required_argument, NULL, OPT_ENTITY_WEIGHT },     \
	{ "quote-weight", required_argument, NULL, OPT_QUOTE_WEIGHT },       \
	{ "day-penalty", required_argument, NULL, OPT_DAY_PENALTY },         \
	{ "close-days", required_argument, NULL, OPT_CLOSE_DAYS },           \
	{ "title-weight", required_argument, NULL, OPT_TITLE_WEIGHT },       \
	{ "min-quote-words", required_argument, NULL, OPT_MIN_QUOTE_WORDS }, \
	{ "top-terms", required_argument, NULL, OPT_TOP_TERMS },             \
	{ "language", required_argument, NULL, OPT_LANGUAGE },               \
	{ "no-clean", no_argument, NULL, OPT_STORY_NO_CLEAN },               \
	{ "no-site-repeat", no_argument, NULL, OPT_STORY_NO_SITE_REPEAT },   \
	{ "no-dedup", no_argument, NULL, OPT_STORY_NO_DEDUP }

extern const char cli_story_help[];

/* One grouping job over the common inputs. */
typedef struct cli_story_job {
	cli_common *c;
	wn_story_options story;
	wn_dedup_options dedup;
	int clean, site_repeat, use_dedup;
	wn_pipeline *pipeline;       /* after the run */
	wn_stories *stories;         /* finished */
	/* winnow compare: the cleaned texts of two documents, by id */
	const char *want[2];
	char *want_text[2];
	size_t want_len[2];
	size_t want_index[2];        /* SIZE_MAX: not seen */
	size_t want_seen[2];         /* how many documents carry the id */
	size_t index;                /* documents added so far */
	/* winnow run: each cleaned text, in input order (length, bytes) */
	FILE *spool;
	int story_io_error;          /* the story features could not be spilled */
} cli_story_job;

void cli_story_job_init(cli_story_job *job, cli_common *c);
void cli_story_job_release(cli_story_job *job);

/* Parses a story option (and --no-clean, --no-site-repeat, --no-dedup) into
 * JOB. Returns 1 if OPT was one, 0 if not, -EXIT_USAGE on a bad value. */
int cli_story_option(cli_story_job *job, int opt, const char *arg);

/* A command's own options: returns 1 if it took OPT, 0 if not. */
typedef int (*cli_own_option_fn)(void *ctx, int opt, const char *arg);

/* cli_story_parse() returned after --help: exit with EXIT_OK. */
#define CLI_HELP_SHOWN (-1)

/* Parses ARGV with OPTIONS: the common, matching and story options go to
 * JOB, the others to OWN (may be NULL). Stops at the first operand (optind).
 * Returns 0, CLI_HELP_SHOWN after printing USAGE and the option help, or an
 * exit code after printing the error. */
int cli_story_parse(cli_story_job *job, int argc, char **argv, const struct option *options,
		    const char *usage, cli_own_option_fn own, void *ctx);
/* cli_story_parse(), then the input operands (cli_common_inputs): what the
 * commands that take only inputs begin with. The same returns. */
int cli_story_begin(cli_story_job *job, int argc, char **argv, const struct option *options,
		    const char *usage, cli_own_option_fn own, void *ctx);

/* Reads, cleans, de-duplicates and groups the inputs. Prints its own errors.
 * Returns 0 or an exit code. */
int cli_story_run(cli_story_job *job, const char *label);

/* Writes {"id", "story"} per document (winnow stories), or, with SPOOL and
 * a finished deduplicator, {"id", "text", "dup_cluster", "dup_of", "story"}
 * (winnow run). Returns 0 or a negative code. */
int cli_story_write_docs(const cli_story_job *job, wn_output *out);
/* One JSON object per story. */
int cli_story_write_stories(const cli_story_job *job, wn_output *out);
/* Writes with WRITE to PATH (NULL or "-": standard output), atomically.
 * Prints its own errors; returns 0 or an exit code. */
int cli_story_write_file(const cli_story_job *job, const char *path,
			 int (*write)(const cli_story_job *, wn_output *));

/* The id of document INDEX as a wn_str. */
wn_str cli_story_doc_id(const cli_story_job *job, size_t index);

#endif
