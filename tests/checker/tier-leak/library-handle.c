// RUN: %check_trailguard %s -- -std=c11 -I%annotations_include -isystem %mocks/cdb
// A library's handle is not what was passed in with it, even when its
// struct is complete in the library's header (MYSQL *): a query that holds
// a token does not make the rows it returns, or the error string, the
// token. A struct the caller passes by address to be filled is written.
#include <trailguard/annotations.hpp>
#include <cdb.h>
#include <stdio.h>
#include <string.h>

TG_SENSITIVE extern const char *session_token;

void lookup(cdb *db) {
  char query[256];
  snprintf(query, sizeof query, "select id from sessions where token='%s'",
           session_token);
  if (cdb_real_query(db, query, strlen(query)) != 0) {
    printf("query failed: %s\n", cdb_error(db));
    return;
  }
  cdb_res *res = cdb_store_result(db);
  char **row = cdb_fetch_row(res);
  printf("account %s\n", row[0]);

  struct cdb_split parts;
  cdb_split_text(&parts, session_token);
  puts(parts.head);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(query);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
