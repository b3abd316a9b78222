/*
 * Working calendar: working weekdays, holidays and extra workdays.
 *
 * A date's index is the number of working days before it, counted from a
 * Monday epoch: whole weeks times the working weekdays per week, plus the
 * working weekdays earlier in its week, minus the holidays on working
 * weekdays before it, plus the extra workdays on free weekdays before it.
 * Both exception lists are sorted, so an index costs two binary searches and
 * its inverse a bounded binary search over dates.
 */
#include "plan/plan.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EPOCH ((pmo_date)4) /* 1970-01-05, a Monday */

struct pmo_calendar {
	unsigned mask;
	int per_week;
	int prefix[8];          /* working weekdays among the first r of a week */
	pmo_calendar_range *hol;
	size_t nhol, caphol;
	pmo_calendar_range *work;
	size_t nwork, capwork;
	pmo_date *removed;      /* holidays on working weekdays, sorted, unique */
	size_t nremoved;
	pmo_date *added;        /* workdays on free weekdays, sorted, unique */
	size_t nadded;
};

static int weekday_works(unsigned mask, pmo_date d)
{
	return (mask >> (pmo_date_weekday(d) - 1)) & 1u;
}

static int cmp_date(const void *a, const void *b)
{
	pmo_date x = *(const pmo_date *)a, y = *(const pmo_date *)b;
	return x < y ? -1 : x > y;
}

static int in_sorted(const pmo_date *v, size_t n, pmo_date d)
{
	return n && bsearch(&d, v, n, sizeof(*v), cmp_date) != NULL;
}

/* Number of elements < d. */
static size_t count_below(const pmo_date *v, size_t n, pmo_date d)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t uniq(pmo_date *v, size_t n)
{
	size_t i, k = 0;
	qsort(v, n, sizeof(*v), cmp_date);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* Recompute the derived exception arrays from the lists. */
static int rebuild(pmo_calendar *cal)
{
	size_t i, nrem = 0, nadd = 0;
	pmo_date d, *rem = NULL, *add = NULL;
	int error = 0;

	for (i = 0; i < cal->nhol; i++)
		for (d = cal->hol[i].from; d <= cal->hol[i].until; d++)
			nrem += weekday_works(cal->mask, d);
	for (i = 0; i < cal->nwork; i++)
		nadd += !weekday_works(cal->mask, cal->work[i].from);
	if ((nrem && !(rem = malloc(nrem * sizeof(*rem)))) ||
	    (nadd && !(add = malloc(nadd * sizeof(*add))))) {
		error = pmo_error_set(PMO_ENOMEM, "out of memory");
		goto done;
	}
	nrem = nadd = 0;
	for (i = 0; i < cal->nhol; i++)
		for (d = cal->hol[i].from; d <= cal->hol[i].until; d++)
			if (weekday_works(cal->mask, d))
				rem[nrem++] = d;
	for (i = 0; i < cal->nwork; i++)
		if (!weekday_works(cal->mask, cal->work[i].from))
			add[nadd++] = cal->work[i].from;
	nrem = rem ? uniq(rem, nrem) : 0;
	nadd = add ? uniq(add, nadd) : 0;
	free(cal->removed);
	free(cal->added);
	cal->removed = rem;
	cal->nremoved = nrem;
	cal->added = add;
	cal->nadded = nadd;
	rem = add = NULL;
done:
	free(rem);
	free(add);
	return error;
}

int pmo_calendar_new(pmo_calendar **out)
{
	pmo_calendar *cal = calloc(1, sizeof(*cal));
	if (!cal)
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	pmo_calendar_set_weekdays(cal, 0x1f);
	*out = cal;
	return 0;
}

static void ranges_free(pmo_calendar_range *r, size_t n)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < n; i++)
		free(r[i].name);
	free(r);
}

void pmo_calendar_free(pmo_calendar *cal)
{
	if (!cal)
		return;
	ranges_free(cal->hol, cal->nhol);
	ranges_free(cal->work, cal->nwork);
	free(cal->removed);
	free(cal->added);
	free(cal);
}

int pmo_calendar_set_weekdays(pmo_calendar *cal, unsigned mask)
{
	int r;
	mask &= 0x7f;
	if (!mask)
		return pmo_error_set(PMO_EINVALID, "a calendar needs at least one working weekday");
	cal->mask = mask;
	cal->per_week = 0;
	cal->prefix[0] = 0;
	for (r = 0; r < 7; r++) {
		cal->per_week += (mask >> r) & 1u;
		cal->prefix[r + 1] = cal->per_week;
	}
	return rebuild(cal);
}

unsigned pmo_calendar_weekdays(const pmo_calendar *cal)
{
	return cal->mask;
}

static int range_cmp(const void *a, const void *b)
{
	const pmo_calendar_range *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from;
}

static int in_ranges(const pmo_calendar_range *r, size_t n, pmo_date d)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (r[i].from <= d && d <= r[i].until)
			return 1;
	return 0;
}

static int append_range(pmo_calendar_range **v, size_t *n, size_t *cap,
			pmo_date from, pmo_date until, const char *name)
{
	pmo_calendar_range *r;
	char *copy = NULL;

	if (name && !(copy = strdup(name)))
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		r = realloc(*v, nc * sizeof(*r));
		if (!r) {
			free(copy);
			return pmo_error_set(PMO_ENOMEM, "out of memory");
		}
		*v = r;
		*cap = nc;
	}
	(*v)[*n].from = from;
	(*v)[*n].until = until;
	(*v)[*n].name = copy;
	(*n)++;
	qsort(*v, *n, sizeof(**v), range_cmp);
	return 0;
}

int pmo_calendar_add_holiday(pmo_calendar *cal, pmo_date from, pmo_date until,
			     const char *name)
{
	size_t i;
	char buf[11];

	if (until < from)
		return pmo_error_set(PMO_EINVALID, "holiday ends (%s) before it starts",
				     pmo_date_format(buf, until));
	if (until - from > 3660)
		return pmo_error_set(PMO_EINVALID, "holiday longer than ten years");
	for (i = 0; i < cal->nwork; i++)
		if (from <= cal->work[i].from && cal->work[i].from <= until)
			return pmo_error_set(PMO_EINVALID,
					     "%s is both a holiday and an extra workday",
					     pmo_date_format(buf, cal->work[i].from));
	if (append_range(&cal->hol, &cal->nhol, &cal->caphol, from, until, name) < 0)
		return PMO_ENOMEM;
	return rebuild(cal);
}

int pmo_calendar_add_workday(pmo_calendar *cal, pmo_date day, const char *name)
{
	char buf[11];

	if (in_ranges(cal->hol, cal->nhol, day))
		return pmo_error_set(PMO_EINVALID, "%s is both a holiday and an extra workday",
				     pmo_date_format(buf, day));
	if (append_range(&cal->work, &cal->nwork, &cal->capwork, day, day, name) < 0)
		return PMO_ENOMEM;
	return rebuild(cal);
}

const pmo_calendar_range *pmo_calendar_holidays(const pmo_calendar *cal, size_t *n)
{
	*n = cal->nhol;
	return cal->hol;
}

const pmo_calendar_range *pmo_calendar_workdays(const pmo_calendar *cal, size_t *n)
{
	*n = cal->nwork;
	return cal->work;
}

int pmo_calendar_is_workday(const pmo_calendar *cal, pmo_date d)
{
	if (weekday_works(cal->mask, d))
		return !in_sorted(cal->removed, cal->nremoved, d);
	return in_sorted(cal->added, cal->nadded, d);
}

static long floordiv(long a, long b)
{
	long q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

long pmo_calendar_index(const pmo_calendar *cal, pmo_date d)
{
	long t = d - EPOCH, w = floordiv(t, 7), r = t - 7 * w;
	long i = w * cal->per_week + cal->prefix[r];
	i -= (long)count_below(cal->removed, cal->nremoved, d);
	i += (long)count_below(cal->added, cal->nadded, d);
	return i;
}

pmo_date pmo_calendar_day(const pmo_calendar *cal, long i)
{
	/* smallest d with index(d) > i, minus one */
	pmo_date guess = EPOCH + floordiv(i, cal->per_week) * 7;
	long span = 14 + 7 * ((long)(cal->nremoved + cal->nadded) / cal->per_week + 1);
	pmo_date lo = guess - span, hi = guess + span;

	while (pmo_calendar_index(cal, lo) > i)
		lo -= span *= 2;
	while (pmo_calendar_index(cal, hi) <= i)
		hi += span *= 2;
	/* invariant: index(lo) <= i < index(hi) */
	while (hi - lo > 1) {
		pmo_date mid = lo + (hi - lo) / 2;
		if (pmo_calendar_index(cal, mid) > i)
			hi = mid;
		else
			lo = mid;
	}
	return hi - 1;
}

pmo_date pmo_calendar_add(const pmo_calendar *cal, pmo_date day, long n)
{
	return pmo_calendar_day(cal, pmo_calendar_index(cal, day) + n);
}

long pmo_calendar_count(const pmo_calendar *cal, pmo_date from, pmo_date until)
{
	if (until < from)
		return 0;
	return pmo_calendar_index(cal, until + 1) - pmo_calendar_index(cal, from);
}

/* ------------------------------------------------------------------ YAML */

static int err_at(const char *path, const pmo_node *n, const char *fmt, const char *arg)
{
	return pmo_error_set_at(PMO_EINVALID, path, n ? n->line : 0, n ? n->col : 0,
				fmt, arg);
}

static int node_date(pmo_date *out, const pmo_node *n, const char *path, const char *what)
{
	const char *s = pmo_node_text(n);
	if (!s || pmo_date_parse(out, s, strlen(s)) < 0)
		return err_at(path, n, "%s must be a date YYYY-MM-DD", what);
	return 0;
}

static int parse_weekdays(unsigned *out, const pmo_node *seq, const char *path)
{
	static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	static const char *const full[] = { "monday", "tuesday", "wednesday", "thursday",
					    "friday", "saturday", "sunday" };
	unsigned mask = 0;
	size_t i;
	int j;

	if (seq->kind != PMO_NODE_SEQ)
		return err_at(path, seq, "%s must be a list of weekdays (mon … sun)", "weekdays");
	for (i = 0; i < seq->n; i++) {
		const char *s = pmo_node_text(seq->items[i]);
		for (j = 0; s && j < 7; j++)
			if (!strcasecmp(s, names[j]) || !strcasecmp(s, full[j]))
				break;
		if (!s || j == 7)
			return err_at(path, seq->items[i],
				      "unknown weekday \"%s\" (mon, tue, wed, thu, fri, sat, sun)",
				      s ? s : "");
		mask |= 1u << j;
	}
	if (!mask)
		return err_at(path, seq, "%s: a calendar needs at least one working weekday",
			      "weekdays");
	*out = mask;
	return 0;
}

/* One item of holidays or workdays: a date, or {date, until, name}. */
static int parse_day_item(pmo_date *from, pmo_date *until, const char **name,
			  const pmo_node *item, const char *path, int ranges)
{
	const pmo_node *d, *u, *nm;
	int error;

	*name = NULL;
	if (item->kind == PMO_NODE_SCALAR) {
		if ((error = node_date(from, item, path, "a calendar day")) < 0)
			return error;
		*until = *from;
		return 0;
	}
	if (item->kind != PMO_NODE_MAP || !(d = pmo_map_get(item, "date")))
		return err_at(path, item, "%s must be a date or {date, until, name}",
			      ranges ? "a holiday" : "a workday");
	if ((error = node_date(from, d, path, "date")) < 0)
		return error;
	*until = *from;
	if ((u = pmo_map_get(item, "until"))) {
		if (!ranges)
			return err_at(path, u, "%s: an extra workday is a single day", "until");
		if ((error = node_date(until, u, path, "until")) < 0)
			return error;
		if (*until < *from)
			return err_at(path, u, "%s: the holiday ends before it starts", "until");
	}
	if ((nm = pmo_map_get(item, "name")))
		*name = pmo_node_text(nm);
	return 0;
}

static const pmo_node *pick(const pmo_node *base, const pmo_node *over, const char *key,
			    const char *base_path, const char *over_path, const char **path)
{
	const pmo_node *n;
	if (over && (n = pmo_map_get(over, key))) {
		*path = over_path;
		return n;
	}
	*path = base_path;
	return base ? pmo_map_get(base, key) : NULL;
}

/* One layer's workdays and holidays, checked against each other. */
static int load_days(pmo_calendar *cal, const pmo_node *m, const char *path)
{
	const pmo_node *n;
	size_t i;
	int error = 0;

	if ((n = pmo_map_get(m, "workdays")) && !(n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL)) {
		if (n->kind != PMO_NODE_SEQ)
			return err_at(path, n, "%s must be a list of dates", "workdays");
		for (i = 0; i < n->n; i++) {
			pmo_date from, until;
			const char *name;
			if ((error = parse_day_item(&from, &until, &name, n->items[i], path, 0)) < 0)
				return error;
			if ((error = pmo_calendar_add_workday(cal, from, name)) < 0) {
				if (error == PMO_EINVALID) {
					char *msg = strdup(pmo_error_last()->message);
					err_at(path, n->items[i], "%s", msg ? msg : "invalid workday");
					free(msg);
				}
				return error;
			}
		}
	}
	if ((n = pmo_map_get(m, "holidays")) && !(n->kind == PMO_NODE_SCALAR && n->tag == PMO_TAG_NULL)) {
		if (n->kind != PMO_NODE_SEQ)
			return err_at(path, n, "%s must be a list of dates or ranges", "holidays");
		for (i = 0; i < n->n; i++) {
			pmo_date from, until;
			const char *name;
			if ((error = parse_day_item(&from, &until, &name, n->items[i], path, 1)) < 0)
				return error;
			if ((error = pmo_calendar_add_holiday(cal, from, until, name)) < 0) {
				if (error == PMO_EINVALID) {
					char *msg = strdup(pmo_error_last()->message);
					err_at(path, n->items[i], "%s", msg ? msg : "invalid holiday");
					free(msg);
				}
				return error;
			}
		}
	}
	return 0;
}

/* Put a layer on top of cal: its holidays and workdays are added, and
 * where a day is a holiday in one and a workday in the other, the layer's
 * entry wins (the day is cut out of cal's holiday, or cal's workday
 * dropped). */
static int put_layer(pmo_calendar *cal, const pmo_calendar *top)
{
	size_t i, j;
	int error;

	for (i = 0; i < top->nhol; i++) {
		for (j = 0; j < cal->nwork;)
			if (cal->work[j].from >= top->hol[i].from && cal->work[j].from <= top->hol[i].until) {
				free(cal->work[j].name);
				memmove(&cal->work[j], &cal->work[j + 1], (cal->nwork - j - 1) * sizeof(*cal->work));
				cal->nwork--;
			} else {
				j++;
			}
		if ((error = append_range(&cal->hol, &cal->nhol, &cal->caphol, top->hol[i].from,
					  top->hol[i].until, top->hol[i].name)) < 0)
			return error;
	}
	for (i = 0; i < top->nwork; i++) {
		pmo_date d = top->work[i].from;
		for (j = 0; j < cal->nhol; j++) {
			pmo_calendar_range *h = &cal->hol[j];
			if (d < h->from || d > h->until)
				continue;
			if (h->from == h->until) {
				free(h->name);
				memmove(h, h + 1, (cal->nhol - j - 1) * sizeof(*h));
				cal->nhol--;
				j--;
			} else if (d == h->from) {
				h->from++;
			} else if (d == h->until) {
				h->until--;
			} else {
				pmo_date until = h->until;
				h->until = d - 1;
				if ((error = append_range(&cal->hol, &cal->nhol, &cal->caphol, d + 1, until,
							  cal->hol[j].name)) < 0)
					return error;
			}
		}
		if (!in_ranges(cal->work, cal->nwork, d) &&
		    (error = append_range(&cal->work, &cal->nwork, &cal->capwork, d, d, top->work[i].name)) < 0)
			return error;
	}
	qsort(cal->hol, cal->nhol, sizeof(*cal->hol), range_cmp);
	return rebuild(cal);
}

int pmo_calendar_from_yaml(pmo_calendar **out, const pmo_node *base, const char *base_path,
			   const pmo_node *over, const char *over_path)
{
	pmo_calendar *cal = NULL, *top = NULL;
	const pmo_node *n;
	const char *path;
	unsigned mask = 0x1f;
	int error;

	if (base && base->kind != PMO_NODE_MAP && !(base->kind == PMO_NODE_SCALAR &&
						    base->tag == PMO_TAG_NULL))
		return err_at(base_path, base, "%s must be a mapping", "calendar");
	if (over && over->kind != PMO_NODE_MAP && !(over->kind == PMO_NODE_SCALAR &&
						    over->tag == PMO_TAG_NULL))
		return err_at(over_path, over, "%s must be a mapping", "calendar");
	if (base && base->kind != PMO_NODE_MAP)
		base = NULL;
	if (over && over->kind != PMO_NODE_MAP)
		over = NULL;
	if ((error = pmo_calendar_new(&cal)) < 0)
		goto done;
	/* weekdays: the project's replace the portfolio's */
	if ((n = pick(base, over, "weekdays", base_path, over_path, &path))) {
		if ((error = parse_weekdays(&mask, n, path)) < 0 ||
		    (error = pmo_calendar_set_weekdays(cal, mask)) < 0)
			goto done;
	}
	/* holidays and workdays: the project's add to the portfolio's */
	if (base && (error = load_days(cal, base, base_path)) < 0)
		goto done;
	if (over) {
		if ((error = pmo_calendar_new(&top)) < 0 ||
		    (error = pmo_calendar_set_weekdays(top, mask)) < 0 ||
		    (error = load_days(top, over, over_path)) < 0 ||
		    (error = put_layer(cal, top)) < 0)
			goto done;
	}
	*out = cal;
	cal = NULL;
done:
	pmo_calendar_free(top);
	pmo_calendar_free(cal);
	return error;
}
