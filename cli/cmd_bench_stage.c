/* cli/cmd_bench_stage.c - winnow bench-stage STAGE INPUT...: runs the
 * pipeline up to one stage and writes nothing, so that bench/ can time the
 * stages (read, normalise, clean, sketch) one by one. Not listed in --help. */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: winnow bench-stage read|normalise|clean|sketch [-j N] INPUT...\n";

static const struct option options[] = { CLI_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };

int cmd_bench_stage(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	static const struct {
		const char *name;
		wn_stage stage;
	} stages[] = {
		{ "read", WN_STAGE_READ },     { "normalise", WN_STAGE_NORMALIZE },
		{ "normalize", WN_STAGE_NORMALIZE }, { "clean", WN_STAGE_CLEAN },
		{ "sketch", WN_STAGE_SKETCH },
	};
	wn_pipeline_options popt;
	wn_pipeline_options_init(&popt);
	size_t i;
	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		if (!strcmp(argv[1], stages[i].name))
			break;
	if (i == sizeof(stages) / sizeof(stages[0])) {
		cli_error("unknown stage '%s'", argv[1]);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	popt.stop_after = stages[i].stage;
	cli_common c;
	cli_common_init(&c);
	int opt, rc;
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, CLI_COMMON_SHORT, options, NULL)) != -1) {
		if ((rc = cli_common_option(&c, opt, optarg)) < 0)
			return -rc;
		if (rc == 0) {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_common_inputs(&c, argc - 1, argv + 1, usage)))
		return rc;
	wn_pipeline *pl = NULL;
	int code = cli_spool_stdin(&c);
	if (!code)
		code = cli_run_pipeline(&c, &popt, "bench", &pl);
	wn_pipeline_free(pl);
	return code;
}
