/*
 * pmo change: change requests as branches. A change request CR-n is a
 * record (schemas/change.json) made on its own branch change/KEY/CR-n by
 * `start`; the change itself is the branch's commits (any pmo command, or
 * a hand edit and git commit). `submit` writes the impact computed against
 * the merge base, `approve` and `reject` (change_decide.c) add the
 * decisions of independent approvers, each committed by its approver, and
 * `merge` takes the branch into its base when the policy of pmo.yaml is
 * met by approvals of the branch's current content. list, show and log
 * work as for every record; list also reads every change/ branch.
 */
#include "change_internal.h"
#include "kind_internal.h"
#include "diff/diff.h"
#include "diff/impact.h"
#include "repo/branch.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BRANCH_PREFIX "change/"

/* --- shared ------------------------------------------------------------------ */

void pmo_cr_free(pmo_cr *cr)
{
	if (!cr)
		return;
	free(cr->project);
	free(cr->id);
	free(cr->name);
	free(cr->branch);
	free(cr->path);
	free(cr->since);
	pmo_record_free(cr->r);
	memset(cr, 0, sizeof(*cr));
}

/* name and branch of project/id */
static int cr_names(pmo_cr *cr, const pmo_kind *kind)
{
	pmo_buf n = PMO_BUF_INIT, b = PMO_BUF_INIT;

	pmo_buf_printf(&n, "%s/%s", cr->project, cr->id);
	pmo_buf_printf(&b, BRANCH_PREFIX "%s/%s", cr->project, cr->id);
	if (pmo_buf_oom(&n) < 0 || pmo_buf_oom(&b) < 0 ||
	    pmo_kind_path(&cr->path, kind, cr->project, cr->id) < 0) {
		pmo_buf_free(&n);
		pmo_buf_free(&b);
		return pmo_die(1, "out of memory");
	}
	cr->name = pmo_buf_detach(&n);
	cr->branch = pmo_buf_detach(&b);
	return 0;
}

/* cr->since: its base when the repository has that branch, else the
 * remote's (origin/<base>), as pmo validate counts the change's commits
 * (lib/check/changes_authors.c); the base itself when neither is, so that
 * what fails names it. */
static int since_of(pmo_cr *cr, pmo_ctx *ctx)
{
	pmo_buf remote = PMO_BUF_INIT;
	char id[41];

	if (pmo_repo_rev_id(id, ctx->repo, cr->base) == 0)
		return (cr->since = strdup(cr->base)) ? 0 : pmo_die(1, "out of memory");
	pmo_error_clear();
	pmo_buf_printf(&remote, "origin/%s", cr->base);
	if (pmo_buf_oom(&remote) < 0)
		return pmo_die(1, "out of memory");
	cr->since = pmo_buf_detach(&remote);
	if (pmo_repo_rev_id(id, ctx->repo, cr->since) == 0)
		return 0;
	pmo_error_clear();
	free(cr->since);
	return (cr->since = strdup(cr->base)) ? 0 : pmo_die(1, "out of memory");
}

int pmo_cr_open(pmo_cr *cr, pmo_ctx *ctx, const char *ref)
{
	char *cur = NULL;
	int code = 0, exists;

	memset(cr, 0, sizeof(*cr));
	if (pmo_kind_parse_ref(&cr->project, &cr->id, ctx->kind, ref, ctx->project) < 0)
		return pmo_fail();
	if (!cr->project)
		return pmo_die(2, "name the change as PROJECT/%s, or give -p PROJECT", cr->id);
	if ((code = cr_names(cr, ctx->kind)))
		return code;
	if (pmo_repo_check_mutable(ctx->repo) < 0 || pmo_repo_lock(ctx->repo) < 0 ||
	    (exists = pmo_repo_branch_exists(ctx->repo, cr->branch)) < 0 ||
	    pmo_repo_branch_current(&cur, ctx->repo) < 0)
		return pmo_fail();
	if (!exists) {
		code = pmo_die(1, "there is no branch %s: %s was merged, or its branch deleted", cr->branch,
			       cr->name);
		goto done;
	}
	if (strcmp(cur, cr->branch)) {
		if (pmo_repo_switch(ctx->repo, cr->branch, 0) < 0) {
			code = pmo_fail();
			goto done;
		}
		fprintf(stderr, "Switched to branch '%s'\n", cr->branch);
	}
	if (pmo_record_read(&cr->r, ctx->src, ctx->kind, cr->project, cr->id, ctx->settings) < 0) {
		code = pmo_fail();
		goto done;
	}
	cr->base = pmo_node_text(pmo_map_get(pmo_doc_root(cr->r->doc), "base"));
	cr->status = pmo_node_text(pmo_map_get(pmo_doc_root(cr->r->doc), "status"));
	if (!cr->base || !cr->status) {
		code = pmo_die(1, "%s has no base branch or no status", cr->name);
		goto done;
	}
	code = since_of(cr, ctx);
done:
	free(cur);
	return code;
}

int pmo_cr_impact(pmo_buf *json, pmo_doc **doc, pmo_ctx *ctx, const pmo_cr *cr)
{
	pmo_source *a = NULL, *b = NULL;
	pmo_diff *d = NULL;
	char mb[41];
	int code = 0;

	if (pmo_repo_merge_base(mb, ctx->repo, cr->since, cr->branch) < 0 ||
	    pmo_source_open(&a, ctx->repo, mb) < 0 || pmo_source_open(&b, ctx->repo, cr->branch) < 0 ||
	    pmo_diff_compute(&d, a, b, ctx->model, NULL) < 0 ||
	    pmo_diff_impact_json(json, d, cr->path) < 0 ||
	    pmo_yaml_load(doc, "impact", json->ptr, json->len, NULL) < 0)
		code = pmo_fail();
	pmo_diff_free(d);
	pmo_source_free(a);
	pmo_source_free(b);
	return code;
}

int pmo_people_load(pmo_people *p, pmo_ctx *ctx)
{
	const pmo_kind *person = pmo_model_kind(ctx->model, "person");

	memset(p, 0, sizeof(*p));
	if (!person)
		return pmo_die(1, "this tree has no people");
	if (pmo_repo_author(&p->name, &p->email, ctx->repo) < 0 ||
	    pmo_records_list(&p->rs, NULL, ctx->src, person, NULL, ctx->settings) < 0)
		return pmo_fail();
	p->me = pmo_person_by_email(p, p->email);
	return 0;
}

void pmo_people_free(pmo_people *p)
{
	pmo_records_free(&p->rs);
	free(p->name);
	free(p->email);
}

const pmo_record *pmo_person(const pmo_people *p, const char *handle)
{
	size_t i;

	for (i = 0; handle && i < p->rs.n; i++)
		if (!strcmp(p->rs.items[i]->id, handle))
			return p->rs.items[i];
	return NULL;
}

const pmo_record *pmo_person_by_email(const pmo_people *p, const char *email)
{
	size_t i;

	for (i = 0; email && i < p->rs.n; i++) {
		const char *e = pmo_node_text(pmo_map_get(pmo_doc_root(p->rs.items[i]->doc), "email"));
		if (e && !strcasecmp(e, email))
			return p->rs.items[i];
	}
	return NULL;
}

int pmo_people_need_me(const pmo_people *p)
{
	if (p->me)
		return 0;
	return pmo_die(1, "nobody in people/ has the email %s (the git author of this command); "
		       "set user.email or GIT_AUTHOR_EMAIL to yours", p->email);
}

static int oldest_author(const pmo_history_entry *e, void *payload)
{
	char **email = payload;

	if (!e->new_data)
		return 0;
	free(*email);
	if (!(*email = strdup(e->commit->author_email)))
		return pmo_error_set_oom();
	return 0;
}

static int add_author(const pmo_commit_info *c, void *payload)
{
	pmo_cr_parties *p = payload;
	char **a, **k;

	if (pmo_cr_parties_find(p, c->author_email) >= 0)
		return 0;
	if (!(a = realloc(p->authors, (p->n + 2) * sizeof(*a))))
		return pmo_error_set_oom();
	p->authors = a;
	if (!(k = realloc(p->commits, (p->n + 2) * sizeof(*k))))
		return pmo_error_set_oom();
	p->commits = k;
	a[p->n] = strdup(c->author_email);
	k[p->n] = strndup(c->id, 7);
	a[p->n + 1] = k[p->n + 1] = NULL;
	if (!a[p->n] || !k[p->n])
		return pmo_error_set_oom();
	p->n++;
	return 0;
}

int pmo_cr_parties_load(pmo_cr_parties *out, pmo_ctx *ctx, const pmo_cr *cr)
{
	memset(out, 0, sizeof(*out));
	if (pmo_repo_history_at(ctx->repo, cr->branch, cr->path, oldest_author, &out->requester) < 0 ||
	    pmo_repo_range(ctx->repo, cr->since, cr->branch, cr->path, add_author, out) < 0)
		return pmo_fail();
	return 0;
}

void pmo_cr_parties_free(pmo_cr_parties *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->authors[i]);
		free(p->commits[i]);
	}
	free(p->authors);
	free(p->commits);
	free(p->requester);
}

long pmo_cr_parties_find(const pmo_cr_parties *p, const char *email)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcasecmp(p->authors[i], email))
			return (long)i;
	return -1;
}

int pmo_cr_edit(pmo_buf *out, pmo_ctx *ctx, pmo_cr *cr, char **args, size_t n)
{
	pmo_assigns as = { 0 };
	pmo_doc *cur = NULL;
	const char *src;
	size_t len;
	int code = 0;

	src = pmo_doc_source(cr->r->doc, &len);
	if (pmo_assigns_parse(&as, ctx->kind, args, n) < 0 ||
	    pmo_assigns_resolve(&as, ctx->kind, pmo_doc_root(cr->r->doc)) < 0 ||
	    pmo_yaml_load(&cur, cr->path, src, len, NULL) < 0 ||
	    pmo_assigns_edit(&cur, ctx->kind, &as, cr->path) < 0) {
		code = pmo_fail();
	} else {
		src = pmo_doc_source(cur, &len);
		if (pmo_buf_put(out, src, len) < 0)
			code = pmo_die(1, "out of memory");
	}
	pmo_doc_free(cur);
	pmo_assigns_free(&as);
	return code;
}

int pmo_cr_commit(pmo_ctx *ctx, pmo_cr *cr, char **args, size_t n, const char *verbname,
		  const char *action)
{
	pmo_assigns as = { 0 };
	int code;

	if (pmo_assigns_parse(&as, ctx->kind, args, n) < 0 ||
	    pmo_assigns_resolve(&as, ctx->kind, pmo_doc_root(cr->r->doc)) < 0)
		code = pmo_fail();
	else
		code = pmo_kind_change_record(ctx, cr->r, &as, verbname, action, NULL);
	pmo_assigns_free(&as);
	return code;
}

/* --- start ------------------------------------------------------------------- */

/* The next CR-n of project: past the tree's and every change/KEY/CR-n
 * branch's, so that two changes started from one branch never share an
 * ID. */
static int next_id(char **out, pmo_ctx *ctx, const char *project)
{
	char **branches = NULL;
	pmo_buf prefix = PMO_BUF_INIT, id = PMO_BUF_INIT;
	unsigned long most, n;
	size_t i;
	int code = 0;

	if (pmo_kind_next_id(out, ctx->src, ctx->kind, project) < 0)
		return pmo_fail();
	most = pmo_kind_id_number(ctx->kind, *out, strlen(*out));
	pmo_buf_printf(&prefix, BRANCH_PREFIX "%s/", project);
	if (pmo_buf_oom(&prefix) < 0 || pmo_repo_branch_list(&branches, ctx->repo, prefix.ptr) < 0) {
		code = pmo_fail();
		goto done;
	}
	for (i = 0; branches[i]; i++) {
		const char *tail = branches[i] + prefix.len;
		if ((n = pmo_kind_id_number(ctx->kind, tail, strlen(tail))) >= most)
			most = n + 1;
	}
	pmo_buf_printf(&id, "%s-%lu", ctx->kind->prefix, most);
	if (pmo_buf_oom(&id) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	free(*out);
	*out = pmo_buf_detach(&id);
done:
	pmo_strv_free(branches);
	pmo_buf_free(&prefix);
	pmo_buf_free(&id);
	return code;
}

static int has_field(const void *arg, const char *f, size_t len)
{
	const pmo_kind *kind = arg;
	size_t i;

	for (i = 0; i < kind->props->n; i++)
		if (strlen(kind->props->pairs[i].key->str) == len &&
		    !strncmp(kind->props->pairs[i].key->str, f, len))
			return 1;
	return 0;
}

/* The fields start writes itself: nobody gives them. */
static const char *const start_fields[] = { "id", "status", "requester", "branch", "base", "impact",
					    "approvals", "submitted", NULL };

static int verb_start(pmo_ctx *ctx, int argc, char **argv)
{
	const pmo_kind *kind = ctx->kind;
	const char *project = NULL;
	pmo_people people = { 0 };
	pmo_cr cr = { 0 };
	pmo_assigns as = { 0 };
	pmo_doc *doc = NULL;
	pmo_buf text = PMO_BUF_INIT, action = PMO_BUF_INIT;
	char **args = NULL, *base = NULL, *msg = NULL;
	size_t i, j, n = 0;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (pmo_take_title(argc, argv, has_field, kind, kind->title_field) < 0)
		return pmo_die(2, "change start needs a title: the first argument that is not "
			       "field=value; see 'pmo change start -h'");
	for (i = 1; i < (size_t)argc; i++)
		for (j = 0; start_fields[j]; j++)
			if (pmo_assign_field_len(argv[i]) == strlen(start_fields[j]) &&
			    !strncmp(argv[i], start_fields[j], strlen(start_fields[j])))
				return pmo_die(2, "%s: pmo change writes it; give title, reason, tags",
					       start_fields[j]);
	if ((code = pmo_need_project(&project, ctx)) || (code = pmo_check_project(ctx, project)))
		return code;
	if ((code = pmo_people_load(&people, ctx)) || (code = pmo_people_need_me(&people)))
		goto done;
	if (pmo_text_check(kind->title_field, argv[0]) < 0 || pmo_repo_check_mutable(ctx->repo) < 0 ||
	    pmo_repo_lock(ctx->repo) < 0 || pmo_repo_branch_current(&base, ctx->repo) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!(cr.project = strdup(project))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	if ((code = next_id(&cr.id, ctx, project)) || (code = cr_names(&cr, kind)))
		goto done;
	if (!(args = calloc((size_t)argc + 4, sizeof(*args)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	for (i = 1; i < (size_t)argc; i++)
		args[n++] = strdup(argv[i]);
	{
		pmo_buf a = PMO_BUF_INIT, b = PMO_BUF_INIT, c = PMO_BUF_INIT;
		pmo_buf_printf(&a, "requester=%s", people.me->id);
		pmo_buf_printf(&b, "branch=%s", cr.branch);
		pmo_buf_printf(&c, "base=%s", base);
		args[n++] = pmo_buf_detach(&a);
		args[n++] = pmo_buf_detach(&b);
		args[n++] = pmo_buf_detach(&c);
	}
	for (i = 0; i < n; i++)
		if (!args[i]) {
			code = pmo_die(1, "out of memory");
			goto done;
		}
	if (pmo_assigns_parse(&as, kind, args, n) < 0 || pmo_assigns_resolve(&as, kind, NULL) < 0 ||
	    pmo_record_build(&doc, kind, cr.id, argv[0], &as, ctx->settings) < 0 ||
	    pmo_yaml_emit(&text, pmo_doc_root(doc)) < 0) {
		code = pmo_fail();
		goto done;
	}
	if ((code = pmo_kind_check_candidate(ctx, pmo_doc_root(doc), project, NULL, 2, NULL, NULL)))
		goto done;
	/* the branch, then the record on it; a commit that fails leaves the
	 * worktree on the branch it was on and no branch behind */
	if (pmo_repo_switch(ctx->repo, cr.branch, 1) < 0) {
		code = pmo_fail();
		goto done;
	}
	fprintf(stderr, "Switched to a new branch '%s'\n", cr.branch);
	pmo_buf_printf(&action, "start %s", argv[0]);
	if (pmo_buf_oom(&action) < 0 ||
	    !(msg = pmo_kind_commit_message(kind, cr.name, action.ptr, "start", NULL))) {
		code = pmo_die(1, "out of memory");
	} else {
		code = pmo_write_and_commit(ctx, cr.path, text.ptr, text.len, msg);
	}
	if (code && pmo_repo_switch(ctx->repo, base, 0) == 0 &&
	    pmo_repo_branch_delete(ctx->repo, cr.branch) == 0)
		fprintf(stderr, "Switched back to branch '%s'\n", base);
done:
	for (i = 0; args && i < n; i++)
		free(args[i]);
	free(args);
	free(base);
	free(msg);
	pmo_buf_free(&text);
	pmo_buf_free(&action);
	pmo_doc_free(doc);
	pmo_assigns_free(&as);
	pmo_cr_free(&cr);
	pmo_people_free(&people);
	return code;
}

/* --- switch, submit, withdraw ------------------------------------------------ */

static int verb_switch(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_cr cr;
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "change switch takes one change request (CBM/CR-1)");
	code = pmo_cr_open(&cr, ctx, argv[0]);
	pmo_cr_free(&cr);
	return code;
}

static int is_status(const pmo_cr *cr, const char *a, const char *b, const char *c)
{
	return (a && !strcmp(cr->status, a)) || (b && !strcmp(cr->status, b)) ||
	       (c && !strcmp(cr->status, c));
}

static int verb_submit(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_cr cr;
	pmo_buf json = PMO_BUF_INIT, a = PMO_BUF_INIT, b = PMO_BUF_INIT;
	pmo_doc *impact = NULL;
	char today[11], *args[3] = { NULL, NULL, NULL };
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, NULL, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "change submit takes one change request (CBM/CR-1)");
	if ((code = pmo_cr_open(&cr, ctx, argv[0])))
		goto done;
	if (!is_status(&cr, "draft", "submitted", "approved")) {
		code = pmo_die(1, "%s is %s; only a draft is submitted", cr.name, cr.status);
		goto done;
	}
	if ((code = pmo_cr_impact(&json, &impact, ctx, &cr)))
		goto done;
	pmo_buf_printf(&a, "impact=%s", json.ptr);
	pmo_buf_printf(&b, "submitted=%s", pmo_date_format(today, pmo_date_today()));
	if (pmo_buf_oom(&a) < 0 || pmo_buf_oom(&b) < 0) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	args[0] = (char *)"status=submitted";
	args[1] = a.ptr;
	args[2] = b.ptr;
	code = pmo_cr_commit(ctx, &cr, args, 3, "submit", "submit");
done:
	pmo_doc_free(impact);
	pmo_buf_free(&json);
	pmo_buf_free(&a);
	pmo_buf_free(&b);
	pmo_cr_free(&cr);
	return code;
}

static int verb_withdraw(pmo_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('r', "reason", &reason, "TEXT", "why: written to the change request's resolution"),
		OPT_END(),
	};
	pmo_cr cr;
	pmo_buf r = PMO_BUF_INIT;
	char *args[2] = { (char *)"status=withdrawn", NULL };
	int code;

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc != 1)
		return pmo_die(2, "change withdraw takes one change request (CBM/CR-1)");
	if ((code = pmo_cr_open(&cr, ctx, argv[0])))
		goto done;
	if (is_status(&cr, "implemented", "rejected", "withdrawn")) {
		code = pmo_die(1, "%s is %s already", cr.name, cr.status);
		goto done;
	}
	if (reason) {
		pmo_buf_printf(&r, "resolution=%s", reason);
		args[1] = r.ptr;
	}
	code = pmo_cr_commit(ctx, &cr, args, reason ? 2 : 1, "withdraw", "withdraw");
done:
	pmo_buf_free(&r);
	pmo_cr_free(&cr);
	return code;
}

/* --- list, show ---------------------------------------------------------------- */

/* list: the change requests of every change/ branch that the worktree
 * does not hold, as their branch has them */
static int branch_records(pmo_ctx *ctx, pmo_records *rs, const char *project)
{
	char **branches = NULL;
	size_t i, j;
	int code = 0;

	if (pmo_repo_branch_list(&branches, ctx->repo, BRANCH_PREFIX) < 0)
		return pmo_fail();
	for (i = 0; branches[i]; i++) {
		const char *key = branches[i] + strlen(BRANCH_PREFIX), *slash = strchr(key, '/');
		pmo_source *src = NULL;
		pmo_record *r = NULL, **items;
		char *kp;

		if (!slash || (project && (strlen(project) != (size_t)(slash - key) ||
					   strncmp(project, key, (size_t)(slash - key)))))
			continue;
		for (j = 0; j < rs->n; j++)
			if (!strncmp(rs->items[j]->project, key, (size_t)(slash - key)) &&
			    !rs->items[j]->project[slash - key] && !strcmp(rs->items[j]->id, slash + 1))
				break;
		if (j < rs->n)
			continue;
		if (!(kp = strndup(key, (size_t)(slash - key)))) {
			code = pmo_die(1, "out of memory");
			break;
		}
		/* a branch without its record (deleted there) is left out */
		if (pmo_source_open(&src, ctx->repo, branches[i]) == 0 &&
		    pmo_record_read(&r, src, ctx->kind, kp, slash + 1, ctx->settings) == 0 &&
		    (items = realloc(rs->items, (rs->n + 1) * sizeof(*items)))) {
			rs->items = items;
			rs->items[rs->n++] = r;
			r = NULL;
		}
		pmo_error_clear();
		pmo_record_free(r);
		pmo_source_free(src);
		free(kp);
	}
	pmo_strv_free(branches);
	return code;
}

static int by_project_and_id(const void *a, const void *b)
{
	const pmo_record *x = *(pmo_record *const *)a, *y = *(pmo_record *const *)b;
	int c = strcmp(x->project, y->project);

	return c ? c : pmo_id_cmp(x->id, y->id);
}

static int more_records(pmo_ctx *ctx, pmo_records *rs, const char *project)
{
	int code = branch_records(ctx, rs, project);

	if (!code && rs->n)
		qsort(rs->items, rs->n, sizeof(*rs->items), by_project_and_id);
	return code;
}

static int verb_list(pmo_ctx *ctx, int argc, char **argv)
{
	ctx->more_records = more_records;
	return pmo_kind_verb_list(ctx, argc, argv);
}

/* show: a change request the worktree does not hold is read from its
 * branch */
static int verb_show(pmo_ctx *ctx, int argc, char **argv)
{
	char *project = NULL, *id = NULL, *path = NULL;
	pmo_buf branch = PMO_BUF_INIT;
	pmo_source *src = NULL;
	int i;

	for (i = 0; i < argc && argv[i][0] == '-'; i++)
		;
	if (i < argc && pmo_prepare(ctx, NEED_TREE | NEED_MODEL) == 0 &&
	    pmo_kind_parse_ref(&project, &id, ctx->kind, argv[i], ctx->project) == 0 && project &&
	    pmo_kind_path(&path, ctx->kind, project, id) == 0 && !pmo_source_exists(ctx->src, path)) {
		pmo_buf_printf(&branch, BRANCH_PREFIX "%s/%s", project, id);
		if (!pmo_buf_oom(&branch) && pmo_repo_branch_exists(ctx->repo, branch.ptr) == 1 &&
		    pmo_source_open(&src, ctx->repo, branch.ptr) == 0) {
			pmo_source_free(ctx->src);
			ctx->src = src;
		}
	}
	pmo_error_clear();
	free(project);
	free(id);
	free(path);
	pmo_buf_free(&branch);
	return pmo_kind_verb_show(ctx, argc, argv);
}

/* diff: pmo diff BASE...change/KEY/CR-n, the change against its merge
 * base, with the same options */
static int verb_diff(pmo_ctx *ctx, int argc, char **argv)
{
	char *project = NULL, *id = NULL, **args = NULL;
	pmo_buf branch = PMO_BUF_INIT, range = PMO_BUF_INIT;
	pmo_source *src = NULL;
	pmo_record *r = NULL;
	const char *base;
	int i, j, n = 0, code;

	/* its options are pmo diff's (completion asks for them) */
	if (ctx->opts_seen)
		return cmd_diff(ctx, argc + 1, argv - 1);
	for (i = 0; i < argc && (argv[i][0] == '-' || (i && !strcmp(argv[i - 1], "--as-of"))); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return cmd_diff(ctx, argc + 1, argv - 1);
	if (i == argc)
		return pmo_die(2, "change diff takes one change request (CBM/CR-1)");
	if ((code = pmo_prepare(ctx, NEED_TREE | NEED_MODEL)))
		return code;
	if (pmo_kind_parse_ref(&project, &id, ctx->kind, argv[i], ctx->project) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!project) {
		code = pmo_die(2, "name the change as PROJECT/%s, or give -p PROJECT", id);
		goto done;
	}
	pmo_buf_printf(&branch, BRANCH_PREFIX "%s/%s", project, id);
	if (pmo_buf_oom(&branch) < 0 || pmo_source_open(&src, ctx->repo, branch.ptr) < 0 ||
	    pmo_record_read(&r, src, ctx->kind, project, id, ctx->settings) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (!(base = pmo_node_text(pmo_map_get(pmo_doc_root(r->doc), "base")))) {
		code = pmo_die(1, "%s/%s has no base branch", project, id);
		goto done;
	}
	pmo_buf_printf(&range, "%s...%s", base, branch.ptr);
	if (pmo_buf_oom(&range) < 0 || !(args = calloc((size_t)argc + 2, sizeof(*args)))) {
		code = pmo_die(1, "out of memory");
		goto done;
	}
	args[n++] = (char *)"diff";
	args[n++] = range.ptr;
	for (j = 0; j < argc; j++)
		if (j != i)
			args[n++] = argv[j];
	code = cmd_diff(ctx, n, args);
done:
	free(args);
	free(project);
	free(id);
	pmo_record_free(r);
	pmo_source_free(src);
	pmo_buf_free(&branch);
	pmo_buf_free(&range);
	return code;
}

/* --- dispatch ------------------------------------------------------------------- */

static const pmo_verb verbs[] = {
	{ "start", verb_start, "usage: pmo [-p KEY] change start TITLE [reason=TEXT] [field=value…]\n",
	  "start a change request: CR-n (draft) committed on a new branch change/KEY/CR-n made from "
	  "the current branch, which the worktree then holds (refused with uncommitted changes)", NULL },
	{ "switch", verb_switch, "usage: pmo change switch PROJECT/CR-n\n",
	  "switch the worktree to the change's branch", NULL },
	{ "submit", verb_submit, "usage: pmo change submit PROJECT/CR-n\n",
	  "ask for approval: status submitted, the impact computed against the merge base written "
	  "into the change request; one commit", NULL },
	{ "approve", pmo_change_verb_approve, "usage: pmo change approve PROJECT/CR-n [--comment TEXT]\n",
	  "approve the branch's content as it is now: an approval committed by you, the approver "
	  "(never the requester or an author of the change)", NULL },
	{ "reject", pmo_change_verb_reject, "usage: pmo change reject PROJECT/CR-n --reason TEXT\n",
	  "reject the change as an approver: status rejected, the decision and reason committed by you", NULL },
	{ "withdraw", verb_withdraw, "usage: pmo change withdraw PROJECT/CR-n [--reason TEXT]\n",
	  "end the change without merging it: status withdrawn", NULL },
	{ "merge", pmo_change_verb_merge, "usage: pmo change merge PROJECT/CR-n\n",
	  "merge the branch into its base when it is submitted, the policy of pmo.yaml is met by "
	  "approvals of its current content and the merged tree validates; status implemented; the "
	  "base is then checked out", NULL },
	{ "diff", verb_diff, "usage: pmo change diff PROJECT/CR-n [--format text|json|md] [--as-of DATE|none]\n",
	  "what the change does, computed against its merge base: pmo diff BASE...change/KEY/CR-n", NULL },
	{ "list", verb_list, "usage: pmo [-p KEY] change list [field=value…] [--sort [-]FIELD] [--format FORMAT]\n",
	  "the change requests of the current branch and of every change/ branch, as a table; "
	  "filters as for every record", NULL },
	{ "show", verb_show, "usage: pmo change show PROJECT/CR-n [--format text|json|yaml]\n",
	  "every field of one change request (from its branch when the worktree has none)", NULL },
	{ "log", pmo_kind_verb_log, "usage: pmo change log PROJECT/CR-n [--format text|json]\n",
	  "the change request's history from git", NULL },
};

const pmo_family pmo_change_verbs = {
	NULL, "change requests as branches: start, submit, approve, merge", verbs,
	sizeof(verbs) / sizeof(verbs[0]), 0, NULL, NULL,
};
