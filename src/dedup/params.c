/* dedup/params.c - optimal LSH banding for a threshold (see params.h). */
#include "dedup/params.h"

#include <math.h>

/* Weight of the false-positive area. Candidates are verified on their
 * sketches, so a false positive costs one comparison while a false negative
 * loses a duplicate for good: we weight misses three times as much as
 * datasketch's even split does (measured in docs/dedup.md). */
#define LSH_FP_WEIGHT 0.25

/* X to the integer power N by squaring: a few multiplications where pow()
 * costs a hundred cycles, and the banding search calls it ~10^5 times. */
static double ipow(double x, int n)
{
	double r = 1.0;
	while (n > 0) {
		if (n & 1)
			r *= x;
		x *= x;
		n >>= 1;
	}
	return r;
}

double lsh_candidate_probability(double s, int bands, int rows)
{
	return 1.0 - ipow(1.0 - ipow(s, rows), bands);
}

/* Trapezoid integration with a fixed step: smooth integrands, 1/200 is
 * finer than the choice between neighbouring (b, r) needs. */
static double area(double from, double to, int bands, int rows, int complement)
{
	const int steps = 200;
	double h = (to - from) / steps, sum = 0.0;
	for (int i = 0; i <= steps; i++) {
		double p = lsh_candidate_probability(from + i * h, bands, rows);
		double y = complement ? 1.0 - p : p;
		sum += (i == 0 || i == steps) ? y / 2 : y;
	}
	return sum * h;
}

void lsh_optimal_params(double threshold, int num_perm, int *bands, int *rows)
{
	double best = INFINITY;
	*bands = 1;
	*rows = num_perm;
	for (int b = 1; b <= num_perm; b++) {
		int max_r = num_perm / b;
		for (int r = 1; r <= max_r; r++) {
			double err = LSH_FP_WEIGHT * area(0.0, threshold, b, r, 0) +
				     (1.0 - LSH_FP_WEIGHT) * area(threshold, 1.0, b, r, 1);
			if (err < best) {
				best = err;
				*bands = b;
				*rows = r;
			}
		}
	}
}
