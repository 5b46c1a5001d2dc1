/* cli/cmd_stories.c - winnow stories (not built yet). */
#include "cli.h"

int cmd_stories(int argc, char **argv)
{
	cli_error("'stories' is not available in this build yet");
	return EXIT_USAGE;
}
