/* story/dates.c - calendar days of the dates that news records carry.
 * Day numbers use the proleptic Gregorian calendar, converted with Howard
 * Hinnant's days_from_civil / civil_from_days algorithms ("chrono-compatible
 * low-level date algorithms"). Times and zones are ignored: stories are
 * compared in days. */
#include <string.h>

#include "story/story.h"

static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void story_format_day(int32_t day, char buf[11])
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	if (y < 0 || y > 9999) {
		memcpy(buf, "0000-00-00", 11);
		return;
	}
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

static int digits(const char *s, size_t len, size_t at, size_t n, int *value)
{
	if (at + n > len)
		return 0;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[at + i];
		if (c < '0' || c > '9')
			return 0;
		v = v * 10 + (c - '0');
	}
	*value = v;
	return 1;
}

/* A month name (at least its first three letters, any case) at S[AT..]; returns
 * 1..12 and the length read, or 0. */
static int month_at(const char *s, size_t len, size_t at, size_t *used)
{
	static const char names[12][10] = { "january", "february", "march", "april", "may",
					    "june", "july", "august", "september", "october",
					    "november", "december" };
	size_t n = 0;
	char w[10];
	while (at + n < len && n < sizeof(w)) {
		char c = s[at + n];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c < 'a' || c > 'z')
			break;
		w[n++] = c;
	}
	if (n < 3 || (at + n < len && ((s[at + n] | 32) >= 'a' && (s[at + n] | 32) <= 'z')))
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(names[m]);
		if (n > full || memcmp(w, names[m], n))
			continue;
		/* "Sept" is common too */
		if (n == 3 || n == full || (m == 8 && n == 4)) {
			*used = n;
			if (at + n < len && s[at + n] == '.')
				(*used)++;
			return m + 1;
		}
	}
	return 0;
}

static int valid(int y, int m, int d)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] &&
	       !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static size_t skip_spaces(const char *s, size_t len, size_t at)
{
	while (at < len && (s[at] == ' ' || s[at] == '\t' || s[at] == ','))
		at++;
	return at;
}

int32_t story_parse_day(const char *s, size_t len)
{
	int y = 0, m = 0, d = 0;
	size_t at = 0, used;
	if (!s)
		return STORY_NO_DAY;
	at = skip_spaces(s, len, 0);
	s += at;
	len -= at;
	/* ISO 8601: 2022-03-09, 2022/03/09, 20220309 (+ anything) */
	if (digits(s, len, 0, 4, &y)) {
		if (len >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4] && digits(s, len, 5, 2, &m) &&
		    digits(s, len, 8, 2, &d) && valid(y, m, d))
			return days_from_civil(y, m, d);
		if (digits(s, len, 4, 2, &m) && digits(s, len, 6, 2, &d) && valid(y, m, d) &&
		    (len == 8 || s[8] == 'T' || s[8] == ' '))
			return days_from_civil(y, m, d);
		return STORY_NO_DAY;
	}
	/* RFC 2822: an optional weekday, then "9 Mar 2022"; or "9 March 2022" */
	at = 0;
	if (len > 4 && ((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z') && month_at(s, len, 0, &used) == 0) {
		while (at < len && s[at] != ',' && s[at] != ' ')
			at++;
		at = skip_spaces(s, len, at);
	}
	size_t nd = 0;
	while (at + nd < len && nd < 3 && s[at + nd] >= '0' && s[at + nd] <= '9')
		nd++;
	if (nd >= 1 && nd <= 2) {
		digits(s, len, at, nd, &d);
		at = skip_spaces(s, len, at + nd);
		if (at + 1 < len && s[at] == '-')
			at++;   /* 09-Mar-2022 */
		if ((m = month_at(s, len, at, &used)) > 0) {
			at = skip_spaces(s, len, at + used);
			if (at < len && s[at] == '-')
				at++;
			if (digits(s, len, at, 4, &y) && valid(y, m, d))
				return days_from_civil(y, m, d);
		}
		return STORY_NO_DAY;
	}
	/* "March 9, 2022" */
	if ((m = month_at(s, len, at, &used)) > 0) {
		at = skip_spaces(s, len, at + used);
		nd = 0;
		while (at + nd < len && nd < 3 && s[at + nd] >= '0' && s[at + nd] <= '9')
			nd++;
		if (nd >= 1 && nd <= 2) {
			digits(s, len, at, nd, &d);
			at += nd;
			/* 1st, 2nd, 3rd, 9th */
			if (at + 1 < len && (s[at] | 32) >= 'a' && (s[at] | 32) <= 'z')
				at += 2;
			at = skip_spaces(s, len, at);
			if (digits(s, len, at, 4, &y) && valid(y, m, d))
				return days_from_civil(y, m, d);
		}
	}
	return STORY_NO_DAY;
}
