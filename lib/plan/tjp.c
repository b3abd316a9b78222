/* placeholder until the module lands */
typedef int pmo_placeholder_plan_tjp_c;
