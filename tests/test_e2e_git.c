#include <criterion/criterion.h>

Test(e2e_git, not_yet_written) { cr_skip_test("module test not yet written"); }
