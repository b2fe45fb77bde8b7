// RUN: %check_trailguard %s -- -std=c11 -I%annotations_include
// An opaque handle (a pointer to a struct the program never sees) made from
// a secret is not the secret: what the library returns through it (its
// error strings, its query results) is not derived from the password. What
// is passed in with the handle still flows to what the library writes out.
#include <trailguard/annotations.hpp>
#include <stdio.h>
#include <string.h>

typedef struct db_conn db_conn;
db_conn *db_connect(const char *host, const char *password);
const char *db_error(db_conn *db);
int db_query(db_conn *db, const char *sql, char *out);
int db_set_auth(db_conn *db, const char *user, const char *password);
char *db_escape(db_conn *db, const char *text);

struct login {
  char host[64];
  TG_SENSITIVE char password[64];
};

void f(const struct login *l) {
  db_conn *db = db_connect(l->host, l->password);
  if (!db)
    return;
  db_set_auth(db, "admin", l->password);
  printf("error: %s\n", db_error(db));
  char row[256];
  db_query(db, "select name from users", row);
  puts(row);
  printf("conn %p\n", (void *)db);

  // What is passed in with the handle still reaches what comes out.
  char out[256];
  char sql[128];
  snprintf(sql, sizeof sql, "select * from t where pw='%s'", l->password);
  db_query(db, sql, out);
  puts(out);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char *esc = db_escape(db, l->password);
  puts(esc);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(strstr(l->password, "x"));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
