/* placeholder until the module lands */
typedef int pmo_placeholder_repo_history_c;
