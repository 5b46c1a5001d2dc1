/* io/jsonl.h - named top-level fields out of one JSONL record, in one pass.
 * The line is validated as strict JSON (RFC 8259: no raw control characters
 * in strings, no leading zeros, ...) while only the requested top-level
 * fields are decoded: no DOM and no allocation per record. A string without
 * escapes points into the line; a string with escapes is decoded into a
 * scratch buffer reused across records. Internal to libwinnow.
 *
 * Choices, all tested:
 *  - "\u0000" decodes to a NUL byte: lengths are explicit, nothing truncates.
 *  - A lone UTF-16 surrogate escape decodes to U+FFFD (as Python does), not
 *    an error. Invalid UTF-8 bytes inside strings pass through untouched;
 *    the text normaliser and the JSON writer deal with them.
 *  - A key that occurs twice: the last value wins (Python, jq, JavaScript).
 *  - A number keeps its token text ("12345678901234567890123" stays whole).
 * Why not cJSON: cJSON_ParseWithLengthOpts writes cJSON's process-global
 * error state on every call, so it is not thread-safe; it also truncates
 * strings at \u0000, builds a DOM with a malloc per value, and reports only
 * an offset. cJSON stays as the oracle of the unit tests and the fuzzer. */
#ifndef WN_IO_JSONL_H
#define WN_IO_JSONL_H

#include <stddef.h>

#include "util/util.h"

#define JSONL_MAX_FIELDS 8
/* Nesting cap: arrays and objects inside the record, the record included.
 * Hostile input cannot grow anything past it (cJSON's own limit is 1000). */
#define JSONL_MAX_DEPTH 512

typedef enum jsonl_kind {
	JSONL_ABSENT = 0,
	JSONL_NULL,
	JSONL_BOOL,
	JSONL_NUMBER,
	JSONL_STRING,
	JSONL_ARRAY,
	JSONL_OBJECT
} jsonl_kind;

/* A field's value. For JSONL_STRING, STR is the decoded string; for every
 * other kind it is the value's JSON text as it appears in the line
 * ("-1.5e3", "true", "[1, 2]"). ABSENT: STR.ptr == NULL. */
typedef struct jsonl_value {
	jsonl_kind kind;
	wn_str str;
} jsonl_value;

typedef struct jsonl_parser {
	const char *name[JSONL_MAX_FIELDS];   /* NULL: slot not read */
	size_t name_len[JSONL_MAX_FIELDS];
	size_t field_count;
	jsonl_value value[JSONL_MAX_FIELDS];  /* results of the last parse */
	wn_buf scratch;                       /* decoded strings */
	wn_buf key;                           /* a key with escapes, decoded */
	size_t scratch_off[JSONL_MAX_FIELDS]; /* SIZE_MAX: value points into the line */
	unsigned char alias[JSONL_MAX_FIELDS]; /* first slot asking for the same name */
	const char *line;                     /* the line being parsed, for offsets */
	unsigned char stack[JSONL_MAX_DEPTH];
	char error[160];                      /* "invalid JSON at byte 17: ..." */
} jsonl_parser;

/* Prepares P to extract the fields NAMES[0..COUNT-1] (a NULL entry is a slot
 * that is never filled). NAMES are not copied: they must outlive P.
 * Allocates nothing. Returns 0 or WN_EINVAL (COUNT > JSONL_MAX_FIELDS). */
int jsonl_parser_init(jsonl_parser *p, const char *const *names, size_t count);
void jsonl_parser_release(jsonl_parser *p);

/* Parses LINE (LEN bytes, any bytes; no NUL terminator needed) as one JSON
 * object and fills P->value[i] for each requested name. Values stay valid
 * until the next jsonl_parse() or jsonl_parser_release() and as long as LINE.
 * Returns 0, WN_EPARSE (not JSON, or not an object; P->error says what and
 * where, with a 1-based byte column) or WN_ENOMEM. */
int jsonl_parse(jsonl_parser *p, const char *line, size_t len);

#endif
