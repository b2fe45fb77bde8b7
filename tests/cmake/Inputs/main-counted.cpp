// main.cpp once the schema has stock.counted: compiles only when the header
// was regenerated from the edited schema.
#include <consumer/events.hpp>

#include <iostream>

int main() {
  consumer::audit::StockCounted event("sku-42", 17);
  std::cout << event.event_name << " " << event.sku << " " << event.counted << "\n";
  return 0;
}
