/* dedup/params.h - LSH banding parameters from a Jaccard threshold.
 * With b bands of r rows, a pair of Jaccard s becomes a candidate with
 * probability 1 - (1 - s^r)^b (Leskovec, Rajaraman, Ullman, Mining of
 * Massive Datasets, ch. 3). We pick (b, r) with b*r <= num_perm minimising
 * the false-positive area (integral of P over [0, t]) plus the false-negative
 * area (integral of 1 - P over [t, 1]), weighted equally, as datasketch's
 * _optimal_param does. */
#ifndef WN_DEDUP_PARAMS_H
#define WN_DEDUP_PARAMS_H

/* Probability that a pair of Jaccard S is a candidate with BANDS x ROWS. */
double lsh_candidate_probability(double s, int bands, int rows);

/* Sets *BANDS and *ROWS for THRESHOLD and NUM_PERM (>= 1). */
void lsh_optimal_params(double threshold, int num_perm, int *bands, int *rows);

#endif
