/*
 * Similar names for "did you mean", after git's help.c and levenshtein.c
 * (read, not copied). Only the last three rows of the distance matrix are
 * kept: a swap looks two rows back.
 */
#include "util/similar.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define W_SWAP 0
#define W_SUBST 2
#define W_ADD 1
#define W_DROP 3
/* git's empirically derived SIMILARITY_FLOOR: a score must be below it */
#define SIMILARITY_FLOOR 7

int pmo_similar_distance(const char *typed, const char *candidate)
{
	size_t n1 = strlen(typed), n2 = strlen(candidate), i, j;
	int *before = malloc((n2 + 1) * sizeof(int)), *prev = malloc((n2 + 1) * sizeof(int)),
	    *cur = malloc((n2 + 1) * sizeof(int)), *t, d;

	if (!before || !prev || !cur) {
		d = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	/* prev[j]: from the first i bytes of typed to the first j of candidate */
	for (j = 0; j <= n2; j++)
		prev[j] = (int)j * W_ADD;
	for (i = 0; i < n1; i++) {
		cur[0] = (int)(i + 1) * W_DROP;
		for (j = 0; j < n2; j++) {
			int best = prev[j] + (typed[i] != candidate[j] ? W_SUBST : 0);
			if (i && j && typed[i - 1] == candidate[j] && typed[i] == candidate[j - 1] &&
			    before[j - 1] + W_SWAP < best)
				best = before[j - 1] + W_SWAP;
			if (prev[j + 1] + W_DROP < best)
				best = prev[j + 1] + W_DROP;
			if (cur[j] + W_ADD < best)
				best = cur[j] + W_ADD;
			cur[j + 1] = best;
		}
		t = before;
		before = prev;
		prev = cur;
		cur = t;
	}
	d = prev[n2];
done:
	free(before);
	free(prev);
	free(cur);
	return d;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int pmo_similar(const char ***out, const char *typed, const char *const *names, size_t n)
{
	int *score = calloc(n ? n : 1, sizeof(int)), best = SIMILARITY_FLOOR, error = 0;
	const char **pick = calloc(n + 1, sizeof(*pick));
	size_t i, k = 0, prefixes = 0, tl = strlen(typed);

	if (!score || !pick) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (!strncmp(names[i], typed, tl)) {
			score[i] = 0; /* git: a name typed in part is the best guess */
			prefixes++;
		} else if ((score[i] = pmo_similar_distance(typed, names[i])) < 0) {
			error = score[i];
			goto done;
		} else {
			score[i]++;
		}
		if (score[i] < best)
			best = score[i];
	}
	/* typed begins every name: too ambiguous to suggest one */
	if (prefixes < n || !n)
		for (i = 0; i < n; i++)
			if (score[i] == best)
				pick[k++] = names[i];
	qsort(pick, k, sizeof(*pick), by_name); /* ties as git lists them */
	*out = pick;
	pick = NULL;
done:
	free(score);
	free(pick);
	return error;
}
