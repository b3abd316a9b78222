/* End to end in a real browser: the pages of pmo report --html opened from
 * file:// in headless Chromium (Debian's chromium), as a reader's browser
 * renders them. --dump-dom gives the document as rendered: every project
 * of pmo status, every task bar, summary and milestone of pmo schedule and
 * every heat-map count of pmo risk matrix must be in it, and nothing may
 * be logged to the console; a screenshot of each page must be neither
 * blank nor cut (ink on the page, none in its last rows and columns).
 * Chromium takes a second a launch: six launches in all, one repository.
 * Skipped, saying so, where chromium is not installed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Every network name resolves to nothing: a page that asks for anything
 * fails to get it (and the test sees the console say so). A fresh profile
 * a launch: two launches sharing one stop each other. */
#define CHROMIUM \
	"P=$(mktemp -d) && chromium --headless --no-sandbox --disable-gpu --hide-scrollbars " \
	"--virtual-time-budget=2000 '--host-resolver-rules=MAP * ~NOTFOUND' --enable-logging=stderr " \
	"--user-data-dir=\"$P\" "

static int have_chromium(void)
{
	return system("command -v chromium >/dev/null 2>&1") == 0;
}

/* The rendered DOM of page holds every line pmo's JSON says it must. */
static void check_dom(const char *dir, const char *page, const char *expect_cmd)
{
	char *missing;

	missing = th_sh(dir, CHROMIUM "--dump-dom \"file://$PWD/public/%s\" >dom.html 2>dom.log; "
			"rm -rf \"$P\"; test -s dom.html || echo 'chromium rendered nothing'; "
			"grep -F :CONSOLE dom.log; %s >want.txt && test -s want.txt || echo 'nothing expected'; "
			"while IFS= read -r s; do grep -qF -- \"$s\" dom.html || echo \"missing: $s\"; done <want.txt",
			page, expect_cmd);
	cr_assert_str_eq(missing, "", "%s as Chromium rendered it:\n%s", page, missing);
	free(missing);
}

/* A screenshot of page in a window of width × height: "W H INK BOTTOM RIGHT". */
static void check_screenshot(const char *dir, const char *page, int width, int height, long min_ink)
{
	char *got;
	int w = 0, h = 0;
	long ink = 0, bottom = -1, right = -1;

	got = th_sh(dir, CHROMIUM "--window-size=%d,%d --screenshot=\"$PWD/shot.png\" \"file://$PWD/public/%s\" "
		    ">/dev/null 2>&1; rm -rf \"$P\"; python3 \"$PMO_SRCDIR/tests/png_ink.py\" shot.png",
		    width, height, page);
	cr_assert_eq(sscanf(got, "%d %d %ld %ld %ld", &w, &h, &ink, &bottom, &right), 5, "png_ink: %s", got);
	cr_assert(w == width && h == height, "%s: a screenshot of %dx%d, not %dx%d", page, w, h, width, height);
	cr_assert_geq(ink, min_ink, "%s looks blank: %ld pixels drawn", page, ink);
	cr_assert_eq(bottom, 0, "%s is cut at the bottom: %ld pixels drawn in its last rows", page, bottom);
	cr_assert_eq(right, 0, "%s is cut on the right: %ld pixels drawn in its last columns", page, right);
	free(got);
}

Test(e2e_browser, the_pages_as_chromium_renders_them, .timeout = 900)
{
	char *dir, *fonts;

	if (!have_chromium())
		cr_skip_test("chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk); "
			     "the report's pages were not opened in a browser");
	dir = th_report_repo();
	/* without a CJK font Chinese is drawn as boxes, which still count as ink */
	fonts = th_sh(dir, "fc-list :lang=zh | wc -l");
	cr_assert(atoi(fonts) > 0, "no Chinese font (Debian: fonts-noto-cjk): the screenshots would show boxes");
	free(fonts);
	free(th_sh(dir, "export PMO_TODAY=2027-01-18 && pmo report --html public && pmo status --format json >status.json && "
		   "for p in CBM MOB; do pmo -p $p schedule --format json >$p-plan.json && "
		   "pmo -p $p risk matrix --format json >$p-matrix.json; done"));
	check_dom(dir, "index.html", "python3 \"$PMO_SRCDIR/tests/report_expect.py\" index status.json");
	check_dom(dir, "CBM.html", "python3 \"$PMO_SRCDIR/tests/report_expect.py\" project CBM-plan.json CBM-matrix.json");
	check_dom(dir, "MOB.html", "python3 \"$PMO_SRCDIR/tests/report_expect.py\" project MOB-plan.json MOB-matrix.json");
	check_screenshot(dir, "index.html", 1400, 600, 2000);
	check_screenshot(dir, "CBM.html", 1400, 3600, 40000);
	check_screenshot(dir, "MOB.html", 1400, 3000, 20000);
	free(dir);
}
