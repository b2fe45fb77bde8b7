// Declares the names of names.yaml that a.cpp does not.
namespace mylog {
void flush(const char *Line);
}
namespace legacy {
struct Trail {
  void record(const char *Message);
};
} // namespace legacy
namespace crypto {
const char *hmac_hex(const char *Text);
}
