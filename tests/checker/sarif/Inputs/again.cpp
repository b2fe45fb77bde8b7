void again(const Account &a) {
  printf("password %s\n", a.password);
}
