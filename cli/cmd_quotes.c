/* cli/cmd_quotes.c - winnow quotes (not built yet). */
#include "cli.h"

int cmd_quotes(int argc, char **argv)
{
	cli_error("'quotes' is not available in this build yet");
	return EXIT_USAGE;
}
