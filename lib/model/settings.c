/* placeholder until the module lands */
typedef int pmo_placeholder_model_settings_c;
