/* placeholder until the module lands */
typedef int pmo_placeholder_repo_source_c;
