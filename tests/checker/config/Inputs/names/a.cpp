// Declares some of names.yaml's names; b.cpp declares the others.
namespace legacy {
struct User {
  const char *password;
  const char *email;
};
} // namespace legacy
namespace mylog {
void write(const char *Line);
class DebugStream {};
} // namespace mylog
