/* cli/main.c - the winnow program: dispatches to one command per file. */
#include "cli.h"

#include <string.h>

static const char usage[] =
	"usage: winnow [--version] [--help] COMMAND [OPTIONS] INPUT...\n"
	"\n"
	"Commands:\n"
	"  run      read, clean, de-duplicate and group a corpus into DIR (-o DIR)\n"
	"  clean    strip page chrome from each document, saying why each line went\n"
	"  dedup    find exact and near-duplicate documents and group them\n"
	"  stories  group articles that report the same story\n"
	"  quotes   list quotations shared by two or more documents\n"
	"  compare  explain how two documents relate\n"
	"\n"
	"`winnow COMMAND --help` describes a command's options.\n";

struct command {
	const char *name;
	int (*fn)(int, char **);
};

static const struct command commands[] = {
	{ "run", cmd_run },         { "clean", cmd_clean },
	{ "dedup", cmd_dedup },     { "stories", cmd_stories },
	{ "quotes", cmd_quotes },   { "compare", cmd_compare },
	{ "bench-stage", cmd_bench_stage }, /* for bench/, not listed */
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("winnow %s\n", wn_version());
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s'", argv[1]);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
