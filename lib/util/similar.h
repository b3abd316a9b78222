#ifndef PMO_UTIL_SIMILAR_H
#define PMO_UTIL_SIMILAR_H
#include <stddef.h>

/*
 * "Did you mean": which known names are most like a mistyped one, weighed
 * as git's help.c weighs a mistyped command (git's levenshtein.c: a
 * Damerau-Levenshtein distance where swapping two neighbours costs 0, a
 * substitution 2, an added letter 1 and a dropped one 3). Nothing here
 * prints; cmd/ words the suggestion.
 */

/* The weighted distance from typed to candidate (bytes, not characters),
 * or PMO_ENOMEM. */
int pmo_similar_distance(const char *typed, const char *candidate);

/* The names (of n) most similar to typed: a name that typed begins counts
 * as the closest, the others by distance + 1, and only scores under 7 (git's
 * SIMILARITY_FLOOR) are similar enough; when typed begins every name, none
 * is. *out gets a NULL-terminated array of the best names in byte order
 * (as git lists ties), borrowed from names (free() the array), empty when none is
 * similar enough. 0 or PMO_ENOMEM. */
int pmo_similar(const char ***out, const char *typed, const char *const *names, size_t n);

#endif
