/*
 * libFuzzer target: the input as projects/X/plan.yaml, loaded with
 * pmo_plan_from_yaml and scheduled with pmo_schedule_compute on a fixed
 * calendar (Monday to Friday, a holiday week, one extra workday) from a
 * fixed start, once for the plan alone and once with an as-of date.
 */
#include <stdio.h>
#include <stdlib.h>
#include "plan/plan.h"
#include "util/date.h"
#include "util/error.h"
#include "yaml/yaml.h"

static pmo_calendar *cal;
static pmo_date start, as_of;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pmo_date day(const char *s)
{
	pmo_date d;
	if (pmo_date_parse(&d, s, 10) != 0)
		abort();
	return d;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (pmo_calendar_new(&cal) != 0 ||
	    pmo_calendar_add_holiday(cal, day("2027-02-08"), day("2027-02-14"), "春节") != 0 ||
	    pmo_calendar_add_workday(cal, day("2027-02-20"), NULL) != 0)
		abort();
	start = day("2027-01-04");
	as_of = day("2027-03-01");
	return 0;
}

static void schedule(pmo_plan *plan, pmo_date status)
{
	pmo_schedule_options o = { start, status };
	pmo_findings f;
	pmo_schedule *s = NULL;

	pmo_findings_init(&f);
	if (pmo_schedule_compute(&s, plan, cal, &o, &f) == 0 && !s) {
		fprintf(stderr, "plan_load fuzz: success without a schedule\n");
		abort();
	}
	pmo_schedule_free(s);
	pmo_findings_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pmo_yaml_limits lim = { 0, 0, 1 };
	pmo_findings f;
	pmo_plan *plan = NULL;
	pmo_doc *doc = NULL;

	pmo_findings_init(&f);
	if (pmo_yaml_load(&doc, "projects/X/plan.yaml", (const char *)data, size, &lim) != 0)
		goto done;
	if (pmo_plan_from_yaml(&plan, pmo_doc_root(doc), "projects/X/plan.yaml", &f) != 0)
		goto done;
	pmo_plan_check(plan, &f);
	schedule(plan, PMO_NODATE);
	schedule(plan, as_of);
done:
	pmo_plan_free(plan);
	pmo_findings_free(&f);
	pmo_doc_free(doc);
	return 0;
}
