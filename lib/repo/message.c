/*
 * Commit subjects cut to 72 columns (see message.h). Every commit pmo makes
 * goes through pmo_message_fit, whatever command built its message, so no
 * command can write an over-long subject.
 */
#include "repo/message.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

int pmo_message_fit(char **out, const char *message)
{
	pmo_buf b = PMO_BUF_INIT;
	const char *nl = strchr(message, '\n');
	size_t len = nl ? (size_t)(nl - message) : strlen(message);
	size_t keep;

	if (pmo_utf8_width(message, len) <= PMO_SUBJECT_COLS) {
		pmo_buf_puts(&b, message);
	} else {
		/* "…" is one column: the cut part gets the other 71 */
		keep = pmo_utf8_prefix(message, len, PMO_SUBJECT_COLS - 1, NULL);
		while (keep && (message[keep - 1] == ' ' || message[keep - 1] == '\t'))
			keep--;
		pmo_buf_put(&b, message, keep);
		pmo_buf_puts(&b, "…\n\n");
		/* the rest starts with the subject's own line end */
		pmo_buf_puts(&b, message);
		if (!nl)
			pmo_buf_putc(&b, '\n');
	}
	if (pmo_buf_oom(&b) < 0) {
		pmo_buf_free(&b);
		return pmo_error_set(PMO_ENOMEM, "out of memory");
	}
	*out = pmo_buf_detach(&b);
	return 0;
}
