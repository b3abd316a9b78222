#include <stdio.h>
int main(void) { puts("pmo: being built"); return 0; }
