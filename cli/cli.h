/* cli/cli.h - the winnow program: shared option handling and the commands.
 * The program uses only the public header winnow.h. */
#ifndef WN_CLI_H
#define WN_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "winnow.h"

/* Exit codes, documented in README.md. */
enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,   /* bad input data: malformed record, missing field, corrupt stream */
	EXIT_USAGE = 2,  /* bad command line */
	EXIT_IO = 3,     /* a file could not be read or written */
	EXIT_INTERNAL = 4 /* out of memory or an internal error */
};

/* Options every reading command takes. */
typedef struct cli_common {
	wn_reader_options reader;
	const char *output;        /* -o FILE, NULL: stdout */
	char **inputs;
	int input_count;
	int quiet;                 /* -q: no summary on stderr */
	unsigned threads;          /* -j N, 0: one per core */
	uint64_t skipped;          /* bad records skipped (--skip-bad) */
} cli_common;

/* Long options of cli_common; a command's option table starts with these
 * (CLI_COMMON_OPTIONS) and its getopt loop hands unknown codes to
 * cli_common_option(). */
enum {
	OPT_ID_FIELD = 1000, OPT_TEXT_FIELD, OPT_TITLE_FIELD, OPT_DATE_FIELD,
	OPT_SOURCE_FIELD, OPT_URL_FIELD, OPT_SKIP_BAD, OPT_HELP,
	/* dedup's matching options, shared by the commands that group */
	OPT_THRESHOLD = 1050, OPT_NGRAM, OPT_NUM_PERM, OPT_BANDS, OPT_CONTAINMENT,
	OPT_METHOD, OPT_HAMMING, OPT_SEED,
	OPT_COMMAND_BASE = 1100 /* commands number their own options from here */
};

#define CLI_COMMON_OPTIONS                                                \
	{ "id-field", required_argument, NULL, OPT_ID_FIELD },            \
	{ "text-field", required_argument, NULL, OPT_TEXT_FIELD },        \
	{ "title-field", required_argument, NULL, OPT_TITLE_FIELD },      \
	{ "date-field", required_argument, NULL, OPT_DATE_FIELD },        \
	{ "source-field", required_argument, NULL, OPT_SOURCE_FIELD },    \
	{ "url-field", required_argument, NULL, OPT_URL_FIELD },          \
	{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },                  \
	{ "output", required_argument, NULL, 'o' },                       \
	{ "quiet", no_argument, NULL, 'q' },                              \
	{ "threads", required_argument, NULL, 'j' },                      \
	{ "help", no_argument, NULL, OPT_HELP }

#define CLI_DEDUP_OPTIONS                                                 \
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },          \
	{ "ngram", required_argument, NULL, OPT_NGRAM },                  \
	{ "num-perm", required_argument, NULL, OPT_NUM_PERM },            \
	{ "bands", required_argument, NULL, OPT_BANDS },                  \
	{ "containment", required_argument, NULL, OPT_CONTAINMENT },      \
	{ "method", required_argument, NULL, OPT_METHOD },                \
	{ "hamming", required_argument, NULL, OPT_HAMMING },              \
	{ "seed", required_argument, NULL, OPT_SEED }

/* The help text of dedup's matching options. */
extern const char cli_dedup_help[];

#define CLI_COMMON_SHORT "o:qj:"

/* The help text of the common options, for a command's --help. */
extern const char cli_common_help[];

void cli_common_init(cli_common *c);
/* Handles one common option. Returns 1 if handled, 0 if OPT is not common,
 * -EXIT_USAGE on a bad value (the error printed). */
int cli_common_option(cli_common *c, int opt, const char *arg);
/* Takes the remaining arguments as inputs; with none, prints USAGE and
 * returns EXIT_USAGE, else 0. */
int cli_common_inputs(cli_common *c, int argc, char **argv, const char *usage);

/* Parses the value ARG of option --NAME, which must lie in [LO, HI]; on a
 * bad value prints why and returns EXIT_USAGE, else 0. */
int cli_parse_double(const char *name, const char *arg, double lo, double hi, double *out);
int cli_parse_long(const char *name, const char *arg, long lo, long hi, long *out);

/* Reports that PATH (NULL: standard output) could not be written: the
 * system's reason for WN_EIO, else RC's. Call right after the failure. */
void cli_cannot_write(const char *path, int rc);

/* Maps a library status to an exit code. */
int cli_exit_code(int rc);

/* Prints "winnow: MESSAGE" to stderr, printf-style. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));


/* Replaces each "-" input by a temporary copy of standard input, so that
 * commands can read their input more than once (site statistics, --keep).
 * The copies are removed at exit. Returns 0 or an exit code. */
int cli_spool_stdin(cli_common *c);

/* Reader options for a repeated pass: bad records are skipped silently
 * (the main pass reports them). */
wn_reader_options cli_quiet_reader_options(const cli_common *c);

/* A progress bar on standard error when it is a terminal. */
typedef struct cli_progress {
	const char *label;
	int shown;
} cli_progress;

/* Sets OPTS's progress callback to draw BAR, if stderr is a terminal. */
void cli_progress_setup(cli_progress *bar, const char *label, wn_pipeline_options *opts);
/* Clears the bar's line. */
void cli_progress_end(cli_progress *bar);

/* Seconds since an arbitrary start (monotonic). */
double cli_now(void);
/* A human size, "12.3 MB", into BUF. */
const char *cli_human_bytes(double bytes, char *buf, size_t size);

/* Returns a negative status from the enclosing function. */
#define CLI_TRY(expr)                         \
	do {                                  \
		int cli_try_rc_ = (expr);     \
		if (cli_try_rc_ < 0)          \
			return cli_try_rc_;   \
	} while (0)

/* Dedup's matching options (cmd_dedup.c), shared with `winnow run`:
 * returns 1 if OPT was one of them, 0 if not, or -EXIT_USAGE. */
int cli_dedup_option(wn_dedup_options *o, int opt, const char *arg);
/* Runs PIPELINE_OPTIONS over the inputs, with a progress bar labelled
 * LABEL; on success sets *OUT (free with wn_pipeline_free). Prints its own
 * errors. Returns 0 or an exit code. */
int cli_run_pipeline(cli_common *c, wn_pipeline_options *opts, const char *label,
		     wn_pipeline **out);
void cli_dedup_summary(const cli_common *c, const wn_pipeline *pipeline);

/* The commands: each gets argv from its own name on and returns an exit code. */
int cmd_dedup(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bench_stage(int argc, char **argv);

#endif
