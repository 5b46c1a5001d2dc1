/* cli/cmd_clean.c - winnow clean (not built yet). */
#include "cli.h"

int cmd_clean(int argc, char **argv)
{
	cli_error("'clean' is not available in this build yet");
	return EXIT_USAGE;
}
