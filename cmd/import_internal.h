#ifndef PMO_CMD_IMPORT_INTERNAL_H
#define PMO_CMD_IMPORT_INTERNAL_H
/* The formats of pmo import (import.c dispatches on --format): each reads
 * FILE and writes its records in one commit; kind is --kind or NULL. */
#include "pmo.h"

int pmo_import_csv_run(pmo_ctx *ctx, const char *file, const char *kind);

#endif
