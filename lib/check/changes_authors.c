/*
 * The implementers of a change request: the authors of the change's
 * commits that change more than its own CR file, who never approve it
 * (segregation of duties, rule change-approval of changes.c).
 *
 * Which commits are the change's:
 *
 * - merged (a merge commit says Pmo-Change: CBM/CR-1): those the merge
 *   brought in, between its first parent and its second;
 * - not merged, when the branch it started from (the CR's `base`, else
 *   `origin/<base>`) is at hand and does not hold the change yet (the CR
 *   file's last commit): the revision's commits since their merge base
 *   with it (git log BASE..REV), as `pmo change approve` counts them on the
 *   branch. On the change's branch (CI on its merge request) these are the
 *   change's;
 * - otherwise (the base gone or not fetched, or holding the change already:
 *   the branch merged with plain git or by a forge): the CR file's own
 *   history names them: from the newest commit that changed the
 *   file back along first parents to the commit that created it (the
 *   change's own line, as git log --first-parent shows a branch's commits,
 *   so the base's commits merged into the change are not its); when that
 *   line does not reach the creating commit, every commit between the two.
 *
 * Whether a commit changes more than the CR file is not read again for
 * each change: the one walk of the history that changes.c makes already
 * compares every commit's changes/ folders with its first parent, and says
 * whether the commit changed anything else (pmo_repo_history_files_commits).
 * That walk's answer is kept per commit here, so a thousand changes read
 * their thousand-file changes/ folder once, not once per commit of each.
 */
#include "check/changes.h"
#include "repo/branch.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what each commit changed: a table by commit id ---- */

static size_t slot_of(const pmo_cr_commits *m, const char *id)
{
	size_t i = (size_t)pmo_hash_bytes(id, 40) & (m->cap - 1);

	while (m->v[i].id[0] && memcmp(m->v[i].id, id, 40))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int put(pmo_cr_commits *m, const char *id, long what)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		pmo_cr_commits g = { NULL, m->cap ? 2 * m->cap : 1024, 0, { 0 }, 0, 0 };
		if (!(g.v = calloc(g.cap, sizeof(*g.v))))
			return pmo_error_set_oom();
		for (i = 0; i < m->cap; i++)
			if (m->v[i].id[0])
				g.v[slot_of(&g, m->v[i].id)] = m->v[i];
		free(m->v);
		m->v = g.v;
		m->cap = g.cap;
	}
	i = slot_of(m, id);
	if (!m->v[i].id[0])
		m->n++;
	memcpy(m->v[i].id, id, 40);
	m->v[i].what = what;
	return 0;
}

void pmo_check__commits_file(pmo_cr_commits *m, const char *id, long cr)
{
	if (strcmp(m->cur, id)) {
		memcpy(m->cur, id, sizeof(m->cur));
		m->nfiles = 0;
	}
	m->cr = m->nfiles++ ? -1 : cr;
}

int pmo_check__commits_end(pmo_cr_commits *m, const pmo_history_commit *c)
{
	long what;
	int told = !strcmp(m->cur, c->commit->id) && m->nfiles;

	m->cur[0] = '\0';
	if (!c->others && !told)
		return 0; /* changes nothing: not kept */
	what = c->others ? -1 : m->cr;
	return put(m, c->commit->id, what);
}

void pmo_check__commits_free(pmo_cr_commits *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ---- the authors of a change's commits ---- */

const char *pmo_check__author_commit(const pmo_cr_authors *a, const char *email)
{
	size_t i;

	for (i = 0; email && i + 1 < a->n; i += 2)
		if (!strcasecmp(a->v[i], email))
			return a->v[i + 1];
	return NULL;
}

typedef struct {
	pmo_cr_authors *out;
	const pmo_cr_commits *m;
	long cr; /* the CR's file, as pmo_check__commits_file names it */
	size_t told;
} gather;

static int add_author(const pmo_commit_info *c, void *payload)
{
	gather *g = payload;
	pmo_cr_authors *a = g->out;
	const pmo_cr_commit *t;
	char **v;

	g->told++;
	if (!g->m->cap || !(t = &g->m->v[slot_of(g->m, c->id)])->id[0] || t->what == g->cr)
		return 0; /* changes nothing, or nothing but the CR file */
	if (pmo_check__author_commit(a, c->author_email))
		return 0;
	if (!(v = realloc(a->v, (a->n + 3) * sizeof(*v))))
		return pmo_error_set_oom();
	a->v = v;
	v[a->n] = strdup(c->author_email);
	v[a->n + 1] = strndup(c->id, 7);
	v[a->n + 2] = NULL;
	if (!v[a->n] || !v[a->n + 1]) {
		free(v[a->n]);
		free(v[a->n + 1]);
		v[a->n] = v[a->n + 1] = NULL;
		return pmo_error_set_oom();
	}
	a->n += 2;
	return 0;
}

/* A revision this clone lacks (a branch deleted, a parent a partial clone
 * has not): no commits, not an error. */
static int missing(int error)
{
	if (error < 0 && error != PMO_ENOMEM) {
		pmo_error_clear();
		return 0;
	}
	return error;
}

/* The tip of the branch the change started from: its own name, else the
 * remote's (origin/<base>, as a clone for CI has it); "" when neither. */
static int base_tip(char out[static 41], pmo_repo *repo, const pmo_cr_history *h)
{
	const char *base = pmo_node_text(pmo_map_get(pmo_doc_root(h->doc), "base"));
	pmo_buf name = PMO_BUF_INIT;
	int error;

	out[0] = '\0';
	if (!base || !*base)
		return 0;
	if ((error = missing(pmo_repo_rev_id(out, repo, base))) < 0 || out[0])
		return error;
	pmo_buf_printf(&name, "origin/%s", base);
	if ((error = pmo_buf_oom(&name)) == 0 && (error = missing(pmo_repo_rev_id(out, repo, name.ptr))) < 0)
		out[0] = '\0';
	pmo_buf_free(&name);
	return error;
}

int pmo_check__implementers(pmo_cr_authors *out, pmo_source *src, const pmo_cr_commits *m,
			    const pmo_cr_history *h, long cr)
{
	pmo_repo *repo = pmo_source_repo(src);
	const char *rev = pmo_source_rev(src) ? pmo_source_rev(src) : "HEAD";
	pmo_buf before = PMO_BUF_INIT;
	gather g = { out, m, cr, 0 };
	char base[41], common[41] = "";
	int error = 0, met = 0;

	memset(out, 0, sizeof(*out));
	if (h->merge[0]) {
		pmo_buf_printf(&before, "%s^1", h->merge);
		if ((error = pmo_buf_oom(&before)) == 0)
			error = missing(pmo_repo_range(repo, before.ptr, h->merged, NULL, add_author, &g));
		goto done;
	}
	if ((error = base_tip(base, repo, h)) < 0)
		goto done;
	/* a base that holds the change already tells nothing of it */
	if (base[0] && h->last[0] && (error = missing(pmo_repo_merge_base(common, repo, base, h->last))) < 0)
		goto done;
	if (h->last[0] && !strcmp(common, h->last))
		base[0] = '\0';
	if (base[0] && ((error = missing(pmo_repo_range(repo, base, rev, NULL, add_author, &g))) < 0 || g.told))
		goto done;
	if (!h->start[0] || !h->last[0])
		goto done;
	if ((error = missing(pmo_repo_first_parents(&met, repo, h->last, h->start, add_author, &g))) < 0 || met)
		goto done;
	pmo_buf_printf(&before, "%s^", h->start);
	if ((error = pmo_buf_oom(&before)) == 0)
		error = missing(pmo_repo_range(repo, before.ptr, h->last, NULL, add_author, &g));
done:
	pmo_buf_free(&before);
	return error;
}

void pmo_check__authors_free(pmo_cr_authors *a)
{
	pmo_strv_free(a->v);
	memset(a, 0, sizeof(*a));
}
