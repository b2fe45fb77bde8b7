#!/usr/bin/env python3
"""Writes a synthetic, realistic trailguard event schema for benchmarks.

usage: python3 bench/make-schema.py [--events N] [--seed S] -o SCHEMA.yaml
                                    [--use-cpp USE.cpp --header NAME.hpp]

The schema has N events (default 200) of 6 to 10 fields each: every field
type (strings with and without max_length or pattern, enums of 3 to 6
members, string lists, numbers, timestamps, durations, IP addresses), about
40% of them required, all three tiers, outcomes, OCSF/ECS mappings and
context subsets on some events. The output depends only on N and the seed.

--use-cpp writes a translation unit that includes NAME.hpp and uses one
event: constructs it with its required fields, sets an optional field,
visits it and calls invalid_field(). Only the Python standard library.
"""
import argparse
import random
import sys

DOMAINS = ["authn", "authz", "account", "billing", "order", "payment", "inventory",
           "shipping", "catalog", "report", "admin", "session", "token", "file",
           "export", "import", "webhook", "api", "config", "audit"]
ACTIONS = ["create", "read", "update", "delete", "approve", "reject", "lock", "unlock",
           "grant", "revoke", "start", "stop", "retry", "fail", "expire", "renew",
           "archive", "restore", "sync", "verify"]
# Realistic fields: name, type, tier, and for strings a typical max_length
# and sometimes a pattern. Generated members (outcome, visit, event_name,
# invalid_field, NAME_max_length, ...) are avoided on purpose.
FIELDS = [
    ("user_id", "string", "restricted", 64, "^[a-z0-9_]+$"),
    ("account_id", "string", "restricted", 64, None),
    ("order_id", "string", "unrestricted", 32, "^[0-9a-f]{16,64}$"),
    ("target_id", "string", "restricted", 64, None),
    ("token_id", "string", "sensitive", 128, None),
    ("resource", "string", "unrestricted", 1024, "^/[A-Za-z0-9/._-]*$"),
    ("object_name", "string", "unrestricted", 256, None),
    ("request_path", "string", "unrestricted", 2048, None),
    ("user_agent", "string", "restricted", 1024, None),
    ("file_name", "string", "restricted", 255, None),
    ("checksum", "string", "unrestricted", 64, "^[0-9a-f]{16,64}$"),
    ("currency", "string", "unrestricted", 3, "^[A-Z]{3}$"),
    ("country", "string", "restricted", 2, None),
    ("locale", "string", "unrestricted", 16, None),
    ("tenant", "string", "unrestricted", 64, None),
    ("queue", "string", "unrestricted", 64, None),
    ("detail", "string", "unrestricted", None, None),
    ("client_ip", "ip_address", "restricted", None, None),
    ("peer_ip", "ip_address", "restricted", None, None),
    ("reason", "enum", "unrestricted", None, None),
    ("method", "enum", "unrestricted", None, None),
    ("status", "enum", "unrestricted", None, None),
    ("risk", "enum", "unrestricted", None, None),
    ("channel", "enum", "unrestricted", None, None),
    ("plan", "enum", "unrestricted", None, None),
    ("amount", "int64", "restricted", None, None),
    ("attempts", "uint64", "unrestricted", None, None),
    ("limit", "uint64", "unrestricted", None, None),
    ("file_size", "uint64", "unrestricted", None, None),
    ("batch_size", "uint64", "unrestricted", None, None),
    ("http_status", "uint64", "unrestricted", None, None),
    ("score", "double", "unrestricted", None, None),
    ("approved", "bool", "unrestricted", None, None),
    ("dry_run", "bool", "unrestricted", None, None),
    ("created_at", "timestamp", "unrestricted", None, None),
    ("expires_at", "timestamp", "unrestricted", None, None),
    ("elapsed", "duration", "unrestricted", None, None),
    ("scopes", "string_list", "unrestricted", 64, None),
    ("roles", "string_list", "unrestricted", 64, None),
    ("tags", "string_list", "unrestricted", None, None),
]
ENUM_WORDS = ["none", "low", "medium", "high", "critical", "password", "totp", "passkey",
              "sso", "email", "sms", "push", "manual", "automatic", "scheduled", "pending",
              "active", "suspended", "closed", "other"]
CONTEXTS = [None, None, None, "[]", "[actor, request_id]", "[source_address, request_id]",
            "[session]"]
ECS = [("authentication", "start"), ("iam", "change"), ("session", "end"),
       ("file", "creation"), ("configuration", "change"), ("process", "start")]


def pascal(name):
    return "".join(p[:1].upper() + p[1:] for p in name.replace(".", "_").split("_") if p)


def make_events(count, rng):
    names = [f"{d}.{a}" for d in DOMAINS for a in ACTIONS]
    rng.shuffle(names)
    events = []
    for i in range(count):
        base = names[i % len(names)]
        name = base if i < len(names) else f"{base}_v{i // len(names) + 1}"
        fields = []
        for j, (word, ftype, tier, max_length, pattern) in enumerate(
                rng.sample(FIELDS, rng.randint(6, 10))):
            field = {"name": word, "type": ftype, "tier": tier,
                     # The first field is always required so that every
                     # event has a constructor with arguments.
                     "required": j == 0 or rng.random() < 0.4}
            if ftype == "enum":
                field["members"] = rng.sample(ENUM_WORDS, rng.randint(3, 6))
            if max_length and rng.random() < 0.8:
                field["max_length"] = max_length
            if pattern and rng.random() < 0.5:
                field["pattern"] = pattern
            if rng.random() < 0.5:
                field["description"] = f"The {word.replace('_', ' ')} of the {base} event."
            fields.append(field)
        ev = {"name": name, "fields": fields,
              "outcome": rng.choice([None, "success", "failure"]),
              "context": rng.choice(CONTEXTS)}
        if rng.random() < 0.3:
            ev["ocsf"] = (rng.choice([3001, 3002, 3003, 6002]), rng.randint(1, 4))
        if rng.random() < 0.3:
            ev["ecs"] = rng.choice(ECS)
        events.append(ev)
    return events


def yaml_text(events, seed):
    out = ["# Synthetic benchmark schema written by bench/make-schema.py; do not edit.",
           "format: 1", "namespace: bench::audit", "service: bench",
           f'version: "1.{seed}"', "events:"]
    for ev in events:
        out += [f"  - name: {ev['name']}", '    version: "1.0"',
                f"    description: \"The {ev['name']} event of the benchmark service.\""]
        if ev["outcome"]:
            out.append(f"    outcome: {ev['outcome']}")
        if "ocsf" in ev:
            out.append("    ocsf: { class_uid: %d, activity_id: %d }" % ev["ocsf"])
        if "ecs" in ev:
            out.append("    ecs: { category: [%s], type: [%s] }" % ev["ecs"])
        if ev["context"]:
            out.append(f"    context: {ev['context']}")
        out.append("    fields:")
        for f in ev["fields"]:
            out += [f"      - name: {f['name']}", f"        type: {f['type']}",
                    f"        tier: {f['tier']}"]
            if f["required"]:
                out.append("        required: true")
            if "members" in f:
                out.append(f"        members: [{', '.join(f['members'])}]")
            if "max_length" in f:
                out.append(f"        max_length: {f['max_length']}")
            if "pattern" in f:
                out.append(f"        pattern: \"{f['pattern']}\"")
            if "description" in f:
                out.append(f"        description: \"{f['description']}\"")
    return "\n".join(out) + "\n"


def value(struct, f):
    t = f["type"]
    return {
        "string": 'std::string("x")', "ip_address": 'std::string("192.0.2.1")',
        "bool": "true", "int64": "std::int64_t{1}", "uint64": "std::uint64_t{1}",
        "double": "1.0", "timestamp": "std::chrono::system_clock::time_point{}",
        "duration": "std::chrono::nanoseconds{1}",
        "string_list": 'std::vector<std::string>{"x"}',
    }.get(t) or f"{struct}::{pascal(f['name'])}::{f['members'][0]}"


def use_cpp(events, header):
    ev = events[len(events) // 2]  # one event from the middle of the header
    struct = "bench::audit::" + pascal(ev["name"])
    args = ", ".join(value(struct, f) for f in ev["fields"] if f["required"])
    optional = [f for f in ev["fields"] if not f["required"]]
    lines = [f"// Uses one event of {header}; written by bench/make-schema.py.",
             f'#include "{header}"', "",
             "int main() {",
             f"  {struct} e({args});"]
    if optional:
        lines.append(f"  e.{optional[0]['name']} = {value(struct, optional[0])};")
    lines += ["  int fields = 0;",
              "  e.visit([&](const char *, const auto &, trailguard::tier) { ++fields; });",
              "  return (e.invalid_field() == nullptr && fields > 0) ? 0 : 1;", "}"]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description="Write a synthetic trailguard schema.")
    ap.add_argument("--events", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--use-cpp")
    ap.add_argument("--header", default="events.hpp")
    a = ap.parse_args()
    if a.events < 1:
        ap.error("--events must be at least 1")
    events = make_events(a.events, random.Random(a.seed))
    with open(a.output, "w") as f:
        f.write(yaml_text(events, a.seed))
    if a.use_cpp:
        with open(a.use_cpp, "w") as f:
            f.write(use_cpp(events, a.header))
    return 0


if __name__ == "__main__":
    sys.exit(main())
