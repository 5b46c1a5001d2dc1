/* consumer.c - a program built against the installed libwinnow with
 * pkg-config: reads a JSONL file and checks that the two identical records
 * form one group and the third stands alone. */
#include <stdio.h>
#include <string.h>
#include <winnow.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *paths[] = { argv[1] };
	wn_reader *reader;
	wn_dedup *dedup;
	wn_doc doc;
	int rc;
	if (wn_reader_open(&reader, paths, 1, NULL) || wn_dedup_new(&dedup, NULL))
		return 1;
	while ((rc = wn_reader_next(reader, &doc)) == 0)
		if (wn_dedup_add(dedup, &doc))
			return 1;
	if (rc != WN_EOF) {
		fprintf(stderr, "%s\n", wn_reader_error(reader));
		return 1;
	}
	if (wn_dedup_finish(dedup) || wn_dedup_count(dedup) != 3)
		return 1;
	wn_dup_info a, b, c;
	wn_dedup_get(dedup, 0, &a);
	wn_dedup_get(dedup, 1, &b);
	wn_dedup_get(dedup, 2, &c);
	int ok = a.cluster == b.cluster && b.keeper == 0 && b.exact && c.cluster != a.cluster;
	printf("libwinnow %s: %s\n", wn_version(), ok ? "ok" : "WRONG");
	wn_dedup_free(dedup);
	wn_reader_free(reader);
	return ok ? 0 : 1;
}
