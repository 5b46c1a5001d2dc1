/* cli/cmd_run.c - winnow run (not built yet). */
#include "cli.h"

int cmd_run(int argc, char **argv)
{
	cli_error("'run' is not available in this build yet");
	return EXIT_USAGE;
}
