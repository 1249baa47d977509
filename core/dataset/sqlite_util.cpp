#include "dataset/sqlite_util.h"

#include <chrono>

namespace mote::dataset::sql {

std::string errorText(sqlite3* db) { return sqlite3_errmsg(db); }

int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

StatementCache::~StatementCache() {
    for (auto& [sql, stmt] : m_statements)
        sqlite3_finalize(stmt);
}

Result<sqlite3_stmt*> StatementCache::get(const std::string& sql) {
    auto it = m_statements.find(sql);
    if (it != m_statements.end())
        return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK)
        return makeError("database query failed to prepare: " + errorText(m_db));
    m_statements.emplace(sql, stmt);
    return stmt;
}

Stmt::~Stmt() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

Stmt& Stmt::bind(int index, int64_t value) {
    if (int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}
Stmt& Stmt::bind(int index, double value) {
    if (int rc = sqlite3_bind_double(m_stmt, index, value); rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}
Stmt& Stmt::bind(int index, std::string_view text) {
    if (int rc = sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}
Stmt& Stmt::bind(int index, const std::optional<int64_t>& value) {
    return value ? bind(index, *value) : bindNull(index);
}
Stmt& Stmt::bindBlob(int index, const void* data, size_t size) {
    // Static: callers keep the buffer alive until the statement has run.
    if (int rc = sqlite3_bind_blob64(m_stmt, index, size ? data : "", size, SQLITE_STATIC); rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}
Stmt& Stmt::bindNull(int index) {
    if (int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK)
        m_bindError = rc;
    return *this;
}

Result<bool> Stmt::step() {
    if (m_bindError != SQLITE_OK)
        return makeError(std::string("database query could not bind a value: ") + sqlite3_errstr(m_bindError));
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return makeError("database error: " + errorText(m_db));
}

Status Stmt::run() {
    while (true) {
        auto r = step();
        if (!r)
            return r.error();
        if (!*r)
            return {};
    }
}

std::string Stmt::text(int col) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}

std::optional<int64_t> Stmt::optInt64(int col) const {
    if (isNull(col))
        return std::nullopt;
    return int64(col);
}

std::vector<uint8_t> Stmt::blob(int col) const {
    auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt, col));
    int n = sqlite3_column_bytes(m_stmt, col);
    return p ? std::vector<uint8_t>(p, p + n) : std::vector<uint8_t>();
}

Status exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : errorText(db);
        sqlite3_free(message);
        return makeError("database error: " + text);
    }
    return {};
}

Transaction::Transaction(sqlite3* db) : m_db(db) {
    m_nested = sqlite3_get_autocommit(db) == 0;
    m_begun = exec(db, m_nested ? "SAVEPOINT mote_tx" : "BEGIN IMMEDIATE");
    if (!m_begun)
        m_done = true;
}

Transaction::~Transaction() {
    if (m_done)
        return;
    if (m_nested)
        (void)exec(m_db, "ROLLBACK TO mote_tx; RELEASE mote_tx");
    else
        (void)exec(m_db, "ROLLBACK");
}

Status Transaction::commit() {
    if (!m_begun)
        return m_begun;
    Status s = exec(m_db, m_nested ? "RELEASE mote_tx" : "COMMIT");
    if (s)
        m_done = true;
    return s;
}

}  // namespace mote::dataset::sql
