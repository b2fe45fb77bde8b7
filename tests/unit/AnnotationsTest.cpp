// Checks what the annotation macros expand to under the compiler at hand.
#include <trailguard/annotations.hpp>

#include <gtest/gtest.h>

#include <string>

#define TG_TEST_STR2(...) #__VA_ARGS__
#define TG_TEST_STR(...) TG_TEST_STR2(__VA_ARGS__)

namespace {

struct TG_SENSITIVE api_key {
  char bytes[8];
};

struct user {
  TG_SENSITIVE std::string password;
  TG_RESTRICTED std::string email;
  TG_UNRESTRICTED int id = 0;
};

TG_DECLASSIFY std::string redact(const std::string&) { return "***"; }

#if defined(__clang__)
constexpr bool annotating = true;
#else
constexpr bool annotating = false;
#endif

TEST(Annotations, ExpandToClangAnnotateOrNothing) {
  const std::string expanded = TG_TEST_STR(TG_SENSITIVE);
  if (annotating) {
    EXPECT_EQ(expanded, "__attribute__((annotate(\"trailguard:tier=sensitive\")))");
  } else {
    EXPECT_EQ(expanded, "");
  }
}

TEST(Annotations, EveryMacroCarriesItsOwnString) {
  if (!annotating) GTEST_SKIP() << "annotations are empty on this compiler";
  EXPECT_NE(std::string(TG_TEST_STR(TG_RESTRICTED)).find("trailguard:tier=restricted"), std::string::npos);
  EXPECT_NE(std::string(TG_TEST_STR(TG_UNRESTRICTED)).find("trailguard:tier=unrestricted"), std::string::npos);
  EXPECT_NE(std::string(TG_TEST_STR(TG_LOG_SINK)).find("trailguard:log_sink"), std::string::npos);
  EXPECT_NE(std::string(TG_TEST_STR(TG_AUDIT_SINK)).find("trailguard:audit_sink"), std::string::npos);
  EXPECT_NE(std::string(TG_TEST_STR(TG_DECLASSIFY)).find("trailguard:declassify"), std::string::npos);
}

TEST(Annotations, DoNotChangeLayoutOrBehaviour) {
  EXPECT_EQ(sizeof(api_key), 8u);
  user u{"hunter2", "a@example.com", 7};
  EXPECT_EQ(u.id, 7);
  EXPECT_EQ(redact(u.password), "***");
}

}  // namespace
