/* cli/progress.c - a progress bar on standard error, only when it is a
 * terminal: pass, documents, bytes, rate and, when the input size is known,
 * the share done and the time left. The pipeline calls it at most ten times
 * a second. */
#include "cli.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int terminal_width(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

static void draw(void *ctx, const wn_progress *p)
{
	cli_progress *bar = ctx;
	char done[32], line[256];
	double rate = p->seconds > 0 ? (double)p->bytes / p->seconds : 0;
	cli_human_bytes((double)p->bytes, done, sizeof(done));
	int n;
	if (p->bytes_total > 0) {
		double share = (double)p->bytes / (double)p->bytes_total;
		if (share > 1)
			share = 1;
		double left = rate > 0 ? (double)(p->bytes_total - (p->bytes < p->bytes_total ? p->bytes : p->bytes_total)) / rate : 0;
		int width = terminal_width() - 70;
		if (width < 10)
			width = 10;
		if (width > 40)
			width = 40;
		char bar_text[48];
		int filled = (int)(share * width);
		memset(bar_text, '#', (size_t)filled);
		memset(bar_text + filled, '.', (size_t)(width - filled));
		bar_text[width] = '\0';
		n = snprintf(line, sizeof(line), "%s pass %d/%d [%s] %3.0f%% %llu docs %s %.1f MB/s %.0fs left",
			     bar->label, p->pass, p->passes, bar_text, share * 100,
			     (unsigned long long)p->docs, done, rate / 1e6, left);
	} else {
		n = snprintf(line, sizeof(line), "%s pass %d/%d: %llu docs, %s, %.1f MB/s",
			     bar->label, p->pass, p->passes, (unsigned long long)p->docs, done, rate / 1e6);
	}
	if (n < 0)
		return;
	fprintf(stderr, "\r%s\033[K", line);
	bar->shown = 1;
	fflush(stderr);
}

void cli_progress_setup(cli_progress *bar, const char *label, wn_pipeline_options *opts)
{
	bar->label = label;
	bar->shown = 0;
	if (isatty(STDERR_FILENO)) {
		opts->on_progress = draw;
		opts->progress_ctx = bar;
	}
}

void cli_progress_end(cli_progress *bar)
{
	if (bar->shown)
		fputs("\r\033[K", stderr);
	bar->shown = 0;
}
