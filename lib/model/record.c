#include "model/model.h"
#include "util/error.h"
#include "util/list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM() pmo_error_set(PMO_ENOMEM, "out of memory")

void pmo_record_free(pmo_record *r)
{
	if (!r)
		return;
	free(r->project);
	free(r->id);
	free(r->path);
	pmo_doc_free(r->doc);
	free(r);
}

char *pmo_record_name(const pmo_record *r)
{
	pmo_buf b = PMO_BUF_INIT;

	if (r->project)
		pmo_buf_printf(&b, "%s/", r->project);
	pmo_buf_puts(&b, r->id);
	return pmo_buf_detach(&b);
}

char *pmo_kind_path(const pmo_kind *kind, const char *project, const char *id)
{
	pmo_buf b = PMO_BUF_INIT;

	/* pieces, not printf: a list of 5,000 records makes 5,000 paths */
	if (kind->project_scoped) {
		pmo_buf_puts(&b, "projects/");
		pmo_buf_puts(&b, project);
		pmo_buf_putc(&b, '/');
	}
	pmo_buf_puts(&b, kind->folder);
	pmo_buf_putc(&b, '/');
	pmo_buf_puts(&b, id);
	if (kind->file) {
		pmo_buf_putc(&b, '/');
		pmo_buf_puts(&b, kind->file);
	} else {
		pmo_buf_puts(&b, ".yaml");
	}
	return pmo_buf_detach(&b);
}

/* A name that can be a file name: no '/', not "." or "..", printable. */
static int safe_name(const char *s)
{
	const char *p;

	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (p = s; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
			return 0;
	return 1;
}

int pmo_kind_parse_ref(char **project, char **id, const pmo_kind *kind,
		       const char *ref, const char *default_project)
{
	const char *slash = strchr(ref, '/');
	char *p = NULL, *i = NULL;

	if (kind->project_scoped) {
		if (slash) {
			p = strndup(ref, (size_t)(slash - ref));
			i = strdup(slash + 1);
		} else if (default_project) {
			p = strdup(default_project);
			i = strdup(ref);
		} else {
			return pmo_error_set(PMO_EUSAGE,
				"%s \"%s\" needs its project: write PROJECT/%s or use -p PROJECT",
				kind->name, ref, ref);
		}
		if (!p || !i)
			goto oom;
	} else {
		if (!(i = strdup(ref)))
			goto oom;
	}
	if (!safe_name(i) || (p && !safe_name(p))) {
		free(p);
		free(i);
		return pmo_error_set(PMO_EUSAGE, "\"%s\" is not a %s name", ref, kind->name);
	}
	*project = p;
	*id = i;
	return 0;
oom:
	free(p);
	free(i);
	return OOM();
}

static pmo_node *view_of(pmo_doc *doc, const pmo_kind *kind, const char *project,
			 const pmo_node *root, const pmo_settings *settings)
{
	pmo_node *view = pmo_node_map(doc);
	size_t i;

	if (!view)
		return NULL;
	if (kind->project_scoped &&
	    pmo_map_append(doc, view, pmo_node_str(doc, "project"), pmo_node_str(doc, project)) < 0)
		return NULL;
	for (i = 0; i < root->n; i++)
		if (pmo_map_append(doc, view, root->pairs[i].key, root->pairs[i].value) < 0)
			return NULL;
	if (kind->derive && kind->derive(doc, view, root, settings) < 0)
		return NULL;
	return view;
}

static int read_at(pmo_record **out, pmo_source *src, const pmo_kind *kind,
		   const char *project, const char *id, const pmo_settings *settings,
		   pmo_buf *buf)
{
	pmo_record *r = NULL;
	char *display = NULL;
	pmo_node *root;
	int error = 0;

	if (!(r = calloc(1, sizeof(*r))))
		return OOM();
	r->kind = kind;
	if ((project && !(r->project = strdup(project))) || !(r->id = strdup(id)) ||
	    !(r->path = pmo_kind_path(kind, project, id))) {
		error = OOM();
		goto done;
	}
	/* the path as the user sees it (relative to the current folder) is
	 * only made for a message: listing thousands of records asks for
	 * none */
	error = pmo_source_read(buf, src, r->path, PMO_YAML_MAX_BYTES);
	if (error == PMO_ENOTFOUND) {
		char *name = pmo_record_name(r);
		display = pmo_source_display(src, r->path);
		error = pmo_error_set(PMO_ENOTFOUND, "no %s %s (%s)", kind->name,
				      name ? name : id, display ? display : r->path);
		free(name);
		goto done;
	}
	if (error < 0)
		goto done;
	if ((error = pmo_yaml_load(&r->doc, r->path, buf->ptr, buf->len, NULL)) < 0) {
		const pmo_error *e = pmo_error_last();
		char *msg;

		if (error != PMO_ENOMEM && e && (display = pmo_source_display(src, r->path)) &&
		    (msg = strdup(e->message ? e->message : ""))) {
			pmo_error_set_at(error, display, e->line, e->col, "%s", msg);
			free(msg);
		}
		goto done;
	}
	root = pmo_doc_root(r->doc);
	if (!root || root->kind != PMO_NODE_MAP) {
		display = pmo_source_display(src, r->path);
		error = pmo_error_set_at(PMO_EINVALID, display, root ? root->line : 1,
			root ? root->col : 1, "a %s file must hold a mapping of fields", kind->name);
		goto done;
	}
	if (!(r->view = view_of(r->doc, kind, project, root, settings))) {
		error = OOM();
		goto done;
	}
done:
	free(display);
	if (error < 0) {
		pmo_record_free(r);
		return error;
	}
	*out = r;
	return 0;
}

int pmo_record_read(pmo_record **out, pmo_source *src, const pmo_kind *kind,
		    const char *project, const char *id, const pmo_settings *settings)
{
	pmo_buf buf = PMO_BUF_INIT;
	int error = read_at(out, src, kind, project, id, settings, &buf);

	pmo_buf_release(&buf);
	return error;
}

void pmo_problems_free(pmo_problems *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		free(p->items[i]);
	free(p->items);
	free(p->at);
	p->at = NULL;
	p->items = NULL;
	p->n = 0;
}

static int problems_add_at(pmo_problems *p, char *s, const pmo_node *at)
{
	char **items;
	const pmo_node **nodes;

	if (!s)
		return OOM();
	if (!(items = realloc(p->items, (p->n + 1) * sizeof(*items)))) {
		free(s);
		return OOM();
	}
	p->items = items;
	if (!(nodes = realloc(p->at, (p->n + 1) * sizeof(*nodes)))) {
		free(s);
		return OOM();
	}
	p->at = nodes;
	p->at[p->n] = at;
	p->items[p->n++] = s;
	return 0;
}

static int problems_add(pmo_problems *p, char *s)
{
	return problems_add_at(p, s, NULL);
}

static int problems_add_error(pmo_problems *p)
{
	const pmo_error *e = pmo_error_last();
	pmo_buf b = PMO_BUF_INIT;

	if (e && e->path && e->line)
		pmo_buf_printf(&b, "%s:%zu:%zu: error: %s", e->path, e->line,
			       e->col ? e->col : 1, e->message);
	else if (e && e->path)
		pmo_buf_printf(&b, "%s: error: %s", e->path, e->message);
	else
		pmo_buf_printf(&b, "error: %s", e ? e->message : "unknown error");
	return problems_add(p, pmo_buf_detach(&b));
}

void pmo_records_free(pmo_records *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		pmo_record_free(r->items[i]);
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

/* Compare IDs so that R-2 sorts before R-10. */
static int id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			size_t la, lb;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (la = 0; a[la] >= '0' && a[la] <= '9'; la++)
				;
			for (lb = 0; b[lb] >= '0' && b[lb] <= '9'; lb++)
				;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = strncmp(a, b, la);
			if (c)
				return c;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int name_cmp(const void *pa, const void *pb)
{
	return id_cmp(*(char *const *)pa, *(char *const *)pb);
}

int pmo_projects_list(char ***out, pmo_source *src)
{
	char **names = NULL;
	size_t i, n = 0;
	int error;

	if ((error = pmo_source_list(&names, src, "projects")) < 0)
		return error;
	for (i = 0; names[i]; i++) {
		char *path = NULL;
		pmo_buf b = PMO_BUF_INIT;

		pmo_buf_printf(&b, "projects/%s/project.yaml", names[i]);
		path = pmo_buf_detach(&b);
		if (path && pmo_source_exists(src, path))
			names[n++] = names[i];
		else
			free(names[i]);
		free(path);
	}
	names[n] = NULL;
	*out = names;
	return 0;
}

/* The schema's findings about a record read from its file, as problems
 * "path:line:col: error: field: message": 1 when there are any, 0 when
 * none, or a negative error. */
static int schema_problems(pmo_problems *problems, pmo_source *src, const pmo_record *r)
{
	pmo_schema_result res = { 0 };
	char *display = NULL;
	size_t i;
	int error;

	if ((error = pmo_schema_validate(&res, r->kind->schema, pmo_doc_root(r->doc))) < 0)
		return error;
	if (!res.n)
		goto done;
	error = 1;
	if (!problems)
		goto done;
	if (!(display = pmo_source_display(src, r->path))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < res.n && error > 0; i++) {
		const pmo_schema_finding *f = &res.items[i];
		pmo_buf b = PMO_BUF_INIT;
		int e;

		pmo_buf_printf(&b, "%s:%u:%u: error: ", display, f->node ? f->node->line : 1,
			       f->node && f->node->col ? f->node->col : 1);
		if (*f->location && strcmp(f->keyword, "additionalProperties"))
			pmo_buf_printf(&b, "%s: ", f->location);
		pmo_buf_puts(&b, f->message);
		if ((e = problems_add(problems, pmo_buf_detach(&b))) < 0)
			error = e;
	}
done:
	free(display);
	pmo_schema_result_free(&res);
	return error;
}

static int list_folder(pmo_records *out, pmo_problems *problems, pmo_source *src,
		       const pmo_kind *kind, const char *project,
		       const pmo_settings *settings, pmo_buf *buf)
{
	pmo_buf dir = PMO_BUF_INIT;
	char **names = NULL;
	size_t i, n;
	int error = 0;

	if (kind->project_scoped)
		pmo_buf_printf(&dir, "projects/%s/", project);
	pmo_buf_puts(&dir, kind->folder);
	if ((error = pmo_buf_oom(&dir)) < 0 ||
	    (error = pmo_source_list(&names, src, dir.ptr)) < 0)
		goto done;
	for (n = 0; names[n]; n++)
		;
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		pmo_record *r = NULL;
		char *id;
		size_t len = strlen(names[i]);
		pmo_record **items;

		if (kind->file) {
			char *path = pmo_kind_path(kind, project, names[i]);
			int exists = path && pmo_source_exists(src, path);
			free(path);
			if (!exists)
				continue;
			id = names[i];
		} else {
			if (len <= 5 || strcmp(names[i] + len - 5, ".yaml"))
				continue;
			names[i][len - 5] = '\0';
			id = names[i];
		}
		error = read_at(&r, src, kind, project, id, settings, buf);
		if (error == PMO_ENOMEM)
			goto done;
		if (error < 0) {
			if (problems && (error = problems_add_error(problems)) < 0)
				goto done;
			error = 0;
			continue;
		}
		/* a record its schema refuses is named, not listed: scripts
		 * reading the JSON get only records of the documented shape */
		if ((error = schema_problems(problems, src, r)) != 0) {
			pmo_record_free(r);
			if (error < 0)
				goto done;
			error = 0;
			continue;
		}
		if (!(items = realloc(out->items, (out->n + 1) * sizeof(*items)))) {
			pmo_record_free(r);
			error = OOM();
			goto done;
		}
		out->items = items;
		out->items[out->n++] = r;
	}
done:
	pmo_strv_free(names);
	pmo_buf_release(&dir);
	return error;
}

int pmo_records_list(pmo_records *out, pmo_problems *problems, pmo_source *src,
		     const pmo_kind *kind, const char *project,
		     const pmo_settings *settings)
{
	pmo_buf buf = PMO_BUF_INIT;
	char **projects = NULL;
	size_t i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (!kind->project_scoped) {
		error = list_folder(out, problems, src, kind, NULL, settings, &buf);
	} else if (project) {
		error = list_folder(out, problems, src, kind, project, settings, &buf);
	} else {
		if ((error = pmo_projects_list(&projects, src)) < 0)
			goto done;
		for (i = 0; projects[i] && error >= 0; i++)
			error = list_folder(out, problems, src, kind, projects[i], settings, &buf);
	}
done:
	pmo_strv_free(projects);
	pmo_buf_release(&buf);
	if (error < 0)
		pmo_records_free(out);
	return error;
}

int pmo_kind_next_id(char **out, pmo_source *src, const pmo_kind *kind, const char *project)
{
	pmo_buf dir = PMO_BUF_INIT, id = PMO_BUF_INIT;
	char **names = NULL;
	size_t plen = strlen(kind->prefix), i;
	unsigned long max = 0;
	int error;

	if (kind->project_scoped)
		pmo_buf_printf(&dir, "projects/%s/", project);
	pmo_buf_puts(&dir, kind->folder);
	if ((error = pmo_buf_oom(&dir)) < 0 ||
	    (error = pmo_source_list(&names, src, dir.ptr)) < 0)
		goto done;
	for (i = 0; names[i]; i++) {
		const char *s = names[i];
		char *end;
		unsigned long n;

		if (strncmp(s, kind->prefix, plen) || s[plen] != '-' ||
		    s[plen + 1] < '1' || s[plen + 1] > '9')
			continue;
		n = strtoul(s + plen + 1, &end, 10);
		if (strcmp(end, ".yaml") && strcmp(end, ""))
			continue;
		if (n > max)
			max = n;
	}
	pmo_buf_printf(&id, "%s-%lu", kind->prefix, max + 1);
	if ((error = pmo_buf_oom(&id)) < 0)
		goto done;
	*out = pmo_buf_detach(&id);
done:
	pmo_strv_free(names);
	pmo_buf_release(&dir);
	pmo_buf_release(&id);
	return error;
}

/* --- assignments -------------------------------------------------------- */

void pmo_assigns_free(pmo_assigns *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->items[i].field);
		free(a->items[i].value);
	}
	free(a->items);
	pmo_doc_free(a->doc);
	memset(a, 0, sizeof(*a));
}

static int prop_has_type(const pmo_node *prop, const char *type)
{
	const pmo_node *t = pmo_map_get(prop, "type");
	size_t i;

	if (!t)
		return 0;
	if (t->kind == PMO_NODE_SCALAR)
		return !strcmp(t->str, type);
	if (t->kind == PMO_NODE_SEQ)
		for (i = 0; i < t->n; i++)
			if (pmo_node_text(t->items[i]) && !strcmp(pmo_node_text(t->items[i]), type))
				return 1;
	return 0;
}

static pmo_node *typed_value(pmo_doc *doc, const pmo_node *prop, const char *v)
{
	size_t len = strlen(v);
	pmo_tag tag = pmo_yaml_resolve(v, len);

	if (prop_has_type(prop, "array")) {
		pmo_node *seq = pmo_node_seq(doc);
		const char *p = v;

		while (seq && *p) {
			size_t seplen = 0;
			const char *comma = pmo_list_sep(p, &seplen);
			const char *end = comma ? comma : p + strlen(p);
			const char *s = p, *e = end;
			pmo_node *item;

			while (s < e && *s == ' ')
				s++;
			while (e > s && e[-1] == ' ')
				e--;
			if (e > s) {
				item = pmo_node_scalar(doc, PMO_TAG_STR, s, (size_t)(e - s));
				if (!item || pmo_seq_append(doc, seq, item) < 0)
					return NULL;
			}
			p = comma ? comma + seplen : end;
		}
		return seq;
	}
	if (tag == PMO_TAG_INT && (prop_has_type(prop, "integer") || prop_has_type(prop, "number"))) {
		/* written in decimal, as people read it: 0x2 and +2 become 2 */
		pmo_node *n = pmo_node_scalar(doc, tag, v, len);
		int64_t i;
		char num[32];

		if (n && pmo_node_int(n, &i) == 0) {
			snprintf(num, sizeof(num), "%lld", (long long)i);
			n = pmo_node_scalar(doc, tag, num, strlen(num));
		}
		return n;
	}
	if (tag == PMO_TAG_FLOAT && prop_has_type(prop, "integer") && !prop_has_type(prop, "number")) {
		/* a whole value in any float form (.5e1, 5.0) is the integer,
		 * as JSON Schema reads it; any other float (2.5, .inf) stays a
		 * number, for the schema to refuse as one */
		pmo_node *n = pmo_node_scalar(doc, tag, v, len);
		int64_t i;
		char num[32];

		if (n && pmo_node_int(n, &i) == 0) {
			snprintf(num, sizeof(num), "%lld", (long long)i);
			n = pmo_node_scalar(doc, PMO_TAG_INT, num, strlen(num));
		}
		return n;
	}
	if ((tag == PMO_TAG_FLOAT && prop_has_type(prop, "number")) ||
	    (tag == PMO_TAG_BOOL && prop_has_type(prop, "boolean")))
		return pmo_node_scalar(doc, tag, v, len);
	if (prop_has_type(prop, "boolean") && !prop_has_type(prop, "string")) {
		if (!strcmp(v, "yes") || !strcmp(v, "on"))
			return pmo_node_scalar(doc, PMO_TAG_BOOL, "true", 4);
		if (!strcmp(v, "no") || !strcmp(v, "off"))
			return pmo_node_scalar(doc, PMO_TAG_BOOL, "false", 5);
	}
	return pmo_node_scalar(doc, PMO_TAG_STR, v, len);
}

int pmo_text_check(const char *field, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return pmo_error_set(PMO_EUSAGE, "%s: control character U+%04X is not allowed "
					     "in text", field, *p);
	return 0;
}

int pmo_assigns_parse(pmo_assigns *out, const pmo_kind *kind, char *const *argv, size_t argc)
{
	size_t i, j;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_doc_new(&out->doc)) < 0)
		return error;
	if (argc && !(out->items = calloc(argc, sizeof(*out->items)))) {
		error = OOM();
		goto done;
	}
	for (i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		pmo_assign *a = &out->items[out->n];

		if (!eq || eq == argv[i]) {
			error = pmo_error_set(PMO_EUSAGE, "expected field=value, got \"%s\"", argv[i]);
			goto done;
		}
		if (!(a->field = strndup(argv[i], (size_t)(eq - argv[i]))) ||
		    !(a->value = strdup(eq + 1))) {
			error = OOM();
			goto done;
		}
		out->n++;
		if ((error = pmo_text_check(a->field, a->value)) < 0)
			goto done;
		for (j = 0; j + 1 < out->n; j++)
			if (!strcmp(out->items[j].field, a->field)) {
				error = pmo_error_set(PMO_EUSAGE, "field \"%s\" given twice", a->field);
				goto done;
			}
		if (*a->value && !(a->node = typed_value(out->doc, pmo_kind_prop(kind, a->field), a->value))) {
			error = OOM();
			goto done;
		}
	}
done:
	if (error < 0)
		pmo_assigns_free(out);
	return error;
}

static const pmo_assign *assign_of(const pmo_assigns *as, const char *field)
{
	size_t i;

	for (i = 0; as && i < as->n; i++)
		if (!strcmp(as->items[i].field, field))
			return &as->items[i];
	return NULL;
}

/* The date a dated default counts from: today, or the later date of the
 * field the kind's x-pmo order puts before this one when the record has
 * it (a risk identified next month is first reviewed a review interval
 * after that, not before it was identified). */
static pmo_date default_base(const pmo_kind *kind, const pmo_node *map, const char *field)
{
	const pmo_node *order = pmo_map_get(pmo_map_get(pmo_schema_root(kind->schema), "x-pmo"),
					    "order");
	pmo_date today = pmo_date_today(), d;
	size_t i;

	for (i = 0; order && order->kind == PMO_NODE_SEQ && i < order->n; i++) {
		const pmo_node *pair = order->items[i];
		const char *a, *b;

		if (pair->kind != PMO_NODE_SEQ || pair->n != 2 ||
		    !(a = pmo_node_text(pair->items[0])) || !(b = pmo_node_text(pair->items[1])) ||
		    strcmp(b, field))
			continue;
		if (pmo_node_date(&d, pmo_map_get(map, a)) == 0 && d > today)
			return d;
	}
	return today;
}

/* A default from x-pmo defaults: "today" or "today+SECTION.SETTING", the
 * latter counted from base. */
static pmo_node *default_value(pmo_doc *doc, const char *rule, const pmo_settings *settings,
			       pmo_date base)
{
	char date[11];
	pmo_date d = pmo_date_today();

	if (!strncmp(rule, "today", 5)) {
		if (!strcmp(rule + 5, "+risk.review_days"))
			d = base + (settings ? settings->review_days : 30);
		else if (rule[5])
			return NULL;
		return pmo_node_str(doc, pmo_date_format(date, d));
	}
	return NULL;
}

int pmo_record_build(pmo_doc **out, const pmo_kind *kind, const char *id,
		     const char *title, const pmo_assigns *as, const pmo_settings *settings)
{
	pmo_doc *doc = NULL;
	pmo_node *map;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(map = pmo_node_map(doc)))
		goto oom;
	pmo_doc_set_root(doc, map);
	for (i = 0; i < kind->props->n; i++) {
		const char *field = kind->props->pairs[i].key->str;
		const pmo_assign *a = assign_of(as, field);
		pmo_node *v = NULL;

		if (a) {
			if (!a->node)
				continue;
			v = pmo_node_copy(doc, a->node);
		} else if (!strcmp(field, kind->id_field)) {
			v = pmo_node_str(doc, id);
		} else if (title && !strcmp(field, kind->title_field)) {
			v = pmo_node_str(doc, title);
		} else if (kind->status_field && !strcmp(field, kind->status_field) && kind->initial) {
			v = pmo_node_str(doc, kind->initial);
		} else if (pmo_node_text(pmo_map_get(kind->defaults, field))) {
			v = default_value(doc, pmo_node_text(pmo_map_get(kind->defaults, field)), settings,
					  default_base(kind, map, field));
		} else {
			continue;
		}
		if (!v || pmo_map_append(doc, map, pmo_node_str(doc, field), v) < 0)
			goto oom;
	}
	/* unknown fields go last, for the schema to name them */
	for (i = 0; as && i < as->n; i++) {
		if (pmo_kind_prop(kind, as->items[i].field) || !as->items[i].node)
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, as->items[i].field),
				   pmo_node_copy(doc, as->items[i].node)) < 0)
			goto oom;
	}
	*out = doc;
	return 0;
oom:
	pmo_doc_free(doc);
	return OOM();
}

int pmo_record_apply(pmo_doc **out, const pmo_kind *kind, const pmo_node *record,
		     const pmo_assigns *as)
{
	pmo_doc *doc = NULL;
	pmo_node *map;
	size_t i;
	int error;

	if ((error = pmo_doc_new(&doc)) < 0)
		return error;
	if (!(map = pmo_node_map(doc)))
		goto oom;
	pmo_doc_set_root(doc, map);
	/* schema order for fields present or assigned; then the rest as found */
	for (i = 0; i < kind->props->n; i++) {
		const char *field = kind->props->pairs[i].key->str;
		const pmo_assign *a = assign_of(as, field);
		const pmo_node *v = a ? a->node : pmo_map_get(record, field);

		if (!v)
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, field), pmo_node_copy(doc, v)) < 0)
			goto oom;
	}
	for (i = 0; i < record->n; i++) {
		const char *field = record->pairs[i].key->str;
		const pmo_assign *a = assign_of(as, field);

		if (pmo_kind_prop(kind, field) || (a && !a->node))
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, field),
				   pmo_node_copy(doc, a ? a->node : record->pairs[i].value)) < 0)
			goto oom;
	}
	for (i = 0; as && i < as->n; i++) {
		const char *field = as->items[i].field;
		if (pmo_kind_prop(kind, field) || pmo_map_get(record, field) || !as->items[i].node)
			continue;
		if (pmo_map_append(doc, map, pmo_node_str(doc, field),
				   pmo_node_copy(doc, as->items[i].node)) < 0)
			goto oom;
	}
	*out = doc;
	return 0;
oom:
	pmo_doc_free(doc);
	return OOM();
}

/* Top-level field of a finding location: "objectives[0].due" → "objectives". */
static int location_in(const char *loc, const pmo_assigns *only)
{
	size_t i, len = strcspn(loc, ".[");

	if (!only || !len)
		return 1;
	for (i = 0; i < only->n; i++)
		if (strlen(only->items[i].field) == len && !strncmp(only->items[i].field, loc, len))
			return 1;
	return 0;
}

static int check_ref(pmo_problems *out, const pmo_model *model, const char *field,
		     const pmo_node *value, const char *target, pmo_source *src)
{
	const pmo_kind *tk = pmo_model_kind(model, target);
	pmo_buf msg = PMO_BUF_INIT;
	char *path = NULL, **names = NULL;
	const char *v = pmo_node_text(value);
	size_t i, shown = 0;
	int error = 0;

	if (!tk || !v || value->tag != PMO_TAG_STR || !safe_name(v))
		return 0;
	if (!(path = pmo_kind_path(tk, NULL, v)))
		return OOM();
	if (pmo_source_exists(src, path))
		goto done;
	pmo_buf_printf(&msg, "%s: unknown %s \"%s\"", field, tk->name, v);
	if (pmo_source_list(&names, src, tk->folder) == 0 && names[0]) {
		pmo_buf_printf(&msg, "; %s: ", tk->plural);
		for (i = 0; names[i] && shown < 12; i++) {
			size_t len = strlen(names[i]);
			if (!tk->file && (len <= 5 || strcmp(names[i] + len - 5, ".yaml")))
				continue;
			pmo_buf_printf(&msg, "%s%.*s", shown ? ", " : "",
				       (int)(tk->file ? len : len - 5), names[i]);
			shown++;
		}
		if (names[i])
			pmo_buf_puts(&msg, ", …");
	} else {
		pmo_buf_printf(&msg, "; add one with: pmo %s add", tk->name);
	}
	if ((error = pmo_buf_oom(&msg)) < 0)
		goto done;
	error = problems_add_at(out, pmo_buf_detach(&msg), value);
done:
	pmo_buf_release(&msg);
	pmo_strv_free(names);
	free(path);
	return error;
}

static int add_findings(pmo_problems *out, const pmo_schema_result *res,
			const pmo_assigns *only, int fields)
{
	size_t i;
	int error;

	for (i = 0; i < res->n; i++) {
		const pmo_schema_finding *f = &res->items[i];
		pmo_buf b = PMO_BUF_INIT;

		if (fields != (*f->location != '\0') || !location_in(f->location, only))
			continue;
		/* "unknown field \"foo\"" names the field itself */
		if (*f->location && strcmp(f->keyword, "additionalProperties"))
			pmo_buf_printf(&b, "%s: ", f->location);
		pmo_buf_puts(&b, f->message);
		if ((error = problems_add_at(out, pmo_buf_detach(&b), f->node)) < 0)
			return error;
	}
	return 0;
}

int pmo_node_date(pmo_date *out, const pmo_node *n)
{
	if (!n || n->kind != PMO_NODE_SCALAR || n->tag != PMO_TAG_STR)
		return -1;
	return pmo_date_parse(out, n->str, n->len);
}

int pmo_record_order(pmo_order_fault *out, size_t *at, const pmo_kind *kind,
		     const pmo_node *record)
{
	const pmo_node *order = pmo_map_get(pmo_map_get(pmo_schema_root(kind->schema), "x-pmo"),
					    "order");

	for (; order && order->kind == PMO_NODE_SEQ && *at < order->n; (*at)++) {
		const pmo_node *pair = order->items[*at];
		const char *a, *b;
		pmo_date da, db;

		if (pair->kind != PMO_NODE_SEQ || pair->n != 2 ||
		    !(a = pmo_node_text(pair->items[0])) || !(b = pmo_node_text(pair->items[1])))
			continue;
		out->early_v = pmo_map_get(record, a);
		out->late_v = pmo_map_get(record, b);
		if (pmo_node_date(&da, out->early_v) < 0 || pmo_node_date(&db, out->late_v) < 0 || db >= da)
			continue;
		out->early = a;
		out->late = b;
		(*at)++;
		return 0;
	}
	return -1;
}

int pmo_record_check(pmo_problems *out, const pmo_model *model, const pmo_kind *kind,
		     const pmo_node *record, pmo_source *src, const pmo_assigns *only)
{
	pmo_schema_result res = { 0 };
	size_t i;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = pmo_schema_validate(&res, kind->schema, record)) < 0)
		goto done;
	/* findings about a field (the schema's, then references), then those
	 * about the whole record (missing required fields) */
	if ((error = add_findings(out, &res, only, 1)) < 0)
		goto done;
	for (i = 0; kind->refs && i < kind->refs->n; i++) {
		const char *field = kind->refs->pairs[i].key->str;
		const pmo_node *v = pmo_map_get(record, field);
		size_t j;

		if (!v || !location_in(field, only))
			continue;
		/* a value the schema refused is not looked up as well */
		for (j = 0; j < res.n && strcmp(res.items[j].location, field); j++)
			;
		if (j < res.n)
			continue;
		if ((error = check_ref(out, model, field, v,
				       pmo_node_text(kind->refs->pairs[i].value), src)) < 0)
			goto done;
	}
	if ((error = add_findings(out, &res, only, 0)) < 0)
		goto done;
	if (!out->n) {
		pmo_order_fault f;
		size_t at = 0;

		while (error >= 0 && pmo_record_order(&f, &at, kind, record) == 0)
			if (location_in(f.early, only) || location_in(f.late, only))
			{
				pmo_buf b = PMO_BUF_INIT;
				pmo_buf_printf(&b, "%s: %s is before %s (%s)", f.late, f.late_v->str,
					       f.early, f.early_v->str);
				error = problems_add_at(out, pmo_buf_detach(&b), f.late_v);
			}
		if (error < 0)
			goto done;
	}
	if (out->n)
		error = pmo_error_set(PMO_EINVALID, "%s", out->items[0]);
done:
	pmo_schema_result_free(&res);
	if (error < 0 && error != PMO_EINVALID)
		pmo_problems_free(out);
	return error;
}

int pmo_workflow_check(const pmo_kind *kind, const char *from, const char *to)
{
	const pmo_node *next;
	pmo_buf allowed = PMO_BUF_INIT;
	size_t i;
	int error;

	if (!kind->workflow || !from || !to || !strcmp(from, to))
		return 0;
	next = pmo_map_get(kind->workflow, from);
	for (i = 0; next && next->kind == PMO_NODE_SEQ && i < next->n; i++) {
		const char *s = pmo_node_text(next->items[i]);
		if (s && !strcmp(s, to)) {
			pmo_buf_release(&allowed);
			return 0;
		}
		pmo_buf_printf(&allowed, "%s%s", i ? ", " : "", s ? s : "");
	}
	error = pmo_error_set(PMO_EUSAGE, "%s: cannot go from \"%s\" to \"%s\"; from %s: %s",
		kind->status_field, from, to, from,
		allowed.len ? allowed.ptr : "no other status");
	pmo_buf_release(&allowed);
	return error;
}

void pmo_changes_free(pmo_changes *c)
{
	if (!c)
		return;
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

static int change_add(pmo_changes *c, const char *field, const pmo_node *o, const pmo_node *n)
{
	pmo_change *items = realloc(c->items, (c->n + 1) * sizeof(*items));

	if (!items)
		return OOM();
	c->items = items;
	c->items[c->n].field = field;
	c->items[c->n].old = o;
	c->items[c->n].new = n;
	c->n++;
	return 0;
}

int pmo_record_diff(pmo_changes *out, const pmo_kind *kind, const pmo_node *old,
		    const pmo_node *new)
{
	size_t i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < kind->props->n && error >= 0; i++) {
		const char *f = kind->props->pairs[i].key->str;
		const pmo_node *o = pmo_map_get(old, f), *n = pmo_map_get(new, f);

		if ((o || n) && !(o && n && pmo_node_equal(o, n)))
			error = change_add(out, f, o, n);
	}
	for (i = 0; old && old->kind == PMO_NODE_MAP && i < old->n && error >= 0; i++) {
		const char *f = old->pairs[i].key->str;
		const pmo_node *n = pmo_map_get(new, f);
		if (!pmo_kind_prop(kind, f) && !(n && pmo_node_equal(old->pairs[i].value, n)))
			error = change_add(out, f, old->pairs[i].value, n);
	}
	for (i = 0; new && new->kind == PMO_NODE_MAP && i < new->n && error >= 0; i++) {
		const char *f = new->pairs[i].key->str;
		if (!pmo_kind_prop(kind, f) && !pmo_map_get(old, f))
			error = change_add(out, f, NULL, new->pairs[i].value);
	}
	if (error < 0)
		pmo_changes_free(out);
	return error;
}

static void display_into(pmo_buf *b, const pmo_node *n)
{
	size_t i;

	if (!n)
		return;
	switch (n->kind) {
	case PMO_NODE_SCALAR:
		/* a number by its value: 0x2 is 2, .5e1 is 5 */
		if (n->tag != PMO_TAG_NULL && pmo_yaml_number_text(b, n) < 0)
			pmo_buf_put(b, n->str, n->len);
		break;
	case PMO_NODE_SEQ:
		for (i = 0; i < n->n; i++) {
			if (i)
				pmo_buf_puts(b, ", ");
			display_into(b, n->items[i]);
		}
		break;
	case PMO_NODE_MAP:
		for (i = 0; i < n->n; i++) {
			pmo_buf_printf(b, "%s%s: ", i ? ", " : "", n->pairs[i].key->str);
			display_into(b, n->pairs[i].value);
		}
		break;
	}
}

char *pmo_node_display(const pmo_node *node)
{
	pmo_buf b = PMO_BUF_INIT;
	char *s, *p;

	display_into(&b, node);
	s = pmo_buf_detach(&b);
	/* one line: newlines and tabs become spaces */
	for (p = s; p && *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	return s;
}

/* --- people who have left ------------------------------------------------- */

int pmo_person_active(int *out, pmo_source *src, const pmo_model *model, const char *handle)
{
	const pmo_kind *pk = pmo_model_kind(model, "person");
	pmo_record *r = NULL;
	const pmo_node *active;
	char *path = NULL;
	int error = 0;

	*out = 1;
	if (!pk || !handle || !safe_name(handle))
		return 0;
	if (!(path = pmo_kind_path(pk, NULL, handle)))
		return OOM();
	if (!pmo_source_exists(src, path))
		goto done; /* the reference check names a missing person */
	if ((error = pmo_record_read(&r, src, pk, NULL, handle, NULL)) < 0)
		goto done; /* a link, a file that is not YAML: the caller says it */
	active = pmo_map_get(pmo_doc_root(r->doc), "active");
	if (active && active->kind == PMO_NODE_SCALAR && active->tag == PMO_TAG_BOOL &&
	    !strcmp(active->str, "false"))
		*out = 0;
done:
	pmo_record_free(r);
	free(path);
	return error;
}

/* Whether handle is one of the values of old (a string or a list). */
static int among(const pmo_node *old, const char *handle)
{
	size_t i;

	if (old && old->kind == PMO_NODE_SEQ) {
		for (i = 0; i < old->n; i++)
			if (among(old->items[i], handle))
				return 1;
		return 0;
	}
	return pmo_node_text(old) && !strcmp(pmo_node_text(old), handle);
}

int pmo_record_check_people(pmo_problems *out, const pmo_model *model, const pmo_kind *kind,
			    const pmo_node *record, const pmo_node *old, pmo_source *src)
{
	size_t i, j;
	int error = 0;

	for (i = 0; kind->refs && kind->refs->kind == PMO_NODE_MAP && i < kind->refs->n; i++) {
		const char *field = kind->refs->pairs[i].key->str;
		const char *target = pmo_node_text(kind->refs->pairs[i].value);
		const pmo_node *v = pmo_map_get(record, field);
		size_t n = v && v->kind == PMO_NODE_SEQ ? v->n : 1;

		if (!v || !target || strcmp(target, "person"))
			continue;
		for (j = 0; j < n && error >= 0; j++) {
			const pmo_node *item = v->kind == PMO_NODE_SEQ ? v->items[j] : v;
			const char *h = pmo_node_text(item);
			int active;
			pmo_buf b = PMO_BUF_INIT;

			if (!h || item->tag != PMO_TAG_STR || among(pmo_map_get(old, field), h))
				continue;
			if ((error = pmo_person_active(&active, src, model, h)) < 0 && error != PMO_ENOMEM) {
				/* the person's file cannot be read (a link): not named through it */
				const pmo_error *e = pmo_error_last();
				pmo_buf_printf(&b, "%s: person \"%s\": %s%s%s", field, h,
					       e && e->path ? e->path : "", e && e->path ? ": " : "",
					       e && e->message ? e->message : "cannot be read");
				error = problems_add_at(out, pmo_buf_detach(&b), item);
				continue;
			}
			if (error < 0 || active)
				continue;
			char *path = pmo_kind_path(pmo_model_kind(model, "person"), NULL, h);

			if (!path)
				return OOM();
			pmo_buf_printf(&b, "%s: person \"%s\" is not active (active: false in %s); "
				       "name someone active", field, h, path);
			free(path);
			error = problems_add_at(out, pmo_buf_detach(&b), item);
		}
		if (error < 0)
			return error;
	}
	if (out->n)
		error = pmo_error_set(PMO_EINVALID, "%s", out->items[0]);
	return error;
}

/* --- reopening ------------------------------------------------------------ */

/* Whether the kind's reason field explains status: one of the workflow's
 * "ended" statuses, or its close status when it lists none. */
static int status_ended(const pmo_kind *kind, const char *status)
{
	const pmo_node *wf = pmo_map_get(pmo_map_get(pmo_schema_root(kind->schema), "x-pmo"),
					 "workflow");
	const pmo_node *ended = pmo_map_get(wf, "ended");
	size_t i;

	if (!status)
		return 0;
	if (!ended || ended->kind != PMO_NODE_SEQ)
		return kind->close_status && !strcmp(status, kind->close_status);
	for (i = 0; i < ended->n; i++)
		if (pmo_node_text(ended->items[i]) && !strcmp(pmo_node_text(ended->items[i]), status))
			return 1;
	return 0;
}

int pmo_assigns_reopen(pmo_assigns *as, const pmo_kind *kind, const pmo_node *record)
{
	const pmo_assign *st;
	pmo_assign *items;
	const char *from;

	if (!kind->status_field || !kind->reason_field || !pmo_map_get(record, kind->reason_field) ||
	    assign_of(as, kind->reason_field) || !(st = assign_of(as, kind->status_field)) ||
	    !pmo_node_text(st->node))
		return 0;
	from = pmo_node_text(pmo_map_get(record, kind->status_field));
	if (!status_ended(kind, from) || status_ended(kind, pmo_node_text(st->node)))
		return 0;
	if (!(items = realloc(as->items, (as->n + 1) * sizeof(*items))))
		return OOM();
	as->items = items;
	memset(&items[as->n], 0, sizeof(*items));
	if (!(items[as->n].field = strdup(kind->reason_field)) || !(items[as->n].value = strdup(""))) {
		free(items[as->n].field);
		return OOM();
	}
	as->n++;
	return 1;
}
