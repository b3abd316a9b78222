#ifndef PMO_RENDER_XLSXLIB_H
#define PMO_RENDER_XLSXLIB_H
/*
 * libxlsxwriter, loaded (dlopen) the first time a workbook is written
 * rather than linked: it brings OpenSSL's libcrypto and minizip, whose
 * loading and thousands of symbol relocations every pmo command would
 * otherwise pay at start-up for the one that exports xlsx. Its header is
 * still the build's (the table's types are its functions'), so a change
 * of the library's interface is a compile error, not a crash.
 *
 * Only lib/render/xlsx.c uses it.
 */
#include <xlsxwriter.h>

/* The functions of libxlsxwriter pmo calls, by their own names. */
typedef struct pmo_xlsxlib {
	__typeof__(workbook_new_opt) *workbook_new_opt;
	__typeof__(workbook_add_format) *workbook_add_format;
	__typeof__(workbook_add_worksheet) *workbook_add_worksheet;
	__typeof__(workbook_set_properties) *workbook_set_properties;
	__typeof__(workbook_validate_sheet_name) *workbook_validate_sheet_name;
	__typeof__(workbook_close) *workbook_close;
	__typeof__(lxw_workbook_free) *lxw_workbook_free;
	__typeof__(format_set_num_format) *format_set_num_format;
	__typeof__(format_set_bold) *format_set_bold;
	__typeof__(worksheet_freeze_panes) *worksheet_freeze_panes;
	__typeof__(worksheet_set_column) *worksheet_set_column;
	__typeof__(worksheet_autofilter) *worksheet_autofilter;
	__typeof__(worksheet_write_string) *worksheet_write_string;
	__typeof__(worksheet_write_number) *worksheet_write_number;
	__typeof__(worksheet_write_datetime) *worksheet_write_datetime;
	__typeof__(worksheet_write_boolean) *worksheet_write_boolean;
	__typeof__(lxw_strerror) *lxw_strerror;
} pmo_xlsxlib;

/* The library the build was made for: the soname of Debian's
 * libxlsxwriter4 (its pkg-config version, 4). */
#define PMO_XLSXLIB_SONAME "libxlsxwriter.so.4"

/* The functions of the library soname (NULL: PMO_XLSXLIB_SONAME), loaded
 * once and kept for the life of the process. PMO_ERROR naming the
 * packages to install when it cannot be loaded or lacks a function. */
int pmo_xlsxlib_load(const pmo_xlsxlib **out, const char *soname);

#endif
