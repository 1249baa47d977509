#pragma once
// Internal SQLite helpers for the dataset module: a prepared-statement cache,
// a binding/stepping wrapper and a transaction guard that nests (savepoints).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "common/result.h"

namespace mote::dataset::sql {

// Owns prepared statements for one connection, keyed by SQL text.
class StatementCache {
public:
    explicit StatementCache(sqlite3* db) : m_db(db) {}
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    // Returns a reset statement or the sqlite error message.
    Result<sqlite3_stmt*> get(const std::string& sql);

private:
    sqlite3* m_db;
    std::map<std::string, sqlite3_stmt*> m_statements;
};

// A cached statement in use; resets and clears bindings when destroyed.
class Stmt {
public:
    Stmt(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int index, int64_t value);
    Stmt& bind(int index, double value);
    Stmt& bind(int index, std::string_view text);
    Stmt& bind(int index, const std::optional<int64_t>& value);
    Stmt& bindBlob(int index, const void* data, size_t size);
    Stmt& bindNull(int index);

    // SQLITE_ROW -> true, SQLITE_DONE -> false, anything else -> Error.
    Result<bool> step();
    Status run();  // steps to completion; error on failure

    int64_t int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    std::string text(int col) const;
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    std::optional<int64_t> optInt64(int col) const;
    std::vector<uint8_t> blob(int col) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
    int m_bindError = SQLITE_OK;
};

// Executes statements without results (DDL, PRAGMA, BEGIN...).
Status exec(sqlite3* db, const std::string& sql);

// Begins a transaction (BEGIN IMMEDIATE) or, when one is already open, a
// savepoint. Rolls back on destruction unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(sqlite3* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    const Status& begun() const { return m_begun; }
    Status commit();

private:
    sqlite3* m_db;
    bool m_nested = false;
    bool m_done = false;
    Status m_begun;
};

std::string errorText(sqlite3* db);
int64_t nowMs();

}  // namespace mote::dataset::sql
