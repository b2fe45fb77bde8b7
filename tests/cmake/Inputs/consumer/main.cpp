// Builds one generated event and prints its fields with their tiers.
#include <consumer/events.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <type_traits>

namespace {

template <typename T> void print(const T &value) {
  if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>)
    std::cout << value;
  else
    std::cout << "?";
}

template <typename T> void print(const std::optional<T> &value) {
  if (value) print(*value); else std::cout << "-";
}

}  // namespace

int main() {
  consumer::audit::StockAdjusted event("sku-42", -3);
  event.reason = "damaged in transit";
  std::cout << consumer::audit::service_name << " " << event.event_name << "\n";
  event.visit([](const char *name, const auto &value, trailguard::tier tier) {
    std::cout << "  " << name << " (" << trailguard::to_string(tier) << ") = ";
    print(value);
    std::cout << "\n";
  });
  return event.invalid_field() == nullptr ? 0 : 1;
}
