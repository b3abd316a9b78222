#ifndef PMO_CHECK_INTERNAL_H
#define PMO_CHECK_INTERNAL_H
/* Private to lib/check. */
#include "check/check.h"

typedef struct {
	const char *name;   /* file name in projects/<KEY>/ */
	const char *schema; /* embedded schema's short name */
	size_t max_bytes;   /* the largest the file may be */
} pmo_project_file;

extern const pmo_project_file pmo_check__project_files[];

/* Name ends in .yaml or .yml. */
int pmo_check__is_yaml_name(const char *name);
/* path is at or under one of opts->paths (always when there are none). */
int pmo_check__under(const char *path, const pmo_check_options *opts);
/* Every YAML file in the pmo folders (pmo.yaml, people/, projects/ …),
 * sorted; NULL-terminated. */
int pmo_check__walk(char ***out, pmo_source *src, const pmo_model *model);

#endif
