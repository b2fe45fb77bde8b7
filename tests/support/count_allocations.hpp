// Replaces the global operator new with one that counts, so a test or a
// benchmark can show a path allocates nothing. Include it in exactly one
// source file of the program.
#ifndef TRAILGUARD_TESTS_COUNT_ALLOCATIONS_HPP
#define TRAILGUARD_TESTS_COUNT_ALLOCATIONS_HPP

#include <atomic>
#include <cstdlib>
#include <new>

// Heap allocations through operator new so far.
inline std::atomic<long> allocations{0};

void *operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void *p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

#endif  // TRAILGUARD_TESTS_COUNT_ALLOCATIONS_HPP
