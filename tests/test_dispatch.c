/*
 * The dispatcher (cmd/dispatch.c): a record kind's name or plural can never
 * be a command's, so neither shadows the other in `pmo <name> …`.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "pmo.h"

Test(dispatch, embedded_kinds_clear_of_commands)
{
	pmo_model *model = NULL;
	size_t i;

	cr_assert_eq(pmo_model_new(&model), 0);
	cr_assert_gt(pmo_model_kind_count(model), 0);
	for (i = 0; i < pmo_model_kind_count(model); i++) {
		const pmo_kind *k = pmo_model_kind_at(model, i);
		int error = pmo_check_kind_name(k);
		cr_expect_eq(error, 0, "%s: %s", k->name, error ? pmo_error_last()->message : "");
	}
	pmo_model_free(model);
}

/* 0 for a kind that takes no command's name, else the error message */
static const char *check(const char *name, const char *plural)
{
	pmo_kind k;

	memset(&k, 0, sizeof(k));
	k.name = name;
	k.plural = plural;
	if (!pmo_check_kind_name(&k))
		return NULL;
	cr_assert_eq(pmo_error_last()->code, PMO_EINVALID);
	return pmo_error_last()->message;
}

Test(dispatch, kind_named_like_command_refused)
{
	cr_assert_str_eq(check("validate", "validations"),
			 "the kind \"validate\" has the name of the command \"validate\"; "
			 "a kind cannot shadow a command");
	cr_assert_str_eq(check("statu", "status"),
			 "the kind \"statu\" has the plural \"status\", the name of a command; "
			 "a kind cannot shadow a command");
	cr_assert_null(check("widget", "widgets"));
}

/* a kind of the tree's own is refused naming its schema file */
Test(dispatch, local_kind_named_like_command_names_its_file)
{
	pmo_kind k;

	memset(&k, 0, sizeof(k));
	k.name = "due";
	k.plural = "dues";
	k.source = "schemas/due.json";
	cr_assert_lt(pmo_check_kind_name(&k), 0);
	cr_assert_str_eq(pmo_error_last()->message,
			 "schemas/due.json: the kind \"due\" has the name of the command \"due\"; "
			 "a kind cannot shadow a command");
}
