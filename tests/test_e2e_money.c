/* Money fields end to end (exit 2: a bad field=value, as for any field): a person's rate and a contract's value are
 * exact amounts in the portfolio currency, checked by add, set and
 * validate from the text as written (quoted or plain), never a double. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "helpers.h"

Test(e2e_money, add_refuses_more_decimals_than_the_currency_has)
{
	char *dir = th_demo_repo();
	th_result r;

	th_run(&r, dir, NULL, "pmo person add li-qiang name=李强 role=developer rate=12.345");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "rate: '12.345' has 3 decimal places; CNY allows 2"), "%s", r.err);
	th_result_free(&r);
	th_run(&r, dir, NULL, "pmo person add li-qiang name=李强 role=developer rate=1,200.00");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "thousands separators are not allowed"), "%s", r.err);
	th_result_free(&r);
	th_run(&r, dir, NULL, "pmo person add li-qiang name=李强 role=developer rate=-5");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "is negative; an amount of 0 or more is allowed"), "%s", r.err);
	th_result_free(&r);
	/* nothing was written */
	cr_assert_null(th_read(dir, "people/li-qiang.yaml"));
	th_assert_sh(dir, "pmo person add li-qiang name=李强 role=developer rate=2000.5 >/dev/null && "
		     "grep '^rate' people/li-qiang.yaml", "rate: '2000.5'\n");
	free(dir);
}

Test(e2e_money, validate_reads_the_text_as_written)
{
	char *dir = th_demo_repo();
	th_result r;

	th_write(dir, "people/li-qiang.yaml", "handle: li-qiang\nname: 李强\nrole: developer\nrate: 1e3\n");
	th_write(dir, "people/chen-jing.yaml", "handle: chen-jing\nname: 陈静\nrole: architect\nrate: 1500.10\n");
	th_run(&r, dir, NULL, "pmo validate");
	cr_assert_eq(r.status, 1, "%s%s", r.out, r.err);
	cr_assert(strstr(r.out, "people/li-qiang.yaml:4:7: error: rate: '1e3' is not an amount: an exponent is not allowed"),
		  "%s", r.out);
	/* a plain number with two decimals is exact, not 1500.1 through a double */
	cr_assert_null(strstr(r.out, "chen-jing"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_money, the_minor_units_are_a_setting)
{
	char *dir = th_demo_repo();
	th_result r;

	free(th_sh(dir, "printf 'money:\\n  minor_units: 0\\n' >> pmo.yaml && git commit -qam 'whole yuan'"));
	th_run(&r, dir, NULL, "pmo person add li-qiang name=李强 role=developer rate=1200.50");
	cr_assert_eq(r.status, 2, "%s", r.err);
	cr_assert(strstr(r.err, "'1200.50' has 2 decimal places; CNY allows 0"), "%s", r.err);
	th_result_free(&r);
	free(th_sh(dir, "sed -i 's/minor_units: 0/rounding: half-down/' pmo.yaml"));
	th_run(&r, dir, NULL, "pmo validate");
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "pmo.yaml:"), "%s", r.out);
	cr_assert(strstr(r.out, "half-down"), "%s", r.out);
	th_result_free(&r);
	free(dir);
}

Test(e2e_money, lists_sort_amounts_by_value)
{
	char *dir = th_demo_repo();

	free(th_sh(dir, "pmo person add a-a name=A role=developer rate=900 && "
		   "pmo person add b-b name=B role=developer rate=1200.00 && "
		   "pmo person add c-c name=C role=developer rate=80.5"));
	th_assert_sh(dir, "pmo person list --sort rate --format csv | cut -d, -f1",
		     "handle\nc-c\na-a\nb-b\nwang-li\nzhao-min\n");
	free(dir);
}
