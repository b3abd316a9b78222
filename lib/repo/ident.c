/*
 * The identity git would use for a commit: author and committer from
 * GIT_AUTHOR_* / GIT_COMMITTER_* (dates in git's formats), user.name and
 * user.email, user.useConfigOnly, with the crud git strips.
 */
#include "repo/internal.h"
#include "util/date.h"
#include "util/error.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---- identity ---- */

static int lookup_word(const char *w, size_t len, const char *const *names, int count)
{
	int k;

	if (len < 3)
		return -1;
	for (k = 0; k < count; k++)
		if (strncasecmp(w, names[k], 3) == 0 &&
		    (len == 3 || (len <= strlen(names[k]) && strncasecmp(w, names[k], len) == 0)))
			return k;
	return -1;
}

static int read_num(const char **s, long *out, int *ndigits)
{
	const char *p = *s;
	long v = 0;
	int n = 0;

	while (isdigit((unsigned char)*p)) {
		if (v > 100000000000L)
			return -1;
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (!n)
		return -1;
	*s = p;
	*out = v;
	if (ndigits)
		*ndigits = n;
	return 0;
}

/* "+0800", "+08:00", "+08", "-0330". Minutes east of UTC. */
static int read_tz(const char **s, int *off)
{
	const char *p = *s;
	int sign = *p == '-' ? -1 : 1, nd;
	long hh, mm = 0;

	p++;
	if (read_num(&p, &hh, &nd) < 0)
		return -1;
	if (nd == 4) {
		mm = hh % 100;
		hh /= 100;
	} else if (nd <= 2) {
		if (*p == ':') {
			p++;
			if (read_num(&p, &mm, &nd) < 0 || nd != 2)
				return -1;
		}
	} else {
		return -1;
	}
	if (hh > 23 || mm > 59)
		return -1;
	*off = sign * (int)(hh * 60 + mm);
	*s = p;
	return 0;
}

/*
 * The date formats git accepts in GIT_AUTHOR_DATE / GIT_COMMITTER_DATE:
 * raw "@1767488400 +0800" or "1767488400 +0800", ISO 8601
 * "2027-01-04T09:00:00+08:00" / "2027-01-04 09:00:00 +0800", RFC 2822
 * "Mon, 4 Jan 2027 09:00:00 +0800"; the date also as 2027.01.04 or
 * 2027/01/04. Without a zone: local time (for raw seconds, the local
 * zone's offset at that moment).
 */
static int parse_git_date(const char *s, git_time_t *t, int *off)
{
	static const char *const months[] = { "january", "february", "march", "april", "may",
		"june", "july", "august", "september", "october", "november", "december" };
	static const char *const days[] = { "sunday", "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday" };
	long y = -1, mo = -1, d = -1, hh = -1, mi = -1, ss = 0, v;
	int tz = 0, have_tz = 0, nd, k;
	const char *p = s, *w;
	size_t wl;
	struct tm tm;
	time_t lt;

	while (isspace((unsigned char)*p))
		p++;
	/* raw: seconds since the epoch, as git writes them in objects */
	if (*p == '@' || isdigit((unsigned char)*p)) {
		const char *q = p + (*p == '@');
		if (read_num(&q, &v, &nd) == 0 && (*p == '@' || nd >= 9) &&
		    (*q == '\0' || isspace((unsigned char)*q))) {
			while (isspace((unsigned char)*q))
				q++;
			if ((*q == '+' || *q == '-') && read_tz(&q, &tz) == 0)
				have_tz = 1;
			while (isspace((unsigned char)*q))
				q++;
			if (*q)
				return -1;
			if (!have_tz) {
				/* git's: the local zone's offset at that moment */
				time_t at = (time_t)v;
				if (!localtime_r(&at, &tm))
					return -1;
				tz = (int)(tm.tm_gmtoff / 60);
			}
			*t = v;
			*off = tz;
			return 0;
		}
		if (*p == '@')
			return -1;
	}
	while (*p) {
		if (isspace((unsigned char)*p) || *p == ',') {
			p++;
		} else if (isalpha((unsigned char)*p)) {
			w = p;
			while (isalpha((unsigned char)*p))
				p++;
			wl = (size_t)(p - w);
			if ((k = lookup_word(w, wl, months, 12)) >= 0 && mo < 0)
				mo = k + 1;
			else if (lookup_word(w, wl, days, 7) >= 0)
				; /* the weekday says nothing new */
			else if (((wl == 3 && (!strncasecmp(w, "UTC", 3) || !strncasecmp(w, "GMT", 3))) ||
				  (wl == 1 && (*w == 'Z' || *w == 'z'))) && !have_tz) {
				tz = 0;
				have_tz = 1;
			} else if (!(wl == 1 && (*w == 'T' || *w == 't') && d >= 0 && hh < 0)) {
				return -1;
			}
		} else if (isdigit((unsigned char)*p)) {
			if (read_num(&p, &v, &nd) < 0)
				return -1;
			if ((*p == '-' || *p == '.' || *p == '/') && nd == 4 && y < 0) {
				char sep = *p; /* 2027-01-05, 2027.01.05, 2027/01/05 */
				y = v;
				p++;
				if (read_num(&p, &mo, &nd) < 0 || nd > 2 || *p != sep)
					return -1;
				p++;
				if (read_num(&p, &d, &nd) < 0 || nd > 2)
					return -1;
			} else if (*p == ':' && hh < 0 && nd <= 2) {
				hh = v;
				p++;
				if (read_num(&p, &mi, &nd) < 0 || nd != 2)
					return -1;
				if (*p == ':') {
					p++;
					if (read_num(&p, &ss, &nd) < 0 || nd != 2)
						return -1;
					if (*p == '.' && isdigit((unsigned char)p[1])) {
						p++;
						while (isdigit((unsigned char)*p))
							p++;
					}
				}
			} else if (nd == 4 && y < 0 && d >= 0) {
				y = v;
			} else if (nd <= 2 && d < 0) {
				d = v;
			} else {
				return -1;
			}
		} else if ((*p == '+' || *p == '-') && !have_tz) {
			if (read_tz(&p, &tz) < 0)
				return -1;
			have_tz = 1;
		} else {
			return -1;
		}
	}
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > pmo_date_days_in_month((int)y, (int)mo) || hh < 0 || hh > 23 ||
	    mi < 0 || mi > 59 || ss > 60)
		return -1;
	if (ss == 60)
		ss = 59;
	if (!have_tz) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = (int)y - 1900;
		tm.tm_mon = (int)mo - 1;
		tm.tm_mday = (int)d;
		tm.tm_hour = (int)hh;
		tm.tm_min = (int)mi;
		tm.tm_sec = (int)ss;
		tm.tm_isdst = -1;
		if ((lt = mktime(&tm)) == (time_t)-1)
			return -1;
		*t = (git_time_t)lt;
		*off = (int)(tm.tm_gmtoff / 60);
		return 0;
	}
	*t = (git_time_t)pmo_date_from_ymd((int)y, (int)mo, (int)d) * 86400 +
	     hh * 3600 + mi * 60 + ss - (git_time_t)tz * 60;
	*off = tz;
	return 0;
}

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* git's ident.c crud(): stripped from both ends of a name or email. */
static int crud(unsigned char c)
{
	return c <= 32 || c == '.' || c == ',' || c == ':' || c == ';' || c == '<' || c == '>' ||
	       c == '"' || c == '\\' || c == '\'';
}

/* The name or email as git records it (strbuf_addstr_without_crud): crud
 * trimmed from both ends, '<', '>' and newlines dropped inside. In place. */
static void strip_crud(char *s)
{
	size_t len, i, o = 0, start = 0;

	while (s[start] && crud((unsigned char)s[start]))
		start++;
	len = strlen(s + start);
	while (len > 0 && crud((unsigned char)s[start + len - 1]))
		len--;
	for (i = 0; i < len; i++) {
		char c = s[start + i];
		if (c != '\n' && c != '<' && c != '>')
			s[o++] = c;
	}
	s[o] = '\0';
}

/* role "author"/"committer", ROLE "AUTHOR"/"COMMITTER". */
/* git's default name (ident.c): the account's full name from the password
 * database (the GECOS field up to its first comma, '&' standing for the
 * login name capitalised), else the login name; NULL when there is none. */
static int account_name(char **out)
{
	struct passwd *pw = getpwuid(getuid());
	pmo_buf b = PMO_BUF_INIT;
	const char *g;

	*out = NULL;
	if (!pw || !pw->pw_name)
		return 0;
	for (g = pw->pw_gecos ? pw->pw_gecos : ""; *g && *g != ','; g++) {
		if (*g == '&') {
			pmo_buf_putc(&b, (char)toupper((unsigned char)pw->pw_name[0]));
			pmo_buf_puts(&b, pw->pw_name[0] ? pw->pw_name + 1 : "");
		} else {
			pmo_buf_putc(&b, *g);
		}
	}
	if (!b.len)
		pmo_buf_puts(&b, pw->pw_name);
	if (pmo_buf_oom(&b) < 0)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	*out = pmo_buf_detach(&b);
	return 0;
}

static int make_ident(git_signature **out, git_config *cfg, const char *role, const char *ROLE,
		      git_time_t now, int now_off)
{
	pmo_buf var = PMO_BUF_INIT;
	char *name = NULL, *email = NULL;
	const char *env;
	git_time_t t = now;
	int off = now_off, error = 0, e, config_only = 0;

	pmo_buf_printf(&var, "GIT_%s_NAME", ROLE);
	if ((error = pmo_buf_oom(&var)) < 0)
		goto done;
	if ((env = nonempty_env(var.ptr)) != NULL && !(name = strdup(env))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	pmo_buf_clear(&var);
	pmo_buf_printf(&var, "%s.name", role);
	if (!name && (error = pmo_repo__config_string(&name, cfg, var.ptr)) < 0)
		goto done;
	if (!name && (error = pmo_repo__config_string(&name, cfg, "user.name")) < 0)
		goto done;

	pmo_buf_clear(&var);
	pmo_buf_printf(&var, "GIT_%s_EMAIL", ROLE);
	if ((error = pmo_buf_oom(&var)) < 0)
		goto done;
	if ((env = nonempty_env(var.ptr)) != NULL && !(email = strdup(env))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	pmo_buf_clear(&var);
	pmo_buf_printf(&var, "%s.email", role);
	if (!email && (error = pmo_repo__config_string(&email, cfg, var.ptr)) < 0)
		goto done;
	if (!email && (error = pmo_repo__config_string(&email, cfg, "user.email")) < 0)
		goto done;
	/* user.useConfigOnly: no guessing from EMAIL; git's words */
	if ((e = git_config_get_bool(&config_only, cfg, "user.useconfigonly")) < 0) {
		config_only = 0;
		if (e != GIT_ENOTFOUND) {
			error = pmo_repo__git_error(e, "user.useConfigOnly");
			goto done;
		}
		git_error_clear();
	}
	if (config_only && (!email || !*email)) {
		error = pmo_error_set(PMO_EINVALID, "no email was given and auto-detection is disabled");
		goto done;
	}
	if (config_only && (!name || !*name)) {
		error = pmo_error_set(PMO_EINVALID, "no name was given and auto-detection is disabled");
		goto done;
	}
	if (!email && (env = nonempty_env("EMAIL")) != NULL && !(email = strdup(env))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	/* no name configured: the account's, as git takes it */
	if (!name && (error = account_name(&name)) < 0)
		goto done;
	if (name && *name) {
		strip_crud(name);
		if (!*name) {
			error = pmo_error_set(PMO_EINVALID,
				"the %s name consists only of characters git does not allow in a "
				"name; set another with git config user.name or GIT_%s_NAME",
				role, ROLE);
			goto done;
		}
	}
	if (email)
		strip_crud(email);
	if (!name || !*name || !email || !*email) {
		error = pmo_error_set(PMO_EINVALID,
			"no %s identity; set it with: git config --global user.name \"Your Name\" && "
			"git config --global user.email you@example.com (or GIT_%s_NAME/GIT_%s_EMAIL)",
			role, ROLE, ROLE);
		goto done;
	}

	pmo_buf_clear(&var);
	pmo_buf_printf(&var, "GIT_%s_DATE", ROLE);
	if ((error = pmo_buf_oom(&var)) < 0)
		goto done;
	if ((env = nonempty_env(var.ptr)) != NULL && parse_git_date(env, &t, &off) < 0) {
		error = pmo_error_set(PMO_EINVALID,
			"%s: invalid date \"%s\"; use ISO 8601 (2027-01-04T09:00:00+08:00), "
			"RFC 2822 (Mon, 4 Jan 2027 09:00:00 +0800) or \"@SECONDS +ZZZZ\"",
			var.ptr, env);
		goto done;
	}
	if ((e = git_signature_new(out, name, email, t, off)) < 0) {
		error = pmo_error_set(PMO_EINVALID, "invalid %s identity \"%s <%s>\": %s", role,
				      name, email, git_error_last() ? git_error_last()->message : "");
		goto done;
	}
done:
	free(name);
	free(email);
	pmo_buf_free(&var);
	return error;
}

int pmo_repo_signatures(git_signature **author, git_signature **committer, pmo_repo *repo)
{
	git_signature *a = NULL, *c = NULL;
	git_config *cfg = NULL;
	struct tm tm;
	time_t now = time(NULL);
	int error, off = 0;

	if (localtime_r(&now, &tm))
		off = (int)(tm.tm_gmtoff / 60);
	if ((error = pmo_repo__config(&cfg, repo ? repo->git : NULL)) < 0)
		goto done;
	if ((error = make_ident(&a, cfg, "author", "AUTHOR", now, off)) < 0)
		goto done;
	if ((error = make_ident(&c, cfg, "committer", "COMMITTER", now, off)) < 0)
		goto done;
	*author = a;
	*committer = c;
	a = c = NULL;
done:
	git_signature_free(a);
	git_signature_free(c);
	git_config_free(cfg);
	return error;
}
