/*
 * pmo never talks to a remote: it reads and writes a local repository. Yet
 * libgit2 1.5, built with mbedTLS as Debian builds it, parses the whole
 * system CA bundle in git_libgit2_init() — about a third of the instructions
 * of a `pmo risk add` (callgrind: 53 M of 158 M). These definitions, in the
 * executable, take the place of mbedTLS's for libgit2 (ELF symbol
 * interposition; when mbedTLS is linked in from its archive, the linker's
 * --wrap sends libgit2's calls here, see meson.build) and load no
 * certificate. Should pmo ever open a TLS connection, verification would
 * fail for want of a trusted root: it fails closed, never open. With a
 * libgit2 built on OpenSSL they are simply unused.
 */
#include <stddef.h>

#ifdef PMO_NOTLS_WRAP
#define mbedtls_x509_crt_parse_file __wrap_mbedtls_x509_crt_parse_file
#define mbedtls_x509_crt_parse_path __wrap_mbedtls_x509_crt_parse_path
#endif

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

#ifdef PMO_NOTLS_WRAP
/*
 * Linked from the archives, libgit2's start-up also starts libssh2, whose
 * start is OpenSSL's (about 1 M instructions, and 0.2 M more in OpenSSL's
 * clean-up at exit: 15% of a `pmo risk show`). pmo never opens an SSH
 * connection; should it ever, libssh2 starts itself with its first session
 * (libssh2_session_init_ex calls _libssh2_init_if_needed), which this
 * wrapper does not touch, and libssh2_exit does nothing when libssh2 never
 * started.
 */
int __wrap_libssh2_init(int flags);

int __wrap_libssh2_init(int flags)
{
	(void)flags;
	return 0;
}
#endif
