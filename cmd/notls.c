/*
 * pmo never talks to a remote: it reads and writes a local repository. Yet
 * libgit2 1.5, built with mbedTLS as Debian builds it, parses the whole
 * system CA bundle in git_libgit2_init() — about a third of the instructions
 * of a `pmo risk add` (callgrind: 53 M of 158 M). These definitions, in the
 * executable, take the place of mbedTLS's for libgit2 (ELF symbol
 * interposition) and load no certificate. Should pmo ever open a TLS
 * connection, verification would fail for want of a trusted root: it fails
 * closed, never open. With a libgit2 built on OpenSSL they are simply unused.
 */
#include <stddef.h>

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
