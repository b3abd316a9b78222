/*
 * Configuration given on the command line, as git takes it: `git -c
 * name=value` (and pmo's own -c) puts 'name'='value' into
 * GIT_CONFIG_PARAMETERS, and GIT_CONFIG_COUNT with GIT_CONFIG_KEY_<n> and
 * GIT_CONFIG_VALUE_<n> give more. git reads the COUNT entries first, then
 * the PARAMETERS ones, and both beat every file. libgit2 1.5 reads neither
 * and has no public in-memory backend, so this file is a small read-only
 * git_config_backend holding those entries, added at the highest level
 * (GIT_CONFIG_LEVEL_APP). With neither variable set it costs two getenv().
 */
#include "repo/internal.h"
#include <git2/sys/config.h>
#include "util/error.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	git_config_backend parent;
	git_config_entry *entries; /* in the order git reads them: last wins */
	size_t n;
	git_config_level_t level;
} cmdline_backend;

typedef struct {
	git_config_iterator parent;
	size_t pos;
} cmdline_iter;

static void entry_free_nothing(git_config_entry *e)
{
	(void)e; /* owned by the backend */
}

static void free_entries(git_config_entry *v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		free((char *)v[k].name);
		free((char *)v[k].value);
	}
	free(v);
}

static int be_open(git_config_backend *b, git_config_level_t level, const git_repository *repo)
{
	cmdline_backend *cb = (cmdline_backend *)b;
	size_t k;

	(void)repo;
	cb->level = level;
	for (k = 0; k < cb->n; k++)
		cb->entries[k].level = level;
	return 0;
}

static int be_get(git_config_backend *b, const char *key, git_config_entry **out)
{
	cmdline_backend *cb = (cmdline_backend *)b;
	size_t k = cb->n;

	while (k-- > 0)
		if (!strcmp(cb->entries[k].name, key)) {
			*out = &cb->entries[k];
			return 0;
		}
	return GIT_ENOTFOUND;
}

static int be_readonly(void)
{
	git_error_set_str(GIT_ERROR_CONFIG, "command-line configuration is read-only");
	return -1;
}

static int be_set(git_config_backend *b, const char *k, const char *v)
{
	(void)b, (void)k, (void)v;
	return be_readonly();
}

static int be_set_multivar(git_config_backend *b, const char *k, const char *r, const char *v)
{
	(void)b, (void)k, (void)r, (void)v;
	return be_readonly();
}

static int be_del(git_config_backend *b, const char *k)
{
	(void)b, (void)k;
	return be_readonly();
}

static int be_del_multivar(git_config_backend *b, const char *k, const char *r)
{
	(void)b, (void)k, (void)r;
	return be_readonly();
}

static int iter_next(git_config_entry **out, git_config_iterator *it)
{
	cmdline_iter *ci = (cmdline_iter *)it;
	cmdline_backend *cb = (cmdline_backend *)it->backend;

	if (ci->pos >= cb->n)
		return GIT_ITEROVER;
	*out = &cb->entries[ci->pos++];
	return 0;
}

static void iter_free(git_config_iterator *it)
{
	free(it);
}

static int be_iterator(git_config_iterator **out, git_config_backend *b)
{
	cmdline_iter *it = calloc(1, sizeof(*it));

	if (!it) {
		git_error_set_oom();
		return -1;
	}
	it->parent.backend = b;
	it->parent.next = iter_next;
	it->parent.free = iter_free;
	*out = &it->parent;
	return 0;
}

static int be_lock(git_config_backend *b)
{
	(void)b;
	return 0;
}

static int be_unlock(git_config_backend *b, int success)
{
	(void)b, (void)success;
	return 0;
}

static void be_free(git_config_backend *b)
{
	cmdline_backend *cb = (cmdline_backend *)b;

	if (!cb)
		return;
	free_entries(cb->entries, cb->n);
	free(cb);
}

static int backend_new(cmdline_backend **out, const git_config_entry *src, size_t n);

static int be_snapshot(git_config_backend **out, git_config_backend *b)
{
	cmdline_backend *cb = (cmdline_backend *)b, *copy = NULL;

	if (backend_new(&copy, cb->entries, cb->n) < 0) {
		git_error_set_oom();
		return -1;
	}
	copy->parent.readonly = 1;
	*out = &copy->parent;
	return 0;
}

/* A backend with copies of n entries; -1 on OOM (nothing set). */
static int backend_new(cmdline_backend **out, const git_config_entry *src, size_t n)
{
	cmdline_backend *cb = calloc(1, sizeof(*cb));
	size_t k;

	if (!cb)
		return -1;
	git_config_init_backend(&cb->parent, GIT_CONFIG_BACKEND_VERSION);
	cb->parent.readonly = 1;
	cb->parent.open = be_open;
	cb->parent.get = be_get;
	cb->parent.set = be_set;
	cb->parent.set_multivar = be_set_multivar;
	cb->parent.del = be_del;
	cb->parent.del_multivar = be_del_multivar;
	cb->parent.iterator = be_iterator;
	cb->parent.snapshot = be_snapshot;
	cb->parent.lock = be_lock;
	cb->parent.unlock = be_unlock;
	cb->parent.free = be_free;
	if (n && !(cb->entries = calloc(n, sizeof(*cb->entries)))) {
		free(cb);
		return -1;
	}
	for (k = 0; k < n; k++, cb->n++) {
		cb->entries[k].name = strdup(src[k].name);
		cb->entries[k].value = src[k].value ? strdup(src[k].value) : NULL;
		cb->entries[k].level = src[k].level;
		cb->entries[k].free = entry_free_nothing;
		if (!cb->entries[k].name || (src[k].value && !cb->entries[k].value)) {
			cb->n++;
			be_free(&cb->parent);
			return -1;
		}
	}
	*out = cb;
	return 0;
}

/* git_config_parse_key: "Section.Sub.Sect.Name" → "section.Sub.Sect.name";
 * a section and a name are needed, the name starts with a letter, and
 * the section and name hold only letters, digits, '-' (and '.' between
 * the parts). */
static int canonical_key(char **out, const char *key)
{
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');
	char *k;
	size_t i, len = strlen(key);

	if (!first || first == key)
		return pmo_error_set(PMO_EINVALID, "key does not contain a section: %s", key);
	if (!last[1])
		return pmo_error_set(PMO_EINVALID, "key does not contain variable name: %s", key);
	if (!(k = strdup(key)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)k[i];
		int in_sub = key + i > first && key + i < last;

		if (in_sub)
			continue;
		if (key + i == first || key + i == last)
			continue;
		if (!isalnum(c) && c != '-')
			goto bad;
		if (key + i == last + 1 && !isalpha(c))
			goto bad;
		k[i] = (char)tolower(c);
	}
	*out = k;
	return 0;
bad:
	free(k);
	return pmo_error_set(PMO_EINVALID, "invalid key: %s", key);
}

typedef struct {
	git_config_entry *v;
	size_t n, cap;
} entries;

static int push(entries *es, const char *key, const char *value)
{
	git_config_entry *e;
	char *name = NULL, *val = NULL;
	int error;

	if (!*key)
		return pmo_error_set(PMO_EINVALID, "empty config key");
	if ((error = canonical_key(&name, key)) < 0)
		return error;
	if (value && !(val = strdup(value))) {
		free(name);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 8;
		if (!(e = realloc(es->v, cap * sizeof(*e)))) {
			free(name);
			free(val);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		es->v = e;
		es->cap = cap;
	}
	e = &es->v[es->n++];
	memset(e, 0, sizeof(*e));
	e->name = name;
	e->value = val;
	e->free = entry_free_nothing;
	return 0;
}

/* git's sq_dequote_step: one '…'-quoted word at s (the quote '\'' written
 * as '\'' and '!' as '\!'), unquoted in place; *next after it (NULL at
 * the end of the string). NULL when s is not such a word. */
static char *sq_dequote_step(char *s, char **next)
{
	char *dst = s, *src = s, c;

	if (*src != '\'')
		return NULL;
	for (;;) {
		c = *++src;
		if (!c)
			return NULL;
		if (c != '\'') {
			*dst++ = c;
			continue;
		}
		switch (*++src) {
		case '\0':
			*dst = '\0';
			*next = NULL;
			return s;
		case '\\':
			if ((src[1] == '\'' || src[1] == '!') && src[2] == '\'') {
				*dst++ = src[1];
				src += 2;
				continue;
			}
			/* fall through */
		default:
			*dst = '\0';
			*next = src;
			return s;
		}
	}
}

/* Old style 'key=value' (git_config_parse_parameter): a value after the
 * first '=', none (a bare boolean) without one. */
static int push_old_style(entries *es, char *text)
{
	char *eq = strchr(text, '='), *end;
	const char *value = NULL;

	if (eq) {
		*eq = '\0';
		value = eq + 1;
	}
	while (isspace((unsigned char)*text))
		text++;
	end = text + strlen(text);
	while (end > text && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*text)
		return pmo_error_set(PMO_EINVALID, "bogus config parameter: %s", text);
	return push(es, text, value);
}

static int parse_parameters(entries *es, const char *env)
{
	char *copy = strdup(env), *cur, *key;
	const char *value;
	int error = 0;

	if (!copy)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	for (cur = copy; cur && *cur;) {
		if (!(key = sq_dequote_step(cur, &cur)))
			goto bogus;
		if (!cur || isspace((unsigned char)*cur)) {
			if ((error = push_old_style(es, key)) < 0)
				goto done;
		} else if (*cur == '=') {
			cur++;
			if (*cur == '\'') {
				if (!(value = sq_dequote_step(cur, &cur)) ||
				    (cur && !isspace((unsigned char)*cur)))
					goto bogus;
			} else if (!*cur || isspace((unsigned char)*cur)) {
				value = NULL;
			} else {
				goto bogus;
			}
			if ((error = push(es, key, value)) < 0)
				goto done;
		} else {
			goto bogus;
		}
		while (cur && isspace((unsigned char)*cur))
			cur++;
	}
	goto done;
bogus:
	error = pmo_error_set(PMO_EINVALID, "bogus format in GIT_CONFIG_PARAMETERS");
done:
	free(copy);
	return error;
}

static int parse_count(entries *es, const char *count_env)
{
	char name[64], *end;
	const char *key, *value;
	unsigned long count, i;
	int error;

	count = strtoul(count_env, &end, 10);
	if (*end)
		return pmo_error_set(PMO_EINVALID, "bogus count in GIT_CONFIG_COUNT");
	if (count > INT_MAX)
		return pmo_error_set(PMO_EINVALID, "too many entries in GIT_CONFIG_COUNT");
	for (i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%lu", i);
		if (!(key = getenv(name)))
			return pmo_error_set(PMO_EINVALID, "missing config key %s", name);
		snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%lu", i);
		if (!(value = getenv(name)))
			return pmo_error_set(PMO_EINVALID, "missing config value %s", name);
		if ((error = push(es, key, value)) < 0)
			return error;
	}
	return 0;
}

int pmo_repo__config_has_cmdline(void)
{
	return getenv("GIT_CONFIG_COUNT") || getenv("GIT_CONFIG_PARAMETERS");
}

int pmo_repo__config_add_cmdline(git_config *cfg, const git_repository *git)
{
	entries es = { NULL, 0, 0 };
	cmdline_backend *cb = NULL;
	const char *env;
	int error = 0, e;

	if ((env = getenv("GIT_CONFIG_COUNT")) != NULL && (error = parse_count(&es, env)) < 0)
		goto done;
	if ((env = getenv("GIT_CONFIG_PARAMETERS")) != NULL &&
	    (error = parse_parameters(&es, env)) < 0)
		goto done;
	if (!es.n)
		goto done;
	if (backend_new(&cb, es.v, es.n) < 0) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	if ((e = git_config_add_backend(cfg, &cb->parent, GIT_CONFIG_LEVEL_APP, git, 1)) < 0) {
		be_free(&cb->parent);
		error = pmo_repo__git_error(e, "cannot add the command-line configuration");
	}
done:
	free_entries(es.v, es.n);
	return error;
}

/* git's sq_quote_buf: '…' with ' and ! written as '\'' and '\!'. */
static void sq_quote(pmo_buf *b, const char *s, size_t len)
{
	size_t i;

	pmo_buf_putc(b, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '\'' || s[i] == '!') {
			pmo_buf_puts(b, "'\\");
			pmo_buf_putc(b, s[i]);
			pmo_buf_putc(b, '\'');
		} else {
			pmo_buf_putc(b, s[i]);
		}
	}
	pmo_buf_putc(b, '\'');
}

int pmo_config_push_parameter(const char *text)
{
	pmo_buf env = PMO_BUF_INIT;
	const char *old = getenv("GIT_CONFIG_PARAMETERS"), *eq = strchr(text, '=');
	char *key = NULL, *canon = NULL;
	int error;

	/* git checks the key when it reads the variable; check it now so that
	 * a bad -c is a usage error naming the option */
	if (!(key = eq ? strndup(text, (size_t)(eq - text)) : strdup(text)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if (!*key) {
		error = pmo_error_set(PMO_EINVALID, "empty config key");
		goto done;
	}
	if ((error = canonical_key(&canon, key)) < 0)
		goto done;
	if (old && *old) {
		pmo_buf_puts(&env, old);
		pmo_buf_putc(&env, ' ');
	}
	/* git_config_push_split_parameter: 'key'='value', or 'key'= alone
	 * (a bare boolean) */
	sq_quote(&env, key, strlen(key));
	pmo_buf_putc(&env, '=');
	if (eq)
		sq_quote(&env, eq + 1, strlen(eq + 1));
	if ((error = pmo_buf_oom(&env)) < 0)
		goto done;
	if (setenv("GIT_CONFIG_PARAMETERS", env.ptr, 1) < 0)
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
done:
	free(key);
	free(canon);
	pmo_buf_free(&env);
	return error;
}
