#include "messages.h"

const char *messageFor(int Kind) {
  switch (Kind) {
  case 0:
    return "user logged in";
  case 1:
    return "user logged out";
  }
  return "unknown event";
}
std::string greeting(const std::string &Name) { return "hello " + Name; }
std::string alias(int Kind) { return messageFor(Kind); }
