// Forwards sealed lines into PostgreSQL with libpq: one transaction per chunk
// of rows, a binary COPY straight into the table while the lines are new, and
// INSERT ... ON CONFLICT DO NOTHING once some are stored, so that resending is harmless,
// and a comparison of chain values so that a different line at a stored
// seq (a fork, or a row someone rewrote) is an error, never acknowledged.
#include <trailguard/collector/postgres.hpp>

#include <fmt/format.h>
#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <climits>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace trailguard {
namespace collector {
namespace {

// Each error keeps its own message (the server's words, which an enum
// cannot hold), in a ring that the category's message() reads back. The
// ring is large enough for an error to be reported long before 64 more
// errors overwrite it; if one is, its message says so.
class postgres_error_category final : public std::error_category {
 public:
  const char *name() const noexcept override { return "trailguard.postgres"; }

  std::string message(int code) const override {
    std::lock_guard<std::mutex> lock(lock_);
    const auto &slot = slots_[static_cast<unsigned>(code) % slots_.size()];
    if (code > 0 && slot.first == code) return slot.second;
    return "PostgreSQL forwarder error (its message was overwritten by later errors)";
  }

  std::error_code make(std::string text) {
    std::lock_guard<std::mutex> lock(lock_);
    const int code = next_;
    next_ = next_ == INT_MAX ? 1 : next_ + 1;
    slots_[static_cast<unsigned>(code) % slots_.size()] = {code, std::move(text)};
    return {code, *this};
  }

 private:
  mutable std::mutex lock_;
  std::array<std::pair<int, std::string>, 64> slots_;
  int next_ = 1;
};

postgres_error_category &category() {
  static postgres_error_category c;
  return c;
}

struct conn_closer {
  void operator()(PGconn *c) const { PQfinish(c); }
};
struct result_clearer {
  void operator()(PGresult *r) const { PQclear(r); }
};
using connection = std::unique_ptr<PGconn, conn_closer>;
using result = std::unique_ptr<PGresult, result_clearer>;

// libpq's messages end in newlines and continue on indented lines; one
// line reads better inside ours.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool is_identifier_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool is_identifier_char(unsigned char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9') || c == '$';
}

// NAME or SCHEMA.NAME with SQL's rules (unquoted parts fold to lower case,
// "" inside quotes is a quote), always written back quoted, so the name
// can never become SQL of its own.
bool quote_table_name(std::string_view name, std::string &quoted, std::string &error) {
  constexpr std::size_t max_identifier = 63;  // NAMEDATALEN - 1: longer ones get cut
  const std::string usage = "expected NAME or SCHEMA.NAME (letters, digits, _ and $, or "
                            "\"double quoted\"), e.g. trailguard_events or audit.trailguard_events";
  quoted.clear();
  std::size_t parts = 0;
  std::size_t i = 0;
  for (;;) {
    std::string part;
    if (i < name.size() && name[i] == '"') {
      for (++i;; ++i) {
        if (i == name.size()) {
          error = fmt::format("table \"{}\": a quote is not closed; {}", name, usage);
          return false;
        }
        if (name[i] == '"') {
          if (i + 1 < name.size() && name[i + 1] == '"') {
            part += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        if (name[i] == '\0') {
          error = fmt::format("table: the name holds a NUL byte; {}", usage);
          return false;
        }
        part += name[i];
      }
    } else {
      if (i == name.size() || !is_identifier_start(static_cast<unsigned char>(name[i]))) {
        error = name.empty() ? "table: the name is empty; " + usage
                             : fmt::format("table \"{}\": {}", name, usage);
        return false;
      }
      for (; i < name.size() && is_identifier_char(static_cast<unsigned char>(name[i])); ++i) {
        const char c = name[i];
        part += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
    }
    if (part.empty() || part.size() > max_identifier) {
      error = fmt::format("table \"{}\": a name part must have 1 to {} bytes; {}", name,
                          max_identifier, usage);
      return false;
    }
    if (++parts > 2) {
      error = fmt::format("table \"{}\": more than SCHEMA.NAME; {}", name, usage);
      return false;
    }
    if (!quoted.empty()) quoted += '.';
    quoted += '"';
    for (char c : part) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    if (i == name.size()) return true;
    if (name[i] != '.') {
      error = fmt::format("table \"{}\": unexpected '{}' at byte {}; {}", name, name[i], i + 1,
                          usage);
      return false;
    }
    ++i;
  }
}

bool looks_like_conninfo(const std::string &s) {
  return s.find('=') != std::string::npos || s.rfind("postgresql://", 0) == 0 ||
         s.rfind("postgres://", 0) == 0;
}

constexpr std::size_t max_batch_rows = 10000;  // 5 parameters a row on a resend, libpq allows 65535

class postgres_forwarder final : public forwarder {
 public:
  postgres_forwarder(const postgres_options &options, std::string quoted_table)
      : options_(options), table_(std::move(quoted_table)), name_("postgres:" + options.table) {}

  std::string name() const override { return name_; }

  std::error_code stored_through(std::uint64_t &seq) override {
    seq = 0;
    if (auto ec = connect()) return ec;
    const std::string sql = "SELECT max(seq) FROM " + table_ + " WHERE trail = $1";
    const char *params[] = {options_.trail_id.c_str()};
    result r(PQexecParams(conn_.get(), sql.c_str(), 1, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
      return query_failed("reading the highest stored seq", r.get());
    // The forwarder inserts lines in order, one committed chunk after the
    // other, so the rows of a trail have no gap below their max(seq); a gap
    // can only come from someone deleting rows, which trailguard_verify_chain
    // reports. max() is one descent of the primary key index.
    if (PQntuples(r.get()) == 1 && !PQgetisnull(r.get(), 0, 0)) {
      if (!parse_seq(PQgetvalue(r.get(), 0, 0), seq))
        return fail(fmt::format("reading the highest stored seq: the server returned \"{}\"",
                                PQgetvalue(r.get(), 0, 0)));
    }
    return {};
  }

  std::error_code send(const std::vector<sealed_line> &batch,
                       std::uint64_t &acked_through) override {
    acked_through = 0;
    if (batch.empty()) return {};
    if (batch.front().seq == 0)
      return fail("the batch starts at seq 0; sequence numbers start at 1");
    // What the collector already knew to be stored: nothing new got through.
    acked_through = batch.front().seq - 1;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // libpq's text parameters end at a NUL; the encoder never writes one.
      if (batch[i].line.find('\0') != std::string_view::npos)
        return fail(fmt::format("record {} holds a NUL byte, which a text column cannot store "
                                "(nothing of the batch was sent)",
                                batch[i].seq));
      if (i > 0 && batch[i].seq != batch[i - 1].seq + 1)
        return fail(fmt::format("the batch is not in sequence: record {} follows record {} "
                                "(nothing of it was sent)",
                                batch[i].seq, batch[i - 1].seq));
    }
    if (auto ec = connect()) return ec;
    for (std::size_t from = 0; from < batch.size(); from += options_.batch_rows) {
      const std::size_t to = std::min(batch.size(), from + options_.batch_rows);
      if (auto ec = send_chunk(batch, from, to)) return ec;
      acked_through = batch[to - 1].seq;
    }
    return {};
  }

 private:
  // The collector puts the forwarder's name before the message already.
  std::error_code fail(std::string what) { return category().make(std::move(what)); }

  // A failed statement: the server's message and, when the connection is
  // gone, a note that the next call reconnects.
  std::error_code query_failed(std::string_view doing, const PGresult *r) {
    std::string text;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (primary) {
      text = primary;
      if (const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL))
        text += fmt::format(" ({})", detail);
      const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
      const std::string_view sqlstate = state ? state : "";
      if (sqlstate == "42P01")
        text += "; create the table with share/trailguard/postgres/schema.sql (run by its owner)"
                " or fix the table option";
      else if (sqlstate == "42501")
        text += "; the login role of the conninfo needs the trailguard_writer role "
                "(GRANT trailguard_writer TO <role>) and USAGE on the table's schema";
      else if (const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT))
        text += fmt::format(" (hint: {})", hint);
      if (!sqlstate.empty()) text += fmt::format(" [SQLSTATE {}]", sqlstate);
    } else {
      text = one_line(PQerrorMessage(conn_.get()));
      if (text.empty()) text = "no answer from the server";
    }
    if (PQstatus(conn_.get()) == CONNECTION_BAD) {
      conn_.reset();
      return fail(fmt::format("{}: lost the connection to the server: {}; reconnecting at the "
                              "next attempt",
                              doing, text));
    }
    return fail(fmt::format("{}: {}", doing, text));
  }

  std::error_code connect() {
    // A transaction left open by a failure that skipped its rollback would
    // swallow the next chunk into it.
    if (conn_ && PQstatus(conn_.get()) == CONNECTION_OK &&
        PQtransactionStatus(conn_.get()) != PQTRANS_IDLE)
      roll_back();
    if (conn_ && PQstatus(conn_.get()) == CONNECTION_OK) return {};
    conn_.reset();
    // Our defaults come first so the conninfo can override them (libpq
    // keeps the last value of a keyword); the encoding comes last because
    // records must reach the server as the UTF-8 bytes that were sealed.
    const char *keys[] = {"connect_timeout", "fallback_application_name", "dbname",
                          "client_encoding", nullptr};
    const char *values[] = {"10", "trailguard-collector", options_.conninfo.c_str(), "UTF8",
                            nullptr};
    connection c(PQconnectdbParams(keys, values, 1));
    if (!c) return fail("cannot connect: out of memory");
    if (PQstatus(c.get()) != CONNECTION_OK)
      return fail(fmt::format("cannot connect: {}; check the conninfo and that the server is up "
                              "(retrying at the next attempt)",
                              one_line(PQerrorMessage(c.get()))));
    // trailguard_verify_chain hashes convert_to(record, 'UTF8'): in any other
    // server encoding, a stored record may no longer be the sealed bytes.
    const char *encoding = PQparameterStatus(c.get(), "server_encoding");
    if (!encoding || std::string_view(encoding) != "UTF8")
      return fail(fmt::format("the database's encoding is {}, not UTF8: records would not be "
                              "stored byte for byte; create the database WITH ENCODING 'UTF8'",
                              encoding ? encoding : "unknown"));
    conn_ = std::move(c);
    return {};
  }

  static bool parse_seq(const char *text, std::uint64_t &seq) {
    const std::string_view s(text);
    const auto r = std::from_chars(s.data(), s.data() + s.size(), seq);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  }

  // Runs a statement without parameters whose failure ends the chunk.
  std::error_code exec(const char *sql, std::string_view doing) {
    result r(PQexec(conn_.get(), sql));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return query_failed(doing, r.get());
    return {};
  }

  // Leaves the transaction after a failure; if even that fails, the
  // connection is in an unknown state and is dropped.
  void roll_back() {
    if (!conn_) return;
    result r(PQexec(conn_.get(), "ROLLBACK"));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) conn_.reset();
  }

  // COPY's binary rows: a field count, then each field's length and bytes
  // (bigint in network order), so a record needs no escaping at all.
  static void put_int(std::string &out, std::uint64_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
  }
  static void put_text(std::string &out, std::string_view text) {
    put_int(out, text.size(), 4);
    out.append(text.data(), text.size());
  }

  // `sqlstate` gets the server's code when the COPY itself fails.
  std::error_code copy_rows(const std::vector<sealed_line> &batch, std::size_t from,
                            std::size_t to, const std::string &range, std::string &sqlstate) {
    const std::string sql =
        "COPY " + table_ + " (trail, seq, event, record, chain, mac) FROM STDIN (FORMAT binary)";
    const std::string doing = "inserting " + range;
    result start(PQexec(conn_.get(), sql.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) return query_failed(doing, start.get());
    std::string &data = copy_buffer_;
    data.assign("PGCOPY\n\377\r\n\0", 11);
    put_int(data, 0, 4);  // flags
    put_int(data, 0, 4);  // header extension
    bool sent = true;
    for (std::size_t i = from; i < to; ++i) {
      const sealed_line &l = batch[i];
      put_int(data, 6, 2);
      put_text(data, options_.trail_id);
      put_int(data, 8, 4);
      put_int(data, l.seq, 8);
      put_text(data, l.event);
      put_text(data, l.record);
      put_text(data, l.chain);
      put_text(data, l.mac);
      if (data.size() >= (1u << 20) || i + 1 == to) {
        if (i + 1 == to) put_int(data, 0xffff, 2);  // the trailer: -1
        if (PQputCopyData(conn_.get(), data.data(), static_cast<int>(data.size())) != 1) {
          sent = false;
          break;
        }
        data.clear();
      }
    }
    if (PQputCopyEnd(conn_.get(), sent ? nullptr : "the forwarder could not send the rows") != 1 ||
        !sent) {
      result r(PQgetResult(conn_.get()));
      while (result more{PQgetResult(conn_.get())}) {
      }
      return query_failed(doing, r.get());
    }
    result r(PQgetResult(conn_.get()));
    std::error_code ec;
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      const char *state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
      if (state) sqlstate = state;
      ec = query_failed(doing, r.get());
    }
    while (result more{conn_ ? PQgetResult(conn_.get()) : nullptr}) {
    }
    return ec;
  }

  // One transaction per chunk. Lines above what the table holds (the
  // normal case: the loop sends from stored_through()) are copied straight
  // into the table; when some are there already the COPY fails on the
  // primary key (so does a fork), and the chunk goes the careful way:
  // resend_chunk().
  std::error_code send_chunk(const std::vector<sealed_line> &batch, std::size_t from,
                             std::size_t to) {
    const std::uint64_t first = batch[from].seq, last = batch[to - 1].seq;
    const std::string range = first == last ? fmt::format("record {}", first)
                                            : fmt::format("records {}..{}", first, last);
    if (auto ec = exec("BEGIN", "starting the transaction for " + range)) return ec;
    std::string sqlstate;
    if (auto ec = copy_rows(batch, from, to, range, sqlstate)) {
      roll_back();
      if (sqlstate != "23505" || !conn_) return ec;  // not a unique violation
      return resend_chunk(batch, from, to, range);
    }
    if (auto ec = exec("COMMIT", "committing " + range)) {
      // Committed or not, nobody knows: the chunk is resent, which is harmless.
      roll_back();
      return ec;
    }
    return {};
  }

  // One multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING seq, every
  // value a bound parameter; the lines it did not insert are compared with
  // the stored ones by chain value.
  std::error_code resend_chunk(const std::vector<sealed_line> &batch, std::size_t from,
                               std::size_t to, const std::string &range) {
    // Text parameters must end in NUL, and the views into the lines do not.
    const std::size_t rows = to - from;
    std::vector<std::string> storage;
    storage.reserve(rows * 5);
    std::vector<const char *> params;
    params.reserve(1 + rows * 5);
    params.push_back(options_.trail_id.c_str());
    std::string sql = "INSERT INTO " + table_ + " (trail, seq, event, record, chain, mac) VALUES ";
    for (std::size_t i = from; i < to; ++i) {
      const sealed_line &l = batch[i];
      const std::size_t p = params.size() + 1;  // $1 is the trail
      if (i != from) sql += ',';
      sql += fmt::format("($1,${},${},${},${},${})", p, p + 1, p + 2, p + 3, p + 4);
      storage.push_back(std::to_string(l.seq));
      storage.emplace_back(l.event);
      storage.emplace_back(l.record);
      storage.emplace_back(l.chain);
      storage.emplace_back(l.mac);
      for (std::size_t k = storage.size() - 5; k < storage.size(); ++k)
        params.push_back(storage[k].c_str());
    }
    sql += " ON CONFLICT (trail, seq) DO NOTHING RETURNING seq";

    if (auto ec = exec("BEGIN", "starting the transaction for " + range)) return ec;
    result r(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(params.size()), nullptr,
                          params.data(), nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
      auto ec = query_failed("inserting " + range, r.get());
      roll_back();
      return ec;
    }
    std::unordered_set<std::uint64_t> inserted;
    for (int row = 0; row < PQntuples(r.get()); ++row) {
      std::uint64_t seq = 0;
      if (parse_seq(PQgetvalue(r.get(), row, 0), seq)) inserted.insert(seq);
    }
    if (inserted.size() < rows) {
      if (auto ec = check_stored(batch, from, to, inserted)) {
        roll_back();
        return ec;
      }
    }
    if (auto ec = exec("COMMIT", "committing " + range)) {
      // Committed or not, nobody knows: the chunk is resent, which is harmless.
      roll_back();
      return ec;
    }
    return {};
  }

  // The lines of the chunk the table already held: a resend is the same
  // line (same chain value), anything else is a fork or a rewritten row.
  std::error_code check_stored(const std::vector<sealed_line> &batch, std::size_t from,
                               std::size_t to, const std::unordered_set<std::uint64_t> &inserted) {
    const std::uint64_t first = batch[from].seq, last = batch[to - 1].seq;
    const std::string sql =
        "SELECT seq, chain FROM " + table_ + " WHERE trail = $1 AND seq BETWEEN $2 AND $3";
    const std::string lo = std::to_string(first), hi = std::to_string(last);
    const char *params[] = {options_.trail_id.c_str(), lo.c_str(), hi.c_str()};
    result r(PQexecParams(conn_.get(), sql.c_str(), 3, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
      return query_failed(fmt::format("reading the stored records {}..{} back", first, last),
                          r.get());
    std::unordered_map<std::uint64_t, std::string> stored;
    for (int row = 0; row < PQntuples(r.get()); ++row) {
      std::uint64_t seq = 0;
      if (parse_seq(PQgetvalue(r.get(), row, 0), seq)) stored[seq] = PQgetvalue(r.get(), row, 1);
    }
    for (std::size_t i = from; i < to; ++i) {
      const sealed_line &l = batch[i];
      if (inserted.count(l.seq)) continue;
      const auto found = stored.find(l.seq);
      if (found == stored.end())
        return fail(fmt::format("record {} was neither inserted nor found in the table", l.seq));
      if (found->second != l.chain)
        return fail(fmt::format(
            "record {} differs from the one {} holds for trail \"{}\" (chain {} there, {} "
            "here): the trail forked (a writer resumed from older state, or two collectors "
            "share the trail id) or the row was rewritten; it is not acknowledged. Check with "
            "SELECT * FROM trailguard_verify_chain(...) and trailguard-verify",
            l.seq, options_.table, options_.trail_id, found->second, l.chain));
    }
    return {};
  }

  postgres_options options_;
  std::string table_;  // quoted, safe to put into SQL text
  std::string name_;
  connection conn_;
  std::string copy_buffer_;  // kept across chunks
};

}  // namespace

std::unique_ptr<forwarder> open_postgres_forwarder(const postgres_options &options,
                                                   std::string &error) {
  error.clear();
  std::string quoted;
  if (!quote_table_name(options.table, quoted, error)) {
    error = "postgres forwarder: " + error;
    return nullptr;
  }
  if (options.trail_id.empty() || options.trail_id.find('\0') != std::string::npos) {
    error = "postgres forwarder: trail_id must be a non-empty text without NUL bytes (the "
            "trail column: which collector's trail the lines belong to)";
    return nullptr;
  }
  if (options.batch_rows == 0 || options.batch_rows > max_batch_rows) {
    error = fmt::format("postgres forwarder: batch_rows is {}; it must be 1..{}",
                        options.batch_rows, max_batch_rows);
    return nullptr;
  }
  if (options.conninfo.find('\0') != std::string::npos) {
    error = "postgres forwarder: conninfo holds a NUL byte";
    return nullptr;
  }
  // Syntax errors show now rather than at every reconnect. The message is
  // libpq's, which names the bad keyword and never echoes a password.
  if (looks_like_conninfo(options.conninfo)) {
    char *message = nullptr;
    PQconninfoOption *parsed = PQconninfoParse(options.conninfo.c_str(), &message);
    if (!parsed) {
      error = fmt::format("postgres forwarder: invalid conninfo: {}",
                          message ? one_line(message) : std::string("out of memory"));
      PQfreemem(message);
      return nullptr;
    }
    PQconninfoFree(parsed);
  }
  return std::make_unique<postgres_forwarder>(options, std::move(quoted));
}

}  // namespace collector
}  // namespace trailguard
