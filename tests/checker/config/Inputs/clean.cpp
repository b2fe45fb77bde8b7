// Nothing to report: every configuration test runs on this file.
int add(int a, int b) { return a + b; }
