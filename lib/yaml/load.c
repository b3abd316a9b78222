/* placeholder until the module lands */
typedef int pmo_placeholder_yaml_load_c;
