// Audit messages chosen in another translation unit.
#pragma once
#include <trailguard/annotations.hpp>
#include <string>

TG_AUDIT_SINK void audit(const std::string &Message, const std::string &User);
const char *messageFor(int Kind);
std::string greeting(const std::string &Name);
std::string alias(int Kind);
