/*
 * pmo schemas: the JSON Schemas in effect, for editors and other
 * validators: those compiled into pmo and, in a pmo tree, its own kinds
 * (schemas/<kind>.json) and the fields pmo.yaml adds to a built-in kind.
 * `pmo schemas` lists them; `pmo schemas --write DIR` writes each as
 * DIR/<name>.json (they refer to each other by relative name, so they stay
 * together), e.g. into .pmo/schemas/ for the YAML language server.
 */
#include "pmo.h"
#include "model/embedded.h"
#include "util/fs.h"

#include <stdlib.h>
#include <string.h>

static const char schemas_usage[] =
	"usage: pmo schemas [--write DIR] [--format text|json]\n"
	"\nList the JSON Schemas (draft-07) in effect, or write them into DIR for\n"
	"editors (see docs/validate.md: the YAML language server): the built-in ones\n"
	"and, in a pmo tree, its own kinds (schemas/<kind>.json) and pmo.yaml's fields.\n";

int cmd_schemas(pmo_ctx *ctx, int argc, char **argv)
{
	const char *dir = NULL, *format = NULL;
	const pmo_opt opts[] = {
		OPT_STRING('w', "write", &dir, "DIR", "write every schema as DIR/<name>.json (DIR is created)"),
		OPT_STRING('f', "format", &format, "FORMAT", "text (default): one name (or file written) a line; json"),
		OPT_END(),
	};
	const pmo_embedded_schema *e;
	pmo_schema *schema;
	const char *name;
	pmo_buf out = PMO_BUF_INIT, text = PMO_BUF_INIT;
	int nargs = argc - 1, json, code = 0, changed;
	size_t k = 0, i;

	if ((code = pmo_parse(ctx, &nargs, argv + 1, opts, schemas_usage)) != PMO_GO)
		return code;
	if (nargs)
		return pmo_die(2, "unexpected \"%s\"; see 'pmo schemas -h'", argv[1]);
	if ((code = pmo_format(&format, ctx, format, "text,json", "text")))
		return code;
	json = !strcmp(format, "json");
	if ((code = pmo_tree_kinds(ctx)))
		return code;
	if (dir && pmo_fs_mkdirs(dir) < 0)
		return pmo_fail();
	if (json)
		pmo_buf_puts(&out, "{\n  \"version\": 1,\n  \"schemas\": [");
	for (i = 0; (schema = pmo_model_schema_at(ctx->model, i, &name, &changed)); i++) {
		/* the embedded text as it is; a changed schema from its tree */
		pmo_buf_clear(&text);
		for (e = pmo_embedded_schemas; !changed && e->name && strcmp(e->name, name); e++)
			;
		if (!changed && e->name)
			pmo_buf_put(&text, e->text, e->len);
		else if (pmo_json_node(&text, pmo_schema_root(schema), 2, 0) < 0 ||
			 pmo_buf_putc(&text, '\n') < 0) {
			code = pmo_fail();
			break;
		}
		if (dir) {
			char *file = NULL, *path;
			pmo_buf fname = PMO_BUF_INIT;

			pmo_buf_printf(&fname, "%s.json", name);
			file = pmo_buf_detach(&fname);
			path = file ? pmo_path_join(dir, file) : NULL;
			if (!path) {
				free(file);
				code = pmo_die(1, "out of memory");
				break;
			}
			if (pmo_fs_write_atomic(path, text.ptr, text.len) < 0)
				code = pmo_fail();
			else if (json) {
				pmo_buf_puts(&out, k++ ? ",\n    " : "\n    ");
				pmo_json_string(&out, path, strlen(path));
			} else
				pmo_buf_printf(&out, "%s\n", path);
			free(path);
			free(file);
		} else if (json) {
			pmo_buf_printf(&out, "%s\"%s.json\"", k++ ? ",\n    " : "\n    ", name);
		} else {
			pmo_buf_printf(&out, "%s.json\n", name);
		}
	}
	if (json)
		pmo_buf_puts(&out, k ? "\n  ]\n}\n" : "]\n}\n");
	if (pmo_emit(&out))
		code = 1;
	pmo_buf_free(&out);
	pmo_buf_free(&text);
	return code;
}
