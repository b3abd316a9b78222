#include <criterion/criterion.h>

Test(repo, not_yet_written) { cr_skip_test("module test not yet written"); }
