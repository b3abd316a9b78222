/*
 * libxlsxwriter loaded on first use (xlsxlib.h), and the compression of
 * the workbook's parts.
 *
 * libxlsxwriter deflates every part of a workbook at zlib's default level
 * (6) and has no option for it. Of a 20,000-task plan's export, whose
 * sheets are 17 MB of XML, that was a third of the processor time
 * (deflate_slow and longest_match) for a file a quarter smaller than at
 * level 1, which takes a third of the time. So the pmo executable defines
 * minizip's zipOpenNewFileInZip4_64, the one function through which
 * libxlsxwriter opens each part, and exports it (cmd/meson.build,
 * --export-dynamic-symbol): the dynamic linker binds libxlsxwriter's call
 * to it, and it calls minizip's own with level 1 where the default was
 * asked. Every zip reader reads any level; the bytes are as deterministic
 * as before. A program that does not export it (the unit tests), or a
 * libxlsxwriter with minizip built in, keeps the default level: the same
 * workbook, larger and slower.
 */
#include "render/xlsxlib.h"
#include "util/error.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

/* zlib's deflate method, its default level and the level pmo asks. */
#define ZIP_DEFLATED 8
#define ZIP_DEFAULT_LEVEL (-1)
#define ZIP_LEVEL 1
/* minizip's answer to a bad parameter (zip.h ZIP_PARAMERROR) */
#define ZIP_PARAMERROR (-102)

/* minizip's zip.h (libminizip-dev, which pmo does not need): zipFile is a
 * pointer, uInt unsigned, uLong unsigned long. */
typedef int zip_open_fn(void *file, const char *filename, const void *zipfi, const void *extra_local,
			unsigned nlocal, const void *extra_global, unsigned nglobal, const char *comment,
			int method, int level, int raw, int window_bits, int mem_level, int strategy,
			const char *password, unsigned long crc, unsigned long made_by, unsigned long flag_base,
			int zip64);

zip_open_fn zipOpenNewFileInZip4_64;

static zip_open_fn *zip_open;

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi, const void *extra_local,
			    unsigned nlocal, const void *extra_global, unsigned nglobal, const char *comment,
			    int method, int level, int raw, int window_bits, int mem_level, int strategy,
			    const char *password, unsigned long crc, unsigned long made_by, unsigned long flag_base,
			    int zip64)
{
	if (!zip_open)
		return ZIP_PARAMERROR;
	if (method == ZIP_DEFLATED && level == ZIP_DEFAULT_LEVEL)
		level = ZIP_LEVEL;
	return zip_open(file, filename, zipfi, extra_local, nlocal, extra_global, nglobal, comment, method, level,
			raw, window_bits, mem_level, strategy, password, crc, made_by, flag_base, zip64);
}

_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "dlsym's pointers are function pointers");

#define FN(name) { #name, offsetof(pmo_xlsxlib, name) }

static const struct {
	const char *name;
	size_t at;
} fns[] = {
	FN(workbook_new_opt), FN(workbook_add_format), FN(workbook_add_worksheet), FN(workbook_set_properties),
	FN(workbook_validate_sheet_name), FN(workbook_close), FN(lxw_workbook_free), FN(format_set_num_format),
	FN(format_set_bold), FN(worksheet_freeze_panes), FN(worksheet_set_column), FN(worksheet_autofilter),
	FN(worksheet_write_string), FN(worksheet_write_number), FN(worksheet_write_datetime),
	FN(worksheet_write_boolean), FN(lxw_strerror),
};

static int load(pmo_xlsxlib *lib, const char *soname)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL), *p;
	size_t i;

	if (!h)
		return pmo_error_set(PMO_ERROR, "an xlsx workbook needs libxlsxwriter, which cannot be loaded (%s): "
				     "install the package libxlsxwriter4 (Debian, Ubuntu; libxlsxwriter-dev to "
				     "build pmo)", dlerror());
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		if (!(p = dlsym(h, fns[i].name))) {
			dlclose(h);
			return pmo_error_set(PMO_ERROR, "%s has no function %s: pmo needs libxlsxwriter 1.0 or "
					     "later (the package libxlsxwriter4)", soname, fns[i].name);
		}
		memcpy((char *)lib + fns[i].at, &p, sizeof(p));
	}
	/* minizip's, below libxlsxwriter (or in it): the handle's search
	 * skips the executable's definition above */
	if (!zip_open && (p = dlsym(h, "zipOpenNewFileInZip4_64")))
		memcpy(&zip_open, &p, sizeof(p));
	/* the handle stays open: the functions are used until exit */
	return 0;
}

int pmo_xlsxlib_load(const pmo_xlsxlib **out, const char *soname)
{
	static pmo_xlsxlib lib, other;
	static int ready;
	int error;

	if (soname && strcmp(soname, PMO_XLSXLIB_SONAME)) {
		if ((error = load(&other, soname)) < 0)
			return error;
		*out = &other;
		return 0;
	}
	if (!ready) {
		if ((error = load(&lib, PMO_XLSXLIB_SONAME)) < 0)
			return error;
		ready = 1;
	}
	*out = &lib;
	return 0;
}
