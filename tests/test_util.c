/* Tests of lib/util: buffers, UTF-8 widths, dates, files, errors. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"
#include "util/filecache.h"
#include "util/fs.h"
#include "util/ordered.h"
#include "util/utf8.h"

/* --- buf ------------------------------------------------------------------ */

Test(util, buf_starts_empty_and_reads_as_empty_string)
{
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_str_eq(pmo_buf_cstr(&b), "");
	cr_assert_eq(b.len, 0);
	cr_assert_eq(pmo_buf_oom(&b), 0);
	pmo_buf_free(&b);
}

Test(util, buf_appends_and_grows)
{
	pmo_buf b = PMO_BUF_INIT;
	int i;

	cr_assert_eq(pmo_buf_puts(&b, "risk "), 0);
	cr_assert_eq(pmo_buf_putc(&b, 'R'), 0);
	cr_assert_eq(pmo_buf_printf(&b, "-%d %s", 3, "核心"), 0);
	cr_assert_eq(pmo_buf_put(&b, "xyz", 2), 0);
	cr_assert_str_eq(b.ptr, "risk R-3 核心xy");
	for (i = 0; i < 10000; i++)
		pmo_buf_putc(&b, 'a');
	cr_assert_eq(b.len, strlen("risk R-3 核心xy") + 10000);
	cr_assert_eq(b.ptr[b.len], '\0');
	cr_assert_geq(b.cap, b.len + 1);
	pmo_buf_free(&b);
	cr_assert_null(b.ptr);
}

Test(util, buf_pads_truncates_clears)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_puts(&b, "ab");
	pmo_buf_pad(&b, ' ', 3);
	cr_assert_str_eq(b.ptr, "ab   ");
	pmo_buf_truncate(&b, 1);
	cr_assert_str_eq(b.ptr, "a");
	pmo_buf_truncate(&b, 10); /* longer than the string: nothing */
	cr_assert_str_eq(b.ptr, "a");
	pmo_buf_clear(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(pmo_buf_cstr(&b), "");
	pmo_buf_free(&b);
}

Test(util, buf_detach_hands_over_the_string)
{
	pmo_buf b = PMO_BUF_INIT;
	char *s;

	s = pmo_buf_detach(&b);
	cr_assert_not_null(s, "detach of an empty buffer is an empty string");
	cr_assert_str_eq(s, "");
	free(s);
	pmo_buf_puts(&b, "kept");
	s = pmo_buf_detach(&b);
	cr_assert_str_eq(s, "kept");
	cr_assert_null(b.ptr);
	cr_assert_eq(b.len, 0);
	free(s);
}

Test(util, buf_failure_is_sticky)
{
	pmo_buf b = PMO_BUF_INIT;

	pmo_buf_puts(&b, "x");
	cr_assert_eq(pmo_buf_grow(&b, (size_t)-1 / 2), PMO_ENOMEM);
	cr_assert_eq(pmo_buf_oom(&b), PMO_ENOMEM);
	cr_assert_eq(pmo_buf_puts(&b, "more"), PMO_ENOMEM);
	cr_assert_eq(b.len, 1);
	cr_assert_null(pmo_buf_detach(&b));
	pmo_buf_free(&b);
}

static size_t failed_reallocs;

static void *failing_realloc(void *p, size_t n)
{
	(void)p;
	(void)n;
	failed_reallocs++;
	return NULL;
}

/* Telling that a buffer could not grow takes no memory: the error is
 * static (it once formatted the message through a new buffer, which grew
 * through the same failing realloc, again and again). */
Test(util, buf_out_of_memory_sets_the_error_without_allocating)
{
	pmo_buf b = PMO_BUF_INIT;
	const pmo_error *e;
	int error;

	failed_reallocs = 0;
	pmo_buf__realloc = failing_realloc;
	error = pmo_buf_puts(&b, "x");
	pmo_buf__realloc = realloc;
	cr_assert_eq(error, PMO_ENOMEM);
	cr_assert_eq(failed_reallocs, 1);
	e = pmo_error_last();
	cr_assert_not_null(e);
	cr_assert_eq(e->code, PMO_ENOMEM);
	cr_assert_str_eq(e->message, "out of memory");
	cr_assert_eq(pmo_buf_oom(&b), PMO_ENOMEM);
	pmo_buf_free(&b);
	pmo_error_clear();
	cr_assert_null(pmo_error_last());
}

/* --- utf8 ----------------------------------------------------------------- */

Test(util, utf8_decodes_and_refuses_bad_sequences)
{
	uint32_t cp = 0;

	cr_assert_eq(pmo_utf8_decode("A", 1, &cp), 1);
	cr_assert_eq(cp, 'A');
	cr_assert_eq(pmo_utf8_decode("\xC3\xA9", 2, &cp), 2);
	cr_assert_eq(cp, 0xE9);
	cr_assert_eq(pmo_utf8_decode("核", 3, &cp), 3);
	cr_assert_eq(cp, 0x6838);
	cr_assert_eq(pmo_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	cr_assert_eq(cp, 0x1F600);
	cr_assert_eq(pmo_utf8_decode("\xE6\xA0", 2, &cp), 0, "truncated");
	cr_assert_eq(pmo_utf8_decode("\xC0\xAF", 2, &cp), 0, "overlong");
	cr_assert_eq(pmo_utf8_decode("\xED\xA0\x80", 3, &cp), 0, "surrogate");
	cr_assert_eq(pmo_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0, "beyond U+10FFFF");
	cr_assert_eq(pmo_utf8_decode("\xFF", 1, &cp), 0);
	cr_assert_eq(pmo_utf8_decode("\x80", 1, &cp), 0, "lone continuation byte");
	cr_assert_eq(pmo_utf8_invalid_at("ok 核心", strlen("ok 核心")), (size_t)-1);
	cr_assert_eq(pmo_utf8_invalid_at("ok \xFF", 4), 3);
	cr_assert_eq(pmo_utf8_invalid_at("核\xE5\xBF", 5), 3);
}

Test(util, utf8_width_counts_cjk_as_two_columns)
{
	cr_assert_eq(pmo_utf8_width("abc", 3), 3);
	cr_assert_eq(pmo_utf8_width("核心数据", strlen("核心数据")), 8);
	cr_assert_eq(pmo_utf8_width("R-3 风险", strlen("R-3 风险")), 8);
	cr_assert_eq(pmo_utf8_width("ｆｕｌｌ", strlen("ｆｕｌｌ")), 8, "fullwidth forms");
	cr_assert_eq(pmo_utf8_width("e\xCC\x81", 3), 1, "combining accent takes no column");
	cr_assert_eq(pmo_utf8_width("한글", strlen("한글")), 4);
	cr_assert_eq(pmo_utf8_width("\xFF" "a", 2), 2, "invalid byte counts one");
	cr_assert_eq(pmo_utf8_cp_width(0x4E2D), 2);
	cr_assert_eq(pmo_utf8_cp_width('a'), 1);
	cr_assert_eq(pmo_utf8_cp_width(0x0301), 0);
}

Test(util, utf8_prefix_never_cuts_a_character)
{
	const char *s = "ab核心cd";
	size_t w = 99, n;

	n = pmo_utf8_prefix(s, strlen(s), 3, &w);
	cr_assert_eq(n, 2, "核 does not fit in the third column");
	cr_assert_eq(w, 2);
	n = pmo_utf8_prefix(s, strlen(s), 4, &w);
	cr_assert_eq(n, 5);
	cr_assert_eq(w, 4);
	n = pmo_utf8_prefix(s, strlen(s), 100, &w);
	cr_assert_eq(n, strlen(s));
	cr_assert_eq(w, 8);
	n = pmo_utf8_prefix(s, strlen(s), 0, NULL);
	cr_assert_eq(n, 0);
}

/* --- dates ------------------------------------------------------------------- */

Test(util, date_parses_real_dates_only)
{
	pmo_date d;

	cr_assert_eq(pmo_date_parse(&d, "2027-01-04", 10), 0);
	cr_assert_eq(pmo_date_parse(&d, "2027-02-30", 10), -1, "February has no 30th");
	cr_assert_eq(pmo_date_parse(&d, "2027-02-29", 10), -1, "2027 is not a leap year");
	cr_assert_eq(pmo_date_parse(&d, "2028-02-29", 10), 0, "2028 is a leap year");
	cr_assert_eq(pmo_date_parse(&d, "2100-02-29", 10), -1, "2100 is not a leap year");
	cr_assert_eq(pmo_date_parse(&d, "2000-02-29", 10), 0, "2000 is a leap year");
	cr_assert_eq(pmo_date_parse(&d, "2027-04-31", 10), -1);
	cr_assert_eq(pmo_date_parse(&d, "2027-13-01", 10), -1);
	cr_assert_eq(pmo_date_parse(&d, "2027-00-10", 10), -1);
	cr_assert_eq(pmo_date_parse(&d, "2027-01-00", 10), -1);
	cr_assert_eq(pmo_date_parse(&d, "2027-1-4", 8), -1, "only YYYY-MM-DD");
	cr_assert_eq(pmo_date_parse(&d, "2027/01/04", 10), -1);
	cr_assert_eq(pmo_date_parse(&d, "2027-01-04T", 11), -1);
	cr_assert_eq(pmo_date_parse(&d, "20x7-01-04", 10), -1);
}

Test(util, date_days_in_month_knows_leap_years)
{
	cr_assert_eq(pmo_date_days_in_month(2024, 2), 29);
	cr_assert_eq(pmo_date_days_in_month(2027, 2), 28);
	cr_assert_eq(pmo_date_days_in_month(1900, 2), 28);
	cr_assert_eq(pmo_date_days_in_month(2000, 2), 29);
	cr_assert_eq(pmo_date_days_in_month(2027, 4), 30);
	cr_assert_eq(pmo_date_days_in_month(2027, 12), 31);
	cr_assert_eq(pmo_date_days_in_month(2027, 13), 0);
}

Test(util, date_numbers_round_trip_and_have_weekdays)
{
	pmo_date d, e;
	char buf[11];
	int y, m, day;

	cr_assert_eq(pmo_date_from_ymd(1970, 1, 1), 0);
	cr_assert_eq(pmo_date_parse(&d, "2027-01-04", 10), 0);
	cr_assert_eq(pmo_date_weekday(d), 1, "2027-01-04 is a Monday");
	cr_assert_eq(pmo_date_weekday(d + 6), 7);
	cr_assert_eq(pmo_date_weekday(0), 4, "1970-01-01 was a Thursday");
	cr_assert_str_eq(pmo_date_format(buf, d + 28), "2027-02-01");
	cr_assert_eq(pmo_date_parse(&e, "2028-03-01", 10), 0);
	cr_assert_str_eq(pmo_date_format(buf, e - 1), "2028-02-29");
	cr_assert_eq(e - d, 422);
	pmo_date_to_ymd(pmo_date_from_ymd(1999, 12, 31) + 1, &y, &m, &day);
	cr_assert_eq(y, 2000);
	cr_assert_eq(m, 1);
	cr_assert_eq(day, 1);
	for (d = pmo_date_from_ymd(1999, 1, 1); d < pmo_date_from_ymd(2031, 1, 1); d += 17) {
		pmo_date_format(buf, d);
		cr_assert_eq(pmo_date_parse(&e, buf, 10), 0, "%s", buf);
		cr_assert_eq(e, d);
	}
}

Test(util, date_today_honours_pmo_today)
{
	pmo_date d, want;

	setenv("PMO_TODAY", "2027-06-15", 1);
	d = pmo_date_today();
	pmo_date_parse(&want, "2027-06-15", 10);
	cr_assert_eq(d, want);
	unsetenv("PMO_TODAY");
}

/* --- files ------------------------------------------------------------------- */

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

Test(util, fs_write_atomic_replaces_the_file_and_leaves_no_temporary)
{
	char *dir = th_tmpdir(), *path = pmo_path_join(dir, "r.yaml");
	pmo_buf b = PMO_BUF_INIT;

	cr_assert_eq(pmo_fs_write_atomic(path, "id: R-1\n", 8), 0);
	cr_assert_eq(pmo_fs_read(&b, path, 0), 0);
	cr_assert_str_eq(b.ptr, "id: R-1\n");
	cr_assert_eq(pmo_fs_write_atomic(path, "title: 核心\n", strlen("title: 核心\n")), 0);
	cr_assert_eq(pmo_fs_read(&b, path, 0), 0);
	cr_assert_str_eq(b.ptr, "title: 核心\n", "read replaces the buffer's contents");
	cr_assert_eq(count_entries(dir), 1);
	cr_assert_eq(pmo_fs_write_atomic(path, "", 0), 0);
	cr_assert_eq(pmo_fs_read(&b, path, 0), 0);
	cr_assert_eq(b.len, 0);
	pmo_buf_free(&b);
	free(path);
	free(dir);
}

Test(util, fs_write_atomic_fails_cleanly_in_a_missing_folder)
{
	char *dir = th_tmpdir(), *path = pmo_path_join(dir, "no/such/r.yaml");

	cr_assert_eq(pmo_fs_write_atomic(path, "x", 1), PMO_EIO);
	cr_assert_not_null(pmo_error_last());
	cr_assert_str_eq(pmo_error_last()->path, path);
	cr_assert_eq(count_entries(dir), 0);
	free(path);
	free(dir);
}

Test(util, fs_read_reports_missing_and_oversize_files)
{
	char *dir = th_tmpdir(), *path = pmo_path_join(dir, "big"), *missing;
	pmo_buf b = PMO_BUF_INIT;

	missing = pmo_path_join(dir, "missing");
	cr_assert_eq(pmo_fs_read(&b, missing, 0), PMO_ENOTFOUND);
	cr_assert_eq(pmo_fs_write_atomic(path, "0123456789", 10), 0);
	cr_assert_eq(pmo_fs_read(&b, path, 5), PMO_EINVALID);
	cr_assert_eq(pmo_fs_read(&b, path, 10), 0);
	cr_assert_eq(pmo_fs_read(&b, dir, 0), PMO_EIO, "a folder is not a file");
	pmo_buf_free(&b);
	free(missing);
	free(path);
	free(dir);
}

/* A big file is mapped, a small one read, both with the same bytes; a
 * link, a missing file, a folder and a file over the limit are refused
 * as pmo_fs_read_nofollow refuses them. */
Test(util, fs_text_maps_a_big_file_and_reads_a_small_one)
{
	char *dir = th_tmpdir(), *big = pmo_path_join(dir, "plan.yaml"), *small = pmo_path_join(dir, "s.yaml");
	char *link = pmo_path_join(dir, "link.yaml"), *missing = pmo_path_join(dir, "missing");
	size_t n = PMO_FS_MAP_FROM + 3, i;
	char *data = malloc(n);
	pmo_fs_text t;

	cr_assert(data);
	for (i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	cr_assert_eq(pmo_fs_write_atomic(big, data, n), 0);
	cr_assert_eq(pmo_fs_write_atomic(small, "tasks: []\n", 10), 0);
	cr_assert_eq(symlink(big, link), 0);
	pmo_fs_text_init(&t);
	cr_assert_eq(pmo_fs_text_nofollow(&t, big, 0), 0);
	cr_expect_eq(t.len, n);
	cr_expect(t.map != NULL, "a file of PMO_FS_MAP_FROM bytes or more is mapped");
	cr_expect_eq(memcmp(t.ptr, data, n), 0);
	cr_assert_eq(pmo_fs_text_nofollow(&t, small, 0), 0);
	cr_expect_eq(t.map, NULL);
	cr_expect_eq(t.len, 10);
	cr_expect_eq(memcmp(t.ptr, "tasks: []\n", 10), 0);
	cr_expect_eq(pmo_fs_text_nofollow(&t, big, n - 1), PMO_EINVALID, "over the limit");
	cr_expect_eq(t.len, 0);
	cr_expect_eq(pmo_fs_text_nofollow(&t, link, 0), PMO_EINVALID, "a link");
	cr_expect_eq(pmo_fs_text_nofollow(&t, missing, 0), PMO_ENOTFOUND);
	cr_expect_eq(pmo_fs_text_nofollow(&t, dir, 0), PMO_EIO, "a folder is not a file");
	pmo_fs_text_free(&t);
	pmo_fs_text_free(&t); /* twice: empty */
	free(data);
	free(big);
	free(small);
	free(link);
	free(missing);
	free(dir);
}

Test(util, fs_makes_folders_and_joins_paths)
{
	char *dir = th_tmpdir(), *path = pmo_path_join(dir, "projects/CBM/risks/R-1.yaml"), *sub;

	cr_assert_eq(pmo_fs_mkdirs_for(path), 0);
	sub = pmo_path_join(dir, "projects/CBM/risks");
	cr_assert(pmo_fs_is_dir(sub));
	cr_assert_not(pmo_fs_exists(path));
	cr_assert_eq(pmo_fs_write_atomic(path, "x", 1), 0);
	cr_assert(pmo_fs_exists(path));
	cr_assert_not(pmo_fs_is_dir(path));
	cr_assert_eq(pmo_fs_mkdirs(sub), 0, "existing folders are fine");
	free(sub);
	sub = pmo_path_join("a/", "b");
	cr_assert_str_eq(sub, "a/b");
	free(sub);
	sub = pmo_path_join("", "b");
	cr_assert_str_eq(sub, "b");
	free(sub);
	sub = pmo_path_join("a", "b");
	cr_assert_str_eq(sub, "a/b");
	free(sub);
	free(path);
	free(dir);
}

/* --- errors ------------------------------------------------------------------ */

Test(util, error_keeps_the_last_message_and_place)
{
	char *s;

	pmo_error_clear();
	cr_assert_null(pmo_error_last());
	cr_assert_eq(pmo_error_set(PMO_ENOTFOUND, "no risk %s", "R-9"), PMO_ENOTFOUND);
	s = pmo_error_format(pmo_error_last());
	cr_assert_str_eq(s, "no risk R-9");
	free(s);
	cr_assert_eq(pmo_error_set_at(PMO_EINVALID, "r.yaml", 3, 7, "bad %d", 5), PMO_EINVALID);
	cr_assert_eq(pmo_error_last()->code, PMO_EINVALID);
	cr_assert_eq(pmo_error_last()->line, 3);
	s = pmo_error_format(pmo_error_last());
	cr_assert_str_eq(s, "r.yaml:3:7: bad 5");
	free(s);
	pmo_error_set_at(PMO_EIO, "f", 0, 0, "cannot read");
	s = pmo_error_format(pmo_error_last());
	cr_assert_str_eq(s, "f: cannot read");
	free(s);
	pmo_error_clear();
	cr_assert_null(pmo_error_last());
}

/* --- similar names: git's weights (swap 0, substitution 2, add 1, drop 3) --- */

#include "util/similar.h"

Test(util, similar_distance_weighs_as_git)
{
	cr_assert_eq(pmo_similar_distance("risk", "risk"), 0);
	cr_assert_eq(pmo_similar_distance("rsik", "risk"), 0);       /* a swap is free */
	cr_assert_eq(pmo_similar_distance("probabilty", "probability"), 1); /* one added */
	cr_assert_eq(pmo_similar_distance("riskk", "risk"), 3);      /* one dropped */
	cr_assert_eq(pmo_similar_distance("rusk", "risk"), 2);       /* one substituted */
	cr_assert_eq(pmo_similar_distance("", "abc"), 3);
	cr_assert_eq(pmo_similar_distance("abc", ""), 9);
}

static char *joined(const char *typed, const char *const *names, size_t n)
{
	const char **best = NULL;
	pmo_buf b = PMO_BUF_INIT;
	size_t i;

	cr_assert_eq(pmo_similar(&best, typed, names, n), 0);
	for (i = 0; best[i]; i++)
		pmo_buf_printf(&b, "%s%s", i ? " " : "", best[i]);
	free(best);
	return b.len ? pmo_buf_detach(&b) : strdup("");
}

Test(util, similar_picks_the_closest_names_or_none)
{
	static const char *const cmds[] = { "status", "schedule", "schemas", "risk", "task", "issue" };
	static const char *const fields[] = { "id", "title", "probability", "impact", "owner" };
	char *s;

	s = joined("rsik", cmds, 6);
	cr_assert_str_eq(s, "risk");
	free(s);
	/* a name typed in part is the best guess; ties in byte order */
	s = joined("s", cmds, 6);
	cr_assert_str_eq(s, "schedule schemas status");
	free(s);
	s = joined("probabilty", fields, 5);
	cr_assert_str_eq(s, "probability");
	free(s);
	/* nothing near enough */
	s = joined("frobnicate", cmds, 6);
	cr_assert_str_eq(s, "");
	free(s);
	/* typed begins every name: too ambiguous */
	s = joined("", cmds, 6);
	cr_assert_str_eq(s, "");
	free(s);
	s = joined("x", cmds, 0);
	cr_assert_str_eq(s, "");
	free(s);
}

/* --- ordered ---------------------------------------------------------------- */

typedef struct {
	size_t *squares;
	size_t next_done; /* the i done expects */
	size_t stop_at;
	int out_of_order;
} ordered_case;

static void square(size_t i, unsigned t, void *p)
{
	ordered_case *c = p;

	(void)t;
	c->squares[i] = i * i;
}

static int take(size_t i, void *p)
{
	ordered_case *c = p;

	if (i != c->next_done || c->squares[i] != i * i)
		c->out_of_order = 1;
	c->next_done = i + 1;
	return i == c->stop_at ? PMO_EINVALID : 0;
}

Test(util, ordered_run_hands_every_result_over_in_order_on_several_threads)
{
	enum { N = 20000 };
	ordered_case c = { calloc(N, sizeof(size_t)), 0, (size_t)-1, 0 };

	cr_assert(c.squares);
	cr_assert_geq(pmo_ordered_threads(), 1);
	cr_assert_eq(pmo_ordered_run(N, 4, square, take, &c), 0);
	cr_assert_eq(c.next_done, N);
	cr_assert_eq(c.out_of_order, 0);
	/* one thread: the same */
	c.next_done = 0;
	cr_assert_eq(pmo_ordered_run(N, 1, square, take, &c), 0);
	cr_assert_eq(c.next_done, N);
	cr_assert_eq(c.out_of_order, 0);
	free(c.squares);
}

/* PMO_THREADS says how many threads, when it is a whole number from 1 to
 * 64; a few jobs get one thread whatever it says. */
Test(util, ordered_threads_follow_pmo_threads_and_the_jobs_there_are)
{
	unsigned cores;

	unsetenv("PMO_THREADS");
	cores = pmo_ordered_threads();
	cr_assert(cores >= 1 && cores <= 8);
	setenv("PMO_THREADS", "3", 1);
	cr_assert_eq(pmo_ordered_threads(), 3);
	cr_assert_eq(pmo_ordered_threads_for(10000, PMO_ORDERED_FILES), 3);
	/* each thread its share of at least per jobs */
	cr_assert_eq(pmo_ordered_threads_for(2 * PMO_ORDERED_FILES, PMO_ORDERED_FILES), 2);
	cr_assert_eq(pmo_ordered_threads_for(2 * PMO_ORDERED_FILES - 1, PMO_ORDERED_FILES), 1);
	cr_assert_eq(pmo_ordered_threads_for(0, PMO_ORDERED_FILES), 1);
	cr_assert_eq(pmo_ordered_threads_for(2, 1), 2);
	setenv("PMO_THREADS", "1", 1);
	cr_assert_eq(pmo_ordered_threads_for(10000, PMO_ORDERED_FILES), 1);
	setenv("PMO_THREADS", "64", 1);
	cr_assert_eq(pmo_ordered_threads(), 64);
	/* anything else: the processors */
	setenv("PMO_THREADS", "0", 1);
	cr_assert_eq(pmo_ordered_threads(), cores);
	setenv("PMO_THREADS", "65", 1);
	cr_assert_eq(pmo_ordered_threads(), cores);
	setenv("PMO_THREADS", "2x", 1);
	cr_assert_eq(pmo_ordered_threads(), cores);
	setenv("PMO_THREADS", "-2", 1);
	cr_assert_eq(pmo_ordered_threads(), cores);
	unsetenv("PMO_THREADS");
}

/* Jobs are handed out in runs: each job still runs exactly once, on
 * every count of jobs and threads, and done sees them all in order. */
static void count_work(size_t i, unsigned t, void *p)
{
	ordered_case *c = p;

	(void)t;
	c->squares[i]++;
}

static int count_take(size_t i, void *p)
{
	ordered_case *c = p;

	if (i != c->next_done || c->squares[i] != 1)
		c->out_of_order = 1;
	c->next_done = i + 1;
	return 0;
}

Test(util, ordered_run_runs_each_job_once_whatever_the_runs)
{
	static const size_t counts[] = { 1, 2, 31, 33, 64, 257, 1000, 4099 };
	static const unsigned threads[] = { 1, 2, 3, 8 };
	size_t a, b;

	for (a = 0; a < sizeof(counts) / sizeof(counts[0]); a++)
		for (b = 0; b < sizeof(threads) / sizeof(threads[0]); b++) {
			ordered_case c = { calloc(counts[a], sizeof(size_t)), 0, (size_t)-1, 0 };

			cr_assert(c.squares);
			cr_assert_eq(pmo_ordered_run(counts[a], threads[b], count_work, count_take, &c), 0);
			cr_assert_eq(c.next_done, counts[a], "%zu jobs on %u threads", counts[a], threads[b]);
			cr_assert_eq(c.out_of_order, 0, "%zu jobs on %u threads", counts[a], threads[b]);
			free(c.squares);
		}
}

Test(util, ordered_run_stops_at_the_first_failing_done)
{
	enum { N = 5000 };
	ordered_case c = { calloc(N, sizeof(size_t)), 0, 1234, 0 };

	cr_assert(c.squares);
	cr_assert_eq(pmo_ordered_run(N, 3, square, take, &c), PMO_EINVALID);
	cr_assert_eq(c.next_done, 1235, "done was called after the failing one");
	cr_assert_eq(c.out_of_order, 0);
	cr_assert_eq(pmo_ordered_run(0, 3, square, take, &c), 0);
	free(c.squares);
}

/* --- filecache ---------------------------------------------------------------- */

/* A stat of a file last modified at mtime (seconds). */
static pmo_file_stat stat_at(int64_t mtime, uint64_t ino)
{
	pmo_file_stat st = { mtime, mtime, 5, 5, 10, ino, 0100644 };
	return st;
}

Test(util, filecache_keeps_entries_by_stat_and_reads_them_back)
{
	char *dir = th_tmpdir(), *file = pmo_path_join(dir, "pmo/cache/root/due-risk");
	pmo_filecache *c = NULL;
	pmo_file_stat old = stat_at(1000, 7), other = stat_at(1000, 8);
	const pmo_filecache_entry *e;
	const void *bytes;
	size_t len;

	cr_assert_eq(pmo_filecache_open(&c, file, 42), 0);
	cr_assert_null(pmo_filecache_find(c, "a.yaml", 6));
	cr_assert_eq(pmo_filecache_put(c, "a.yaml", 6, &old, "AAA", 3), 0);
	cr_assert_eq(pmo_filecache_put(c, "b.yaml", 6, &old, "", 0), 0);
	pmo_filecache_save(c); /* makes its folders */
	pmo_filecache_free(c);

	cr_assert_eq(pmo_filecache_open(&c, file, 42), 0);
	cr_assert_not_null(e = pmo_filecache_find(c, "a.yaml", 6));
	cr_assert_not_null(pmo_filecache_known(c, e));
	cr_assert(pmo_file_stat_same(pmo_filecache_known(c, e), &old));
	cr_assert_not(pmo_file_stat_same(pmo_filecache_known(c, e), &other));
	bytes = pmo_filecache_bytes(e, &len);
	cr_assert_eq(len, 3);
	cr_assert_eq(memcmp(bytes, "AAA", 3), 0);
	cr_assert_not_null(e = pmo_filecache_find(c, "b.yaml", 6));
	pmo_filecache_bytes(e, &len);
	cr_assert_eq(len, 0);
	pmo_filecache_free(c);

	/* another tag: empty */
	cr_assert_eq(pmo_filecache_open(&c, file, 43), 0);
	cr_assert_null(pmo_filecache_find(c, "a.yaml", 6));
	pmo_filecache_free(c);
	free(file);
	free(dir);
}

Test(util, filecache_entry_modified_in_its_second_or_later_is_racy)
{
	char *dir = th_tmpdir(), *file = pmo_path_join(dir, "c");
	pmo_filecache *c = NULL;
	pmo_file_stat racy, now;
	const pmo_filecache_entry *e;

	cr_assert_eq(pmo_filecache_open(&c, file, 1), 0);
	/* the clock after the cache was begun: its second or a later one */
	now = stat_at((int64_t)time(NULL), 2);
	racy = stat_at((int64_t)time(NULL) + 1, 1);
	cr_assert_eq(pmo_filecache_put(c, "now", 3, &now, "x", 1), 0);
	cr_assert_eq(pmo_filecache_put(c, "later", 5, &racy, "y", 1), 0);
	pmo_filecache_save(c);
	pmo_filecache_free(c);
	cr_assert_eq(pmo_filecache_open(&c, file, 1), 0);
	/* kept, but not to be used without reading the file */
	cr_assert_not_null(e = pmo_filecache_find(c, "now", 3));
	cr_assert_null(pmo_filecache_known(c, e));
	cr_assert_not_null(e = pmo_filecache_find(c, "later", 5));
	cr_assert_null(pmo_filecache_known(c, e));
	pmo_filecache_free(c);
	free(file);
	free(dir);
}

Test(util, filecache_damaged_is_empty_and_unchanged_is_not_written)
{
	char *dir = th_tmpdir(), *file = pmo_path_join(dir, "c");
	pmo_filecache *c = NULL;
	pmo_file_stat old = stat_at(1000, 7);
	pmo_buf bytes = PMO_BUF_INIT;
	struct stat before, after;
	size_t i;

	cr_assert_eq(pmo_filecache_open(&c, file, 1), 0);
	cr_assert_eq(pmo_filecache_put(c, "k", 1, &old, "value", 5), 0);
	pmo_filecache_save(c);
	pmo_filecache_free(c);
	/* read and kept as it was: not written again */
	cr_assert_eq(stat(file, &before), 0);
	cr_assert_eq(pmo_filecache_open(&c, file, 1), 0);
	cr_assert_eq(pmo_filecache_keep(c, pmo_filecache_find(c, "k", 1)), 0);
	pmo_filecache_save(c);
	pmo_filecache_free(c);
	cr_assert_eq(stat(file, &after), 0);
	cr_assert_eq(before.st_ino, after.st_ino);
	/* every byte changed in turn, and every length cut: empty, no crash */
	cr_assert_eq(pmo_fs_read(&bytes, file, 0), 0);
	for (i = 0; i < bytes.len; i++) {
		bytes.ptr[i] ^= 0x20;
		cr_assert_eq(pmo_fs_write_whole(file, bytes.ptr, bytes.len), 0);
		cr_assert_eq(pmo_filecache_open(&c, file, 1), 0);
		cr_assert_null(pmo_filecache_find(c, "k", 1), "byte %zu", i);
		pmo_filecache_free(c);
		bytes.ptr[i] ^= 0x20;
		cr_assert_eq(pmo_fs_write_whole(file, bytes.ptr, i), 0);
		cr_assert_eq(pmo_filecache_open(&c, file, 1), 0);
		cr_assert_null(pmo_filecache_find(c, "k", 1), "length %zu", i);
		pmo_filecache_free(c);
	}
	pmo_buf_free(&bytes);
	pmo_filecache_free(NULL);
	free(file);
	free(dir);
}
