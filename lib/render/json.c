/* placeholder until the module lands */
typedef int pmo_placeholder_render_json_c;
