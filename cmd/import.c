/*
 * pmo import --format FORMAT FILE: records or a plan from a file other
 * tools write, in one commit. Each format is its own file (import_csv.c,
 * import_mspdi.c); this one parses the options and picks the format.
 */
#include "import_internal.h"

#include <string.h>

static int cmd_import_run(pmo_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *kind = NULL;
	int replace = 0, code;
	const pmo_opt opts[] = {
		OPT_STRING('f', "format", &format, "FORMAT", "csv (records of one kind, a header row of field names) or mspdi (a plan, Microsoft Project XML)"),
		OPT_STRING(0, "kind", &kind, "KIND", "csv: the records' kind (default: from the file's name, risks.csv → risk)"),
		OPT_BOOL(0, "replace", &replace, "mspdi: replace a plan that already has tasks"),
		OPT_END(),
	};

	if ((code = pmo_parse(ctx, &argc, argv, opts, NULL)) != PMO_GO)
		return code;
	if (!format && !ctx->format)
		return pmo_die(2, "import needs --format csv or mspdi");
	if ((code = pmo_format(&format, ctx, format, "csv,mspdi", "csv")))
		return code;
	if (kind && strcmp(format, "csv"))
		return pmo_die(2, "--kind is for --format csv, not %s", format);
	if (replace && strcmp(format, "mspdi"))
		return pmo_die(2, "--replace is for --format mspdi, not %s", format);
	if (argc != 1)
		return pmo_die(2, argc ? "import takes one file, not \"%s\"" : "import needs the file to read (- for standard input)",
			       argc ? argv[1] : "");
	if (!strcmp(format, "mspdi"))
		return pmo_import_mspdi_run(ctx, argv[0], replace);
	return pmo_import_csv_run(ctx, argv[0], kind);
}

static void import_help(FILE *f)
{
	fputs("\nCSV: the first row names fields of the kind (as field=value does in\n"
	      "'pmo <kind> add'), each row after it is one new record; RFC 4180 quoting\n"
	      "(\"a, b\", \"\" for a quote, line breaks inside quotes), CRLF or LF, a UTF-8\n"
	      "byte order mark dropped. Every row is checked first; any bad row: exit 1,\n"
	      "every problem named at file:line:col, nothing written. Else one commit.\n"
	      "\nMSPDI: Microsoft Project XML (File > Save As > XML) becomes the project's\n"
	      "plan.yaml: tasks, WBS, links with lags, constraints, progress, assignments of\n"
	      "people. The whole file is checked first; a plan with tasks is replaced only\n"
	      "with --replace. See docs/import.md and docs/export.md.\n", f);
}

static const pmo_verb import_verb = {
	"import", cmd_import_run, "usage: pmo [-p KEY] import --format csv [--kind KIND] FILE\n"
	"       pmo [-p KEY] import --format mspdi [--replace] FILE\n",
	"records or a plan from a file in one commit: csv (a row per record, any kind), mspdi (Microsoft Project XML)",
	import_help,
};

const pmo_family pmo_import_command = { "import", NULL, &import_verb, 1, 1, NULL, NULL };
