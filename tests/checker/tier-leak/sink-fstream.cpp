// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Writing to a file stream (std::ofstream, std::fstream) is logging; an
// in-memory std::ostringstream is not a sink by itself.
#include <trailguard/annotations.hpp>
#include <fstream>
#include <sstream>
#include <string>

TG_SENSITIVE std::string api_key();

struct Logger {
  std::ofstream out;
  void write(const std::string &s) { out << s; }
};

void f(std::ofstream &log, std::fstream &both, Logger &l) {
  log << api_key();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'std::ofstream' [trailguard-tier-leak]
  both << "key=" << api_key();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'std::ofstream' [trailguard-tier-leak]
  l.out << api_key();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value reaches log sink 'std::ofstream' [trailguard-tier-leak]
  l.write(api_key());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value reaches log sink 'std::ofstream' through call to 'Logger::write' [trailguard-tier-leak]
  log << "started";

  std::ostringstream mem;
  mem << api_key();
}
