
void reset(const Account &a) {
  printf("reset %s for %s\n", a.password, a.name);
}
