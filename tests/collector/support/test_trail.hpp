// Trail options the collector's tests share: the keys create_trail_keys()
// made in a directory, checkpoints by count only, service "shop".
#ifndef TRAILGUARD_TESTS_COLLECTOR_TEST_TRAIL_HPP
#define TRAILGUARD_TESTS_COLLECTOR_TEST_TRAIL_HPP

#include <trailguard/trail.hpp>

#include <chrono>
#include <cstdint>
#include <string>

inline trailguard::trail_options test_trail_options(const std::string &keys_dir,
                                                    std::uint64_t checkpoint_every) {
  trailguard::trail_options t;
  t.state_file = keys_dir + "/state.json";
  t.signing_key_file = keys_dir + "/signing.pem";
  t.checkpoint_every = checkpoint_every;
  t.checkpoint_interval = std::chrono::hours(1);  // never by time: the tests decide
  t.service = "shop";
  return t;
}

#endif  // TRAILGUARD_TESTS_COLLECTOR_TEST_TRAIL_HPP
