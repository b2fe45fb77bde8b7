// The PostgreSQL forwarder: stores the collector's sealed lines in an
// append-only table (collector/postgres/schema.sql) with idempotent,
// batched inserts, so a resend after a failure never duplicates a line.
#ifndef TRAILGUARD_COLLECTOR_POSTGRES_HPP
#define TRAILGUARD_COLLECTOR_POSTGRES_HPP

#include <trailguard/collector/forwarder.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace trailguard {
namespace collector {

struct postgres_options {
  // A libpq connection string ("host=db dbname=audit user=collector") or
  // URI; empty means libpq's defaults (PGHOST, PGUSER, ... and ~/.pgpass).
  std::string conninfo;
  // The table schema.sql created, NAME or SCHEMA.NAME as in SQL: unquoted
  // parts are folded to lower case, "double quoted" ones kept as written.
  std::string table = "trailguard_events";
  // The value of the trail column: which collector's trail these lines are.
  std::string trail_id;
  // Rows per transaction, one COPY each (1..10000).
  std::size_t batch_rows = 5000;
};

// Null and `error` set (a clear message) when the options are invalid.
// Connecting happens lazily in stored_through()/send(), so a database that
// is down at start is an error there, not here. The forwarder is used by
// one thread at a time; its errors carry the server's message in
// error_code::message().
std::unique_ptr<forwarder> open_postgres_forwarder(const postgres_options &options,
                                                   std::string &error);

}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_POSTGRES_HPP
