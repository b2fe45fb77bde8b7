#include <trailguard/annotations.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <immintrin.h>
#include <iostream>
#include <limits.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

struct Account {
  std::string name;
  TG_SENSITIVE std::string password;
};

void login(const Account &a) {
  std::cout << "login " << a.name << '\n';
  std::printf("password %s\n", a.password.c_str());
}
