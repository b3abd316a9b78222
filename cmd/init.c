/* placeholder until the command lands */
typedef int pmo_placeholder_init;
