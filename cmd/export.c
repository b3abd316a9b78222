/*
 * pmo export --format tjp [--report NAME]: the plan as a TaskJuggler 3
 * project (lib/plan/tjp.c) on standard output.
 */
#include "plan_internal.h"

#include <string.h>

/* --- export ---------------------------------------------------------------------------------- */

static int cmd_export_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *report = NULL;
	int force = 0;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "tjp (a TaskJuggler 3 project)"),
		OPT_STRING(0, "report", &report, "NAME", "add a CSV task report NAME.csv (id, start, end) to the project"),
		PLAN_FORCE_OPT(&force),
		OPT_END(),
	};
	planctx p;
	pmo_buf out = PMO_BUF_INIT;
	pmo_tjp_options o;
	size_t skipped = 0;
	int code;

	memset(&p, 0, sizeof(p));
	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (argc)
		return pmo_die(2, "export takes no arguments, not \"%s\"", argv[0]);
	if (!format && !ctx->format)
		return pmo_die(2, "export needs --format tjp");
	if ((code = pmo_format(&format, ctx, format, "tjp", "tjp")) || (code = plan_read(&p, ctx, force)))
		goto done;
	memset(&o, 0, sizeof(o));
	o.name = p.key;
	o.end = PMO_NODATE;
	o.report = report;
	o.forced = p.forced;
	if (pmo_tjp_render(&out, p.plan, p.cal, p.start, &o, &skipped) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (skipped)
		pmo_warn("%zu dependenc%s cannot be expressed in TaskJuggler and %s written as comments",
			 skipped, skipped == 1 ? "y" : "ies", skipped == 1 ? "is" : "are");
	code = pmo_emit(&out);
done:
	pmo_buf_free(&out);
	planctx_free(&p);
	return code;
}

static const pmo_verb export_verb = {
	"export", cmd_export_run, "usage: pmo [-p KEY] export --format tjp [--report NAME]\n",
	"the plan as a TaskJuggler 3 project on standard output",
	NULL,
};

const pmo_family pmo_export_command = { "export", NULL, &export_verb, 1, 1, NULL, NULL };
