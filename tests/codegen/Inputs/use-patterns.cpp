// invalid_field() with the patterns of patterns.yaml: what it accepts and
// refuses, including the values that crashed or stalled std::regex
// (issue 12, defect 8). Exits 0 when all agree.
#include "patterns.hpp"

#include <cstdio>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const char *what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  using pat::audit::PatCheck;
  PatCheck e("abc");
  expect(e.invalid_field() == nullptr, "letters abc");
  e.letters = std::string(100000, 'a');
  expect(e.invalid_field() == nullptr, "100000 letters");
  e.letters += "1";
  expect(e.invalid_field() == std::string("letters"), "100000 letters and a digit");
  e.letters = "";
  expect(e.invalid_field() == std::string("letters"), "no letters");
  e.letters = "ok";

  e.ambiguous = std::string(64, 'a') + "b";
  expect(e.invalid_field() == std::string("ambiguous"), "(a|aa)+$ mismatch");
  e.ambiguous = std::string(64, 'a');
  expect(e.invalid_field() == nullptr, "(a|aa)+$ match");

  e.word = "foo-bar_1";
  expect(e.invalid_field() == nullptr, "word");
  e.word = "foo--bar";
  expect(e.invalid_field() == std::string("word"), "word with two dashes");
  e.word.reset();

  e.one_char = "\xc3\xa9";
  expect(e.invalid_field() == nullptr, "one UTF-8 character");
  e.one_char = "ab";
  expect(e.invalid_field() == std::string("one_char"), "two characters");
  e.one_char = "\xff";
  expect(e.invalid_field() == std::string("one_char"), "not UTF-8");
  e.one_char.reset();

  e.code = "AB123";
  expect(e.invalid_field() == nullptr, "code");
  e.code = "AB12345";
  expect(e.invalid_field() == std::string("code"), "code too long");
  e.code.reset();

  e.counted = std::string(300, 'f');
  expect(e.invalid_field() == nullptr, "300 hex digits");
  e.counted = std::string(301, 'f');
  expect(e.invalid_field() == std::string("counted"), "301 hex digits");
  e.counted.reset();

  e.next = "nnn";
  e.dfa = "ddd";
  expect(e.invalid_field() == nullptr, "fields named next and dfa");
  e.next = "x";
  expect(e.invalid_field() == std::string("next"), "field next mismatch");
  e.next.reset();
  e.dfa = "x";
  expect(e.invalid_field() == std::string("dfa"), "field dfa mismatch");
  return failures == 0 ? 0 : 1;
}
