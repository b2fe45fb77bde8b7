// The PostgreSQL forwarder against a real server (with-postgres.sh): real
// sealed lines stored once and idempotently, forks refused, the table
// append-only for the writer role and its triggers, the SQL chain check
// finding rewritten and deleted rows, and a server that goes away mid-run.
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/collector/postgres.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include "test_trail.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <ftw.h>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace trailguard;
using namespace trailguard::collector;
using Login = shop::audit::AuthnLoginSuccess;
using rows = std::vector<std::vector<std::string>>;

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};

std::string env(const char *name) {
  const char *v = std::getenv(name);
  return v ? v : "";
}

std::string read_all(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory per trail, removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    char pattern[] = "/tmp/tg-pg-test-XXXXXX";
    if (!::mkdtemp(pattern)) std::abort();
    path_ = pattern;
  }
  ~temp_dir() {
    const auto remove = [](const char *p, const struct stat *, int, FTW *) { return ::remove(p); };
    ::nftw(path_.c_str(), remove, 16, FTW_DEPTH | FTW_PHYS);
  }
  temp_dir(const temp_dir &) = delete;
  temp_dir &operator=(const temp_dir &) = delete;
  const std::string &path() const { return path_; }

 private:
  std::string path_;
};

// A sealed trail written by the runtime: `events` logins with a checkpoint
// every 10 records and one at close, from fresh keys. `user` makes two
// trails differ line by line (a fork has the same seqs, other chains).
std::vector<std::string> sealed_trail(int events, const std::string &user = "user") {
  temp_dir dir;
  std::string detail;
  EXPECT_FALSE(create_trail_keys(dir.path(), &detail)) << detail;
  const trail_options t = test_trail_options(dir.path(), 10);
  std::error_code ec;
  auto seal = open_trail_sealer(t, ec, &detail);
  EXPECT_TRUE(seal) << ec.message() << ": " << detail;

  auditor_options ao;
  ao.service = "shop";
  auditor a(ao);
  auto mem = std::make_shared<memory_sink>();
  sink_options so;
  so.seal = seal;
  a.add_sink(mem, so);
  for (int i = 0; i < events; ++i) {
    // Non-ASCII and characters the encoder escapes: the table must keep the
    // record's bytes exactly for the chain to hash right.
    Login e(user + "-" + std::to_string(i) + (i % 3 == 0 ? "-j\xc3\xbcrgen \"q\"\\" : ""),
            Login::Method::password);
    EXPECT_TRUE(a.emit(e, request).ok());
  }
  EXPECT_FALSE(a.close());
  return mem->lines();
}

std::vector<sealed_line> parsed(const std::vector<std::string> &lines, std::size_t from = 0,
                                std::size_t to = std::string::npos) {
  std::vector<sealed_line> out;
  to = std::min(to, lines.size());
  for (std::size_t i = from; i < to; ++i) {
    sealed_line l;
    EXPECT_TRUE(parse_sealed_line(lines[i], l)) << lines[i];
    out.push_back(l);
  }
  return out;
}

// One connection to the test server (PGHOST... from with-postgres.sh).
class session {
 public:
  explicit session(std::string conninfo = "") : conninfo_(std::move(conninfo)) { open(); }
  ~session() {
    if (conn_) PQfinish(conn_);
  }
  session(const session &) = delete;
  session &operator=(const session &) = delete;

  // Runs SQL that must succeed; the rows of its last statement.
  rows ok(const std::string &sql) {
    std::string error;
    rows out;
    EXPECT_TRUE(run(sql, out, error)) << sql << "\n" << error;
    return out;
  }
  // Runs SQL that must fail; the server's message.
  std::string fails(const std::string &sql) {
    std::string error;
    rows out;
    EXPECT_FALSE(run(sql, out, error)) << sql << " succeeded";
    return error;
  }
  std::string one(const std::string &sql) {
    const rows r = ok(sql);
    return r.size() == 1 && r[0].size() == 1 ? r[0][0] : "<not one value>";
  }

 private:
  void open() {
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(conninfo_.c_str());
    ASSERT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
  }
  bool run(const std::string &sql, rows &out, std::string &error) {
    PGresult *r = PQexec(conn_, sql.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      // The server restarted under this session: start over once.
      PQclear(r);
      open();
      r = PQexec(conn_, sql.c_str());
    }
    const auto status = PQresultStatus(r);
    const bool good = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!good) error = PQresultErrorMessage(r);
    for (int i = 0; i < PQntuples(r); ++i) {
      out.emplace_back();
      for (int j = 0; j < PQnfields(r); ++j)
        out.back().push_back(PQgetisnull(r, i, j) ? "<null>" : PQgetvalue(r, i, j));
    }
    PQclear(r);
    return good;
  }

  std::string conninfo_;
  PGconn *conn_ = nullptr;
};

constexpr const char *writer_login = "tg_collector";

class PostgresForwarder : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_FALSE(env("PGHOST").empty() || env("TRAILGUARD_PG_SQL_DIR").empty())
        << "run under tests/collector/postgres/with-postgres.sh";
  }

  // Each test gets its own schema holding schema.sql's and verify.sql's
  // objects, and the table is named schema-qualified, as a DBA might.
  void SetUp() override {
    schema = "t_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (char &c : schema) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    table = schema + ".trailguard_events";
    const std::string dir = env("TRAILGUARD_PG_SQL_DIR");
    admin.ok("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
    admin.ok("SET search_path = " + schema);
    admin.ok(read_all(dir + "/schema.sql"));
    admin.ok(read_all(dir + "/verify.sql"));
    admin.ok("GRANT USAGE ON SCHEMA " + schema + " TO trailguard_writer");
    admin.ok(std::string("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '") +
             writer_login + "') THEN CREATE ROLE " + writer_login +
             " LOGIN IN ROLE trailguard_writer; END IF; END $$");
  }

  postgres_options options(const std::string &trail = "shop", std::size_t batch_rows = 8) {
    postgres_options o;
    o.conninfo = std::string("user=") + writer_login;
    o.table = table;
    o.trail_id = trail;
    o.batch_rows = batch_rows;
    return o;
  }

  postgres_options with_table(const std::string &name) {
    postgres_options o = options();
    o.table = name;
    return o;
  }

  std::unique_ptr<forwarder> open(const postgres_options &o) {
    std::string error;
    auto f = open_postgres_forwarder(o, error);
    EXPECT_TRUE(f) << error;
    EXPECT_EQ(error, "");
    return f;
  }

  std::uint64_t send_ok(forwarder &f, const std::vector<sealed_line> &batch) {
    std::uint64_t acked = 12345;
    const std::error_code ec = f.send(batch, acked);
    EXPECT_FALSE(ec) << ec.message();
    return acked;
  }

  std::uint64_t stored_ok(forwarder &f) {
    std::uint64_t seq = 12345;
    const std::error_code ec = f.stored_through(seq);
    EXPECT_FALSE(ec) << ec.message();
    return seq;
  }

  // trailguard_verify_chain's first problem as "seq what", or "intact".
  std::string verify(const std::string &trail = "shop") {
    const rows r = admin.ok("SELECT seq, what, detail FROM " + schema +
                            ".trailguard_verify_chain('" + trail + "', '" + table + "')");
    if (r.empty()) return "intact";
    detail = r[0][2];
    return r[0][0] + " " + r[0][1];
  }

  std::string count(const std::string &trail = "shop") {
    return admin.one("SELECT count(*) FROM " + table + " WHERE trail = '" + trail + "'");
  }

  session admin{"options='-c client_min_messages=warning'"};
  std::string schema, table, detail;
};

TEST_F(PostgresForwarder, StoresEveryLineOnceAndTheChainChecksOut) {
  const auto lines = sealed_trail(31);  // 31 logins, checkpoints at 11, 22, 33 and 35
  ASSERT_EQ(lines.size(), 35u);
  auto f = open(options());
  EXPECT_EQ(f->name(), "postgres:" + table);
  EXPECT_EQ(stored_ok(*f), 0u);
  EXPECT_EQ(send_ok(*f, parsed(lines)), 35u);  // 5 chunks of 8 or fewer
  EXPECT_EQ(stored_ok(*f), 35u);

  EXPECT_EQ(count(), "35");
  EXPECT_EQ(verify(), "intact");
  // Byte for byte the lines of the trail, rebuilt from the columns.
  const rows exported = admin.ok("SELECT " + schema + ".trailguard_export_lines('shop', '" +
                                 table + "')");
  ASSERT_EQ(exported.size(), lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(exported[i][0], lines[i]) << i;
  EXPECT_EQ(admin.one("SELECT count(*) FROM " + table + " WHERE event = 'trailguard.checkpoint'"),
            "4");
  EXPECT_EQ(admin.one("SELECT event FROM " + table + " WHERE seq = 1"), "authn.login_success");

  // Another trail in the same table is its own sequence.
  auto other = open(options("billing"));
  EXPECT_EQ(stored_ok(*other), 0u);
  const auto billing = sealed_trail(3, "bill");
  EXPECT_EQ(send_ok(*other, parsed(billing)), billing.size());
  EXPECT_EQ(stored_ok(*other), billing.size());
  EXPECT_EQ(stored_ok(*f), 35u);
  EXPECT_EQ(verify("billing"), "intact");
}

TEST_F(PostgresForwarder, ResendingStoredLinesIsAcknowledgedWithoutDuplicates) {
  const auto lines = sealed_trail(31);
  auto f = open(options());
  EXPECT_EQ(send_ok(*f, parsed(lines, 0, 20)), 20u);
  // Overlapping the stored lines, then all of them again, then from a new
  // forwarder as after a collector restart.
  EXPECT_EQ(send_ok(*f, parsed(lines, 10, 35)), 35u);
  EXPECT_EQ(send_ok(*f, parsed(lines)), 35u);
  auto again = open(options("shop", 500));
  EXPECT_EQ(stored_ok(*again), 35u);
  EXPECT_EQ(send_ok(*again, parsed(lines, 34)), 35u);
  EXPECT_EQ(count(), "35");
  EXPECT_EQ(admin.one("SELECT count(DISTINCT seq) FROM " + table), "35");
  EXPECT_EQ(verify(), "intact");
}

TEST_F(PostgresForwarder, ADifferentLineAtAStoredSeqIsAnErrorAndNotAcknowledged) {
  const auto lines = sealed_trail(12);
  const auto fork = sealed_trail(12, "mallory");
  auto f = open(options("shop", 4));
  EXPECT_EQ(send_ok(*f, parsed(lines, 0, 10)), 10u);

  // seq 5..8 resent as they are (committed), then 9 and the fork's 10:
  // that chunk is refused as a whole, 11 and 12 with it.
  std::vector<sealed_line> batch = parsed(lines, 4, 9);
  batch.push_back(parsed(fork, 9, 10)[0]);
  for (const auto &l : parsed(lines, 10, 12)) batch.push_back(l);
  std::uint64_t acked = 0;
  const std::error_code ec = f->send(batch, acked);
  ASSERT_TRUE(ec);
  EXPECT_EQ(acked, 8u);
  const std::string message = ec.message();
  EXPECT_NE(message.find("record 10 differs from the one " + table + " holds for trail \"shop\""),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(std::string(parsed(fork, 9, 10)[0].chain)), std::string::npos) << message;

  EXPECT_EQ(count(), "10");
  sealed_line ten;
  ASSERT_TRUE(parse_sealed_line(lines[9], ten));
  EXPECT_EQ(admin.one("SELECT chain FROM " + table + " WHERE seq = 10"), std::string(ten.chain));
  EXPECT_EQ(stored_ok(*f), 10u);
  EXPECT_EQ(verify(), "intact");
  // The real lines still go through afterwards.
  EXPECT_EQ(send_ok(*f, parsed(lines, 9)), lines.size());
}

TEST_F(PostgresForwarder, TheWriterRoleMayOnlyAddRowsAndTriggersStopEveryoneElse) {
  const auto lines = sealed_trail(5);
  auto f = open(options());
  ASSERT_EQ(send_ok(*f, parsed(lines)), lines.size());
  const std::string n = count();

  session writer(std::string("user=") + writer_login);
  EXPECT_EQ(writer.one("SELECT count(*) FROM " + table), n);
  for (const std::string &sql :
       {"UPDATE " + table + " SET event = 'x' WHERE seq = 2", "DELETE FROM " + table,
        "DELETE FROM " + table + " WHERE seq = 3", "TRUNCATE " + table}) {
    const std::string error = writer.fails(sql);
    EXPECT_NE(error.find("permission denied for table trailguard_events"), std::string::npos)
        << sql << ": " << error;
  }
  for (const std::string &sql :
       {"UPDATE " + table + " SET event = 'x' WHERE seq = 2", "DELETE FROM " + table,
        "TRUNCATE " + table,
        // Replication mode silences ordinary triggers, not ENABLE ALWAYS ones.
        "SET session_replication_role = replica; DELETE FROM " + table}) {
    const std::string error = admin.fails(sql);
    EXPECT_NE(error.find("refused: the audit trail is append-only"), std::string::npos)
        << sql << ": " << error;
  }
  admin.ok("SET session_replication_role = origin");
  EXPECT_EQ(count(), n);
  EXPECT_EQ(verify(), "intact");
}

// chain and mac are checked without a regular expression (which cost more
// than the rest of a row's insert); a table made by an older schema.sql gets
// the new checks when schema.sql runs again, and they refuse the same values.
TEST_F(PostgresForwarder, SchemaSqlReplacesOlderRegexChecksAndStillRefusesBadHex) {
  for (const char *column : {"chain", "mac"})
    admin.ok(std::string("ALTER TABLE ") + table + " DROP CONSTRAINT trailguard_events_" + column +
             "_check, ADD CONSTRAINT trailguard_events_" + column + "_check CHECK (" + column +
             " ~ '^[0-9a-f]{64}$')");
  admin.ok(read_all(env("TRAILGUARD_PG_SQL_DIR") + "/schema.sql"));
  const rows defs = admin.ok("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE "
                             "conrelid = '" + table + "'::regclass AND conname IN "
                             "('trailguard_events_chain_check', 'trailguard_events_mac_check')");
  ASSERT_EQ(defs.size(), 2u);
  for (const auto &d : defs) EXPECT_EQ(d[1].find('~'), std::string::npos) << d[0] << ": " << d[1];

  const auto lines = sealed_trail(3);
  auto f = open(options());
  ASSERT_EQ(send_ok(*f, parsed(lines)), lines.size());
  const std::string good(64, 'a');
  const auto insert = [&](const std::string &chain, const std::string &mac) {
    return "INSERT INTO " + table + " (trail, seq, event, record, chain, mac) VALUES ('hex', 1, "
           "'', '{\"seq\":1,', '" + chain + "', '" + mac + "')";
  };
  for (const std::string &bad : {std::string(64, 'A'), std::string(63, 'a') + "g",
                                  std::string(63, 'a') + " ", std::string(63, 'a'),
                                  std::string(65, 'a'), std::string(62, 'a') + "\u00e9"}) {
    admin.fails(insert(bad, good));
    admin.fails(insert(good, bad));
  }
  admin.ok(insert("0123456789abcdef" + std::string(48, 'f'), good));
}

TEST_F(PostgresForwarder, TheChainCheckFindsRowsRewrittenOrDeletedBehindTheTriggers) {
  const auto lines = sealed_trail(20);
  auto f = open(options());
  ASSERT_EQ(send_ok(*f, parsed(lines)), lines.size());
  ASSERT_EQ(verify(), "intact");

  // The owner (here a superuser) can switch the guard off.
  admin.ok("ALTER TABLE " + table + " DISABLE TRIGGER trailguard_no_update_delete");
  const std::string original = admin.one("SELECT record FROM " + table + " WHERE seq = 7");
  ASSERT_NE(original.find("user-"), std::string::npos);
  admin.ok("UPDATE " + table + " SET record = replace(record, 'user-', 'admin-') WHERE seq = 7");
  EXPECT_EQ(verify(), "7 modified");
  EXPECT_NE(detail.find("record 7 does not match its chain value"), std::string::npos) << detail;

  // Recomputing the row's chain value moves the mismatch to the next row:
  // only the MACs (trailguard-verify --key) pin it to row 7.
  admin.ok("UPDATE " + table + " e SET chain = encode(sha256(decode(p.chain, 'hex') || "
           "convert_to(e.record, 'UTF8')), 'hex') FROM " + table +
           " p WHERE e.seq = 7 AND p.seq = 6 AND p.trail = e.trail");
  EXPECT_EQ(verify(), "8 modified");

  // Back as it was (the original chain is in the line), then deletions.
  sealed_line seven;
  ASSERT_TRUE(parse_sealed_line(lines[6], seven));
  admin.ok("UPDATE " + table + " SET record = '" + std::string(seven.record) + "', chain = '" +
           std::string(seven.chain) + "' WHERE seq = 7");
  EXPECT_EQ(verify(), "intact");
  admin.ok("DELETE FROM " + table + " WHERE seq = 12");
  EXPECT_EQ(verify(), "12 gap");
  EXPECT_EQ(detail, "record 12 is missing");
  admin.ok("DELETE FROM " + table + " WHERE seq = 13");
  EXPECT_EQ(verify(), "12 gap");
  EXPECT_EQ(detail, "records 12..13 are missing");
  // A modification before the gap is found first.
  admin.ok("UPDATE " + table + " SET record = record || ' ' WHERE seq = 3");
  EXPECT_EQ(verify(), "3 modified");
}

TEST_F(PostgresForwarder, ATrailStoredFromALaterSeqIsCheckedFromItsSecondRow) {
  const auto lines = sealed_trail(10);
  auto f = open(options());
  EXPECT_EQ(stored_ok(*f), 0u);
  EXPECT_EQ(send_ok(*f, parsed(lines, 4)), lines.size());
  EXPECT_EQ(stored_ok(*f), lines.size());
  EXPECT_EQ(verify(), "intact");
  admin.ok("ALTER TABLE " + table + " DISABLE TRIGGER trailguard_no_update_delete");
  // Row 5 has no predecessor here: its record cannot be checked, and its
  // chain value only as the start of row 6's.
  admin.ok("UPDATE " + table + " SET record = record || ' ' WHERE seq = 5");
  EXPECT_EQ(verify(), "intact");
  admin.ok("UPDATE " + table + " SET chain = repeat('0', 64) WHERE seq = 5");
  EXPECT_EQ(verify(), "6 modified");
  admin.ok("UPDATE " + table + " SET record = record || ' ' WHERE seq = 7");
  EXPECT_EQ(verify(), "6 modified");
}

TEST_F(PostgresForwarder, AServerThatGoesAwayIsAnErrorAndTheNextSendAfterItReturnsWorks) {
  const std::string pg_ctl = env("TRAILGUARD_PG_CTL");
  ASSERT_FALSE(pg_ctl.empty());
  const auto lines = sealed_trail(25);
  auto f = open(options());
  EXPECT_EQ(send_ok(*f, parsed(lines, 0, 10)), 10u);

  ASSERT_EQ(std::system((pg_ctl + " stop -m fast").c_str()), 0);
  std::uint64_t acked = 0;
  std::error_code ec = f->send(parsed(lines, 10, 20), acked);
  ASSERT_TRUE(ec);
  EXPECT_EQ(acked, 10u);  // nothing new
  EXPECT_NE(ec.message().find("lost the connection to the server"), std::string::npos)
      << ec.message();
  EXPECT_NE(ec.message().find("starting the transaction for records 11..18"), std::string::npos)
      << ec.message();

  // Still down: each call tries to connect and says why it cannot.
  ec = f->send(parsed(lines, 10, 20), acked);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("cannot connect"), std::string::npos) << ec.message();
  std::uint64_t seq = 0;
  ec = f->stored_through(seq);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("cannot connect"), std::string::npos) << ec.message();

  ASSERT_EQ(std::system((pg_ctl + " start").c_str()), 0);
  EXPECT_EQ(stored_ok(*f), 10u);
  EXPECT_EQ(send_ok(*f, parsed(lines, 10)), lines.size());
  EXPECT_EQ(stored_ok(*f), lines.size());
  EXPECT_EQ(count(), std::to_string(lines.size()));
  EXPECT_EQ(verify(), "intact");
}

TEST_F(PostgresForwarder, BadOptionsAreRefusedWithAClearMessage) {
  struct bad {
    postgres_options options;
    std::string says;
  };
  auto with = [&](auto change) {
    postgres_options o = options();
    change(o);
    return o;
  };
  const std::vector<bad> cases = {
      {with([](auto &o) { o.conninfo = "host=/tmp bogus_option=1"; }), "invalid conninfo"},
      {with([](auto &o) { o.conninfo = "host='unterminated"; }), "invalid conninfo"},
      {with([](auto &o) { o.conninfo = "postgresql://[::1"; }), "invalid conninfo"},
      {with([](auto &o) { o.table = ""; }), "the name is empty"},
      {with([](auto &o) { o.table = "a.b.c"; }), "more than SCHEMA.NAME"},
      {with([](auto &o) { o.table = "events; DROP TABLE x"; }), "unexpected ';'"},
      {with([](auto &o) { o.table = "\"open"; }), "a quote is not closed"},
      {with([](auto &o) { o.table = "1abc"; }), "expected NAME or SCHEMA.NAME"},
      {with([](auto &o) { o.table = std::string(64, 'a'); }), "1 to 63 bytes"},
      {with([](auto &o) { o.trail_id = ""; }), "trail_id must be"},
      {with([](auto &o) { o.batch_rows = 0; }), "batch_rows is 0"},
      {with([](auto &o) { o.batch_rows = 20000; }), "must be 1..10000"},
  };
  for (const auto &c : cases) {
    std::string error;
    EXPECT_EQ(open_postgres_forwarder(c.options, error), nullptr) << c.says;
    EXPECT_NE(error.find(c.says), std::string::npos) << error;
    EXPECT_EQ(error.rfind("postgres forwarder: ", 0), 0u) << error;
  }
  std::string error;
  EXPECT_NE(open_postgres_forwarder(with_table("\"odd \"\"name\"\".x\""), error), nullptr)
      << error;
}

TEST_F(PostgresForwarder, AServerOrTableThatIsNotThereIsAnErrorAtFirstUseNotAtOpen) {
  std::string error;
  postgres_options o = options();
  o.conninfo = "host=/nonexistent-trailguard-dir";
  auto nowhere = open_postgres_forwarder(o, error);
  ASSERT_TRUE(nowhere) << error;
  std::uint64_t seq = 0;
  std::error_code ec = nowhere->stored_through(seq);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("cannot connect: "), std::string::npos) << ec.message();
  EXPECT_NE(ec.message().find("/nonexistent-trailguard-dir"), std::string::npos) << ec.message();

  auto missing = open(with_table(schema + ".no_such_table"));
  ec = missing->stored_through(seq);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("does not exist"), std::string::npos) << ec.message();
  EXPECT_NE(ec.message().find("schema.sql"), std::string::npos) << ec.message();

  // A login role never granted trailguard_writer.
  admin.ok("DROP ROLE IF EXISTS tg_stranger; CREATE ROLE tg_stranger LOGIN");
  o = options();
  o.conninfo = "user=tg_stranger";
  auto stranger = open(o);
  ec = stranger->stored_through(seq);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("GRANT trailguard_writer TO"), std::string::npos) << ec.message();
  const auto lines = sealed_trail(2);
  std::uint64_t acked = 0;
  ec = stranger->send(parsed(lines), acked);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("inserting records 1..3"), std::string::npos) << ec.message();
  EXPECT_NE(ec.message().find("permission denied"), std::string::npos) << ec.message();
  EXPECT_EQ(acked, 0u);
  EXPECT_EQ(count(), "0");
}

TEST_F(PostgresForwarder, UnquotedTableNamesFoldToLowerCaseAsInSql) {
  const auto lines = sealed_trail(3);
  std::string upper = table;
  for (char &c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto f = open(with_table(upper));
  EXPECT_EQ(f->name(), "postgres:" + upper);
  EXPECT_EQ(send_ok(*f, parsed(lines)), lines.size());
  EXPECT_EQ(count(), std::to_string(lines.size()));
  // Quoted, the upper-case name is another table, which does not exist.
  auto quoted = open(with_table("\"" + upper + "\""));
  std::uint64_t seq = 0;
  EXPECT_TRUE(quoted->stored_through(seq));
}

TEST_F(PostgresForwarder, ABatchWithAGapOrANulIsRefusedBeforeAnythingIsSent) {
  const auto lines = sealed_trail(5);
  auto f = open(options());
  auto batch = parsed(lines);
  batch.erase(batch.begin() + 2);
  std::uint64_t acked = 0;
  const std::error_code ec = f->send(batch, acked);
  ASSERT_TRUE(ec);
  EXPECT_NE(ec.message().find("record 4 follows record 2"), std::string::npos) << ec.message();
  EXPECT_EQ(acked, 0u);

  // A NUL would silently cut a text parameter short.
  std::string with_nul = lines[1];
  with_nul.insert(with_nul.find("\"time\""), std::string("\0", 1));
  batch = parsed(lines, 0, 3);
  ASSERT_TRUE(parse_sealed_line(with_nul, batch[1]));
  const std::error_code nul = f->send(batch, acked);
  ASSERT_TRUE(nul);
  EXPECT_NE(nul.message().find("record 2 holds a NUL byte"), std::string::npos) << nul.message();
  EXPECT_EQ(count(), "0");
}

}  // namespace
