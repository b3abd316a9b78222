/*
 * pmo schemas: the JSON Schemas compiled into pmo, for editors and other
 * validators. `pmo schemas` lists them; `pmo schemas --write DIR` writes
 * each as DIR/<name>.json (they refer to each other by relative name, so
 * they stay together), e.g. into .pmo/schemas/ for the YAML language server.
 */
#include "pmo.h"
#include "model/embedded.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

static const char schemas_usage[] =
	"usage: pmo schemas [--write DIR] [--format text|json]\n"
	"\nList the JSON Schemas (draft-07) built into pmo, or write them into DIR\n"
	"for editors (see docs/validate.md: the YAML language server).\n";

int cmd_schemas(pmo_ctx *ctx, int argc, char **argv)
{
	const char *dir = NULL, *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('w', "write", &dir, "DIR", "write every schema as DIR/<name>.json (DIR is created)"),
		OPT_STRING('f', "format", &format, "FORMAT", "text (default): one name (or file written) a line; json"),
		OPT_END(),
	};
	const pmo_embedded_schema *e;
	pmo_buf out = PMO_BUF_INIT;
	int nargs = argc - 1, json, code = 0;
	size_t k = 0;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, schemas_usage)) != PMO_GO)
		return code;
	if (nargs)
		return pmo_die(2, "unexpected \"%s\"; see 'pmo schemas -h'", argv[1]);
	if ((code = pmo_format(&format, ctx, format, "text,json", "text")))
		return code;
	json = !strcmp(format, "json");
	if (json)
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  \"schemas\": [");
	if (dir && pmo_fs_mkdirs(dir) < 0)
		return pmo_fail();
	for (e = pmo_embedded_schemas; e->name; e++) {
		if (dir) {
			char *file = NULL, *path;
			pmo_buf name = PMO_BUF_INIT;

			pmo_buf_printf(&name, "%s.json", e->name);
			file = pmo_buf_detach(&name);
			path = file ? pmo_path_join(dir, file) : NULL;
			if (!path) {
				free(file);
				return pmo_die(1, "out of memory");
			}
			if (pmo_fs_write_atomic(path, e->text, e->len) < 0)
				code = pmo_fail();
			else if (json) {
				pmo_buf_puts(&out, k++ ? ",\n    " : "\n    ");
				pmo_json_string(&out, path, strlen(path));
			} else
				pmo_buf_printf(&out, "%s\n", path);
			free(path);
			free(file);
		} else if (json) {
			pmo_buf_printf(&out, "%s\"%s.json\"", k++ ? ",\n    " : "\n    ", e->name);
		} else {
			pmo_buf_printf(&out, "%s.json\n", e->name);
		}
	}
	if (json)
		pmo_buf_puts(&out, k ? "\n  ]\n}\n" : "]\n}\n");
	if (pmo_emit(&out))
		code = 1;
	pmo_buf_free(&out);
	return code;
}
