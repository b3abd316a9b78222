/*
 * plan-bench: load a plan.yaml (and the calendar of a pmo.yaml), schedule
 * it, and optionally export it for tj3 -- what `pmo schedule` and
 * `pmo export --format tjp` will do, for bench/schedule.sh until then.
 *
 *   plan-bench [-c pmo.yaml] [-s START] [-t out.tjp] [-q] plan.yaml
 *
 * Prints the project finish and the time of each phase on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plan/plan.h"
#include "util/error.h"
#include "util/fs.h"
#include "yaml/yaml.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int fail(void)
{
	const pmo_error *e = pmo_error_last();
	char *msg = e ? pmo_error_format(e) : NULL;
	fprintf(stderr, "plan-bench: error: %s\n", msg ? msg : "failed");
	free(msg);
	return 1;
}

int main(int argc, char **argv)
{
	const char *calpath = NULL, *tjp = NULL, *start = "2026-01-05";
	pmo_yaml_limits lim = { (size_t)1 << 31, PMO_YAML_MAX_DEPTH, 0 };
	pmo_doc *doc = NULL, *caldoc = NULL;
	pmo_plan *plan = NULL;
	pmo_calendar *cal = NULL;
	pmo_schedule *s = NULL;
	pmo_findings f;
	pmo_schedule_options o;
	double t0, t1, t2, t3;
	int c, quiet = 0, rc = 1, direct = 0;
	char buf[11];

	while ((c = getopt(argc, argv, "c:s:t:q")) != -1) {
		switch (c) {
		case 'c': calpath = optarg; break;
		case 's': start = optarg; break;
		case 't': tjp = optarg; break;
		case 'q': quiet = 1; break;
		default:
			fprintf(stderr, "usage: plan-bench [-c pmo.yaml] [-s START] [-t out.tjp] [-q] plan.yaml\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: plan-bench [-c pmo.yaml] [-s START] [-t out.tjp] [-q] plan.yaml\n");
		return 2;
	}
	pmo_findings_init(&f);
	o.as_of = PMO_NODATE;
	if (pmo_date_parse(&o.start, start, strlen(start)) < 0) {
		fprintf(stderr, "plan-bench: error: bad start date \"%s\"\n", start);
		return 2;
	}
	t0 = now_ms();
	if (calpath) {
		if (pmo_yaml_load_file(&caldoc, calpath, NULL) < 0 ||
		    pmo_calendar_from_yaml(&cal, pmo_map_get(pmo_doc_root(caldoc), "calendar"),
					   calpath, NULL, NULL) < 0) {
			rc = fail();
			goto done;
		}
	} else if (pmo_calendar_new(&cal) < 0) {
		rc = fail();
		goto done;
	}
	/* as pmo schedule reads it: straight into the plan, or through the
	 * tree when pmo_plan_read declines it or finds something */
	{
		pmo_buf text = PMO_BUF_INIT;
		int r = pmo_fs_read(&text, argv[optind], PMO_PLAN_MAX_BYTES);
		if (r == 0)
			r = pmo_plan_read(&plan, text.ptr ? text.ptr : "", text.len, argv[optind], &f);
		pmo_buf_free(&text);
		if (r < 0) {
			rc = fail();
			goto done;
		}
		if (r == 0 && f.n) {
			pmo_plan_free(plan);
			plan = NULL;
			pmo_findings_free(&f);
			pmo_findings_init(&f);
		}
		direct = plan != NULL;
	}
	if (!plan && (pmo_yaml_load_file(&doc, argv[optind], &lim) < 0 ||
		      pmo_plan_from_yaml(&plan, pmo_doc_root(doc), argv[optind], &f) < 0)) {
		rc = fail();
		goto done;
	}
	t1 = now_ms();
	if (pmo_schedule_compute(&s, plan, cal, &o, &f) < 0) {
		rc = fail();
		goto done;
	}
	t2 = now_ms();
	if (tjp) {
		pmo_buf b = PMO_BUF_INIT;
		pmo_tjp_options to = { "bench", s->finish + 400, "dates", 0 };
		FILE *fp;
		if (pmo_tjp_render(&b, plan, cal, o.start, &to, NULL) < 0 || !(fp = fopen(tjp, "w"))) {
			pmo_buf_free(&b);
			rc = fail();
			goto done;
		}
		fwrite(b.ptr, 1, b.len, fp);
		if (fclose(fp)) {
			pmo_buf_free(&b);
			rc = fail();
			goto done;
		}
		pmo_buf_free(&b);
	}
	t3 = now_ms();
	if (!quiet)
		fprintf(stderr,
			"%zu tasks, %zu findings, finish %s, %zu critical; %s %.1f ms, schedule %.1f ms, tjp %.1f ms\n",
			plan->n, f.n, pmo_date_format(buf, s->finish), s->ncritical,
			direct ? "read (no tree)" : "load (tree)", t1 - t0, t2 - t1,
			t3 - t2);
	rc = 0;
done:
	pmo_schedule_free(s);
	pmo_plan_free(plan);
	pmo_calendar_free(cal);
	pmo_doc_free(doc);
	pmo_doc_free(caldoc);
	pmo_findings_free(&f);
	return rc;
}
