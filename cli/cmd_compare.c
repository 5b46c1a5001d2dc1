/* cli/cmd_compare.c - winnow compare (not built yet). */
#include "cli.h"

int cmd_compare(int argc, char **argv)
{
	cli_error("'compare' is not available in this build yet");
	return EXIT_USAGE;
}
