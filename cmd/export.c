/*
 * pmo export --format tjp [--report NAME]: the plan as a TaskJuggler 3
 * project (lib/plan/tjp.c) on standard output.
 */
#include "plan_internal.h"

#include <string.h>

/* --- export ---------------------------------------------------------------------------------- */

static const pmo_option export_opts[] = {
	{ "format", 'f', "FORMAT", "tjp (a TaskJuggler 3 project)" },
	{ "report", 0, "NAME", "add a CSV task report NAME.csv (id, start, end) to the project" },
	PLAN_FORCE_OPT,
	{ NULL, 0, NULL, NULL },
};

static int cmd_export_run(pmo_ctx *ctx, int argc, char **argv)
{
	pmo_optval vals[4];
	planctx p;
	pmo_buf out = PMO_BUF_INIT;
	pmo_tjp_options o;
	const char *format;
	size_t skipped = 0;
	int nargs, code;

	memset(&p, 0, sizeof(p));
	pmo_parse_options(argc, argv, export_opts, vals, &nargs, NULL);
	if (nargs)
		return pmo_die(2, "export takes no arguments, not \"%s\"", argv[0]);
	if (!vals[0].value && !ctx->format)
		return pmo_die(2, "export needs --format tjp");
	if ((code = pmo_format(&format, ctx, vals[0].value, "tjp", "tjp")) ||
	    (code = plan_read(&p, ctx, vals[2].value != NULL)))
		goto done;
	memset(&o, 0, sizeof(o));
	o.name = p.key;
	o.end = PMO_NODATE;
	o.report = vals[1].value;
	if (pmo_tjp_render(&out, p.plan, p.cal, p.start, &o, &skipped) < 0) {
		code = pmo_fail();
		goto done;
	}
	if (skipped)
		pmo_warn("%zu dependenc%s cannot be expressed in TaskJuggler and %s written as comments",
			 skipped, skipped == 1 ? "y" : "ies", skipped == 1 ? "is" : "are");
	code = pmo_emit(&out);
done:
	pmo_buf_release(&out);
	planctx_free(&p);
	return code;
}

static const pmo_verb export_verb = {
	"export", cmd_export_run, "usage: pmo [-p KEY] export --format tjp [--report NAME]\n", export_opts,
	"the plan as a TaskJuggler 3 project on standard output",
	NULL,
};

int cmd_export(pmo_ctx *ctx, int argc, char **argv)
{
	return pmo_run_verb(ctx, "export", &export_verb, argc - 1, argv + 1);
}
