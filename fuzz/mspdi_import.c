/*
 * libFuzzer target: the input as a Microsoft Project XML file, through
 * lib/util's XML reader and pmo_mspdi_import (every resource taken for a
 * person, so assignments are read too). Any bytes give a plan.yaml text
 * or an error, never a crash; the text, when there is one, must load back
 * as YAML with pmo's reader and as a plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include "plan/mspdi.h"
#include "plan/plan.h"
#include "util/error.h"
#include "yaml/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int anyone(void *ctx, const char *name)
{
	(void)ctx;
	return name[0] != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pmo_buf out = PMO_BUF_INIT;
	pmo_mspdi_info info;

	if (pmo_mspdi_import(&out, &info, "plan.xml", (const char *)data, size, anyone, NULL) == 0) {
		pmo_doc *doc = NULL;
		pmo_plan *plan = NULL;
		pmo_findings f;
		pmo_findings_init(&f);
		if (pmo_yaml_load(&doc, "plan.yaml", out.ptr, out.len, NULL) != 0 ||
		    pmo_plan_from_yaml(&plan, pmo_doc_root(doc), "plan.yaml", &f) != 0)
			abort(); /* the import wrote what pmo cannot read back */
		pmo_plan_free(plan);
		pmo_findings_free(&f);
		pmo_doc_free(doc);
	}
	pmo_buf_free(&out);
	pmo_error_clear();
	return 0;
}
