/* fuzz_check.h - the invariant check every harness uses: a failed CHECK
 * prints the condition and line, then aborts, which libFuzzer reports as a
 * crash with the input that caused it. */
#ifndef WN_FUZZ_CHECK_H
#define WN_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "check failed: %s (line %d)\n", #cond, \
				__LINE__);                                   \
			abort();                                             \
		}                                                            \
	} while (0)

#endif
