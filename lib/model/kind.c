/* placeholder until the module lands */
typedef int pmo_placeholder_model_kind_c;
