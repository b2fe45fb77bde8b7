// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An override of a TG_SENSITIVE virtual function returns the same kind of
// value, even when the override itself is not annotated.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct KeySource {
  virtual ~KeySource();
  TG_SENSITIVE virtual std::string key() const;
  virtual std::string name() const;
};

struct FileKeySource : KeySource {
  std::string key() const override;
  std::string name() const override;
};

void f(const FileKeySource &s) {
  puts(s.key().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(s.name().c_str());
}
