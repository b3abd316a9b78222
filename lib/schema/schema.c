/* placeholder until the module lands */
typedef int pmo_placeholder_schema_schema_c;
