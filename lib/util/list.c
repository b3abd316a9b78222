#include "util/list.h"

#include <string.h>

const char *pmo_list_sep(const char *s, size_t *len)
{
	/* U+FF0C is EF BC 8C in UTF-8 */
	for (; *s; s++) {
		if (*s == ',') {
			*len = 1;
			return s;
		}
		if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
		    (unsigned char)s[2] == 0x8C) {
			*len = 3;
			return s;
		}
	}
	return NULL;
}
