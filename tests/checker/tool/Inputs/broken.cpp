#include <cstdio>

void broken() { printf("%s\n", undeclared_variable); }
