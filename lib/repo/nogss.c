/*
 * HTTP Negotiate (Kerberos) authentication for a pmo linked with libgit2's
 * static archive (meson.build's static_libs). libgit2's HTTP transport
 * offers it, so its archive needs these GSS-API functions, and Debian ships
 * no static libgssapi_krb5 to give them; linking the shared one would load
 * Kerberos's six libraries at every start. pmo never opens a network
 * connection: each of these fails (GSS_S_FAILURE) and libgit2 reports that
 * Negotiate is unavailable. Nothing here is libgit2's own API.
 */
#include <stdint.h>

typedef uint32_t OM_uint32;

#define GSS_S_COMPLETE 0u
#define GSS_S_FAILURE (13u << 16)

/* the name type libgit2 passes to gss_import_name */
void *GSS_C_NT_HOSTBASED_SERVICE;

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs);
OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set);
OM_uint32 gss_import_name(OM_uint32 *minor, void *name, void *type, void **out);
OM_uint32 gss_release_name(OM_uint32 *minor, void **name);
OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void **ctx, void *target, void *mech,
			       OM_uint32 flags, OM_uint32 time, void *bindings, void *input,
			       void **actual, void *output, OM_uint32 *ret_flags, OM_uint32 *ret_time);
OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **ctx, void *output);
OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer);
OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech,
			     OM_uint32 *more, void *text);

static OM_uint32 fail(OM_uint32 *minor)
{
	if (minor)
		*minor = 0;
	return GSS_S_FAILURE;
}

static OM_uint32 done(OM_uint32 *minor)
{
	if (minor)
		*minor = 0;
	return GSS_S_COMPLETE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mechs)
{
	if (mechs)
		*mechs = 0;
	return fail(minor);
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set)
{
	if (set)
		*set = 0;
	return done(minor);
}

OM_uint32 gss_import_name(OM_uint32 *minor, void *name, void *type, void **out)
{
	(void)name;
	(void)type;
	if (out)
		*out = 0;
	return fail(minor);
}

OM_uint32 gss_release_name(OM_uint32 *minor, void **name)
{
	if (name)
		*name = 0;
	return done(minor);
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void **ctx, void *target, void *mech,
			       OM_uint32 flags, OM_uint32 time, void *bindings, void *input,
			       void **actual, void *output, OM_uint32 *ret_flags, OM_uint32 *ret_time)
{
	(void)cred;
	(void)ctx;
	(void)target;
	(void)mech;
	(void)flags;
	(void)time;
	(void)bindings;
	(void)input;
	(void)actual;
	(void)output;
	(void)ret_flags;
	(void)ret_time;
	return fail(minor);
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **ctx, void *output)
{
	(void)output;
	if (ctx)
		*ctx = 0;
	return done(minor);
}

OM_uint32 gss_release_buffer(OM_uint32 *minor, void *buffer)
{
	(void)buffer;
	return done(minor);
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, void *mech,
			     OM_uint32 *more, void *text)
{
	(void)status;
	(void)type;
	(void)mech;
	(void)text;
	if (more)
		*more = 0;
	return fail(minor);
}
