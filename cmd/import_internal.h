#ifndef PMO_CMD_IMPORT_INTERNAL_H
#define PMO_CMD_IMPORT_INTERNAL_H
/* The formats of pmo import (import.c dispatches on --format): each reads
 * FILE ("-": standard input, where the format allows it) and writes what
 * it holds in one commit. */
#include "pmo.h"

/* CSV rows as records of one kind; kind is --kind or NULL (from the name). */
int pmo_import_csv_run(pmo_ctx *ctx, const char *file, const char *kind);
/* Microsoft Project XML as the project's plan.yaml (replace: --replace). */
int pmo_import_mspdi_run(pmo_ctx *ctx, const char *file, int replace);

#endif
