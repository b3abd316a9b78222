#include "pmo.h"
int pmo_cmd_man(pmo_ctx *ctx, int argc, char **argv) { (void)ctx; (void)argc; (void)argv; return 0; }
