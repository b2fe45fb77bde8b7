// Third-party code that cannot be annotated: the configuration says what it holds.
#include <string>

namespace legacy {
struct User {
  std::string name;
  std::string password;
  std::string email;
};
struct Key {
  std::string material;
};
std::string load_token();
extern const char *master_secret;
struct Trail {
  void record(int level, const std::string &message);
};
} // namespace legacy

namespace mylog {
void write(int level, const std::string &message, const std::string &tag);
}
namespace crypto {
std::string hmac_hex(const std::string &secret);
}
