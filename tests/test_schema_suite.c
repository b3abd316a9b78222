#include <criterion/criterion.h>

Test(schema_suite, not_yet_written) { cr_skip_test("module test not yet written"); }
