/* A C database client in the manner of libmysqlclient 10.x (mysql.h): the
   connection and result structs are complete, yet only the library fills
   them; the caller holds pointers it was given. */
#ifndef CDB_H
#define CDB_H
typedef struct cdb {
  int fd;
  char last_query[256];
  char last_error[256];
} cdb;
typedef struct cdb_res {
  char **rows;
  unsigned count;
} cdb_res;
struct cdb_split {
  char head[64];
  char tail[64];
};
cdb *cdb_init(void);
int cdb_real_query(cdb *db, const char *query, unsigned long length);
cdb_res *cdb_store_result(cdb *db);
char **cdb_fetch_row(cdb_res *res);
const char *cdb_error(cdb *db);
/* Fills the caller's struct with the two halves of text. */
int cdb_split_text(struct cdb_split *out, const char *text);
#endif
