// SampleStore: opening/creating the database and sample reads/inserts.
#include "dataset/sample_store.h"

#include <system_error>

#include "dataset/schema.h"
#include "dataset/sha256.h"
#include "dataset/store_internal.h"

namespace mote::dataset {

using detail::kSampleColumns;

namespace detail {

Sample readSampleRow(const sql::Stmt& row) {
    Sample s;
    s.id = row.int64(0);
    s.label = row.text(1);
    s.split = splitFromName(row.text(2)).value_or(Split::Train);
    s.sensor = row.text(3);
    // Columns written by insertRow() as JSON arrays of strings; a hand-edited
    // file with junk here yields no axes, which validate() reports later.
    auto axes = nlohmann::json::parse(row.text(4), nullptr, false);
    auto units = nlohmann::json::parse(row.text(5), nullptr, false);
    if (axes.is_array())
        for (auto& a : axes)
            s.axisNames.push_back(a.is_string() ? a.get<std::string>() : std::string());
    if (units.is_array())
        for (auto& u : units)
            s.units.push_back(u.is_string() ? u.get<std::string>() : std::string());
    s.sampleRateHz = row.real(6);
    s.frameCount = row.int64(7);
    s.dataType = dataTypeFromName(row.text(8)).value_or(DataType::Float32);
    s.captureTimeMs = row.int64(9);
    s.device = row.text(10);
    s.sessionId = row.optInt64(11);
    s.contentHash = row.text(12);
    s.sourceName = row.text(13);
    s.metadataJson = row.text(14);
    s.lostFrames = row.int64(15);
    s.crcErrors = row.int64(16);
    return s;
}

}  // namespace detail

namespace {

Status configure(sqlite3* db) {
    // WAL lets readers in other connections/processes run beside the writer;
    // NORMAL sync in WAL mode keeps every committed transaction across a
    // process crash (only a power cut may lose the last commits).
    MOTE_TRY(sql::exec(db, "PRAGMA journal_mode = WAL"));
    MOTE_TRY(sql::exec(db, "PRAGMA synchronous = NORMAL"));
    MOTE_TRY(sql::exec(db, "PRAGMA foreign_keys = ON"));
    sqlite3_busy_timeout(db, 5000);
    return {};
}

Result<int64_t> pragmaInt(sqlite3* db, const char* pragma) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, pragma, -1, &stmt, nullptr) != SQLITE_OK)
        return makeError(sql::errorText(db));
    int rc = sqlite3_step(stmt);
    int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    std::string error = rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : sql::errorText(db);
    sqlite3_finalize(stmt);
    if (!error.empty())
        return makeError(error);
    return value;
}

}  // namespace

SampleStore::SampleStore(sqlite3* db, std::filesystem::path file)
    : m_db(db), m_cache(std::make_unique<sql::StatementCache>(db)), m_file(std::move(file)) {}

SampleStore::SampleStore(SampleStore&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_cache(std::move(other.m_cache)), m_file(std::move(other.m_file)) {}

SampleStore& SampleStore::operator=(SampleStore&& other) noexcept {
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_cache = std::move(other.m_cache);
        m_file = std::move(other.m_file);
    }
    return *this;
}

SampleStore::~SampleStore() { close(); }

void SampleStore::close() {
    m_cache.reset();  // statements must be finalized before the connection closes
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Result<SampleStore> SampleStore::create(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec))
        return makeError(file.string() + " already exists: open it instead, or choose another place");
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sql::errorText(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return makeError("cannot create " + file.string() + ": " + message);
    }
    SampleStore store(db, file);
    auto fail = [&](const std::string& message) -> Result<SampleStore> {
        store.close();
        std::filesystem::remove(file, ec);
        std::filesystem::remove(file.string() + "-wal", ec);
        std::filesystem::remove(file.string() + "-shm", ec);
        return makeError("cannot create " + file.string() + ": " + message);
    };
    if (auto s = sql::exec(db, "PRAGMA application_id = " + std::to_string(kApplicationId)); !s)
        return fail(s.message());
    if (auto s = configure(db); !s)
        return fail(s.message());
    if (auto s = schema::migrate(db); !s)
        return fail(s.message());
    return store;
}

Result<SampleStore> SampleStore::open(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return makeError("no project database at " + file.string());
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sql::errorText(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return makeError("cannot open " + file.string() + ": " + message);
    }
    SampleStore store(db, file);
    auto appId = pragmaInt(db, "PRAGMA application_id");
    if (!appId)
        return makeError(file.string() + " is not a Mote project (not an SQLite database: " + appId.message() + ")");
    if (*appId != kApplicationId)
        return makeError(file.string() + " is an SQLite database but not a Mote project (application id " +
                         std::to_string(*appId) + ")");
    auto version = pragmaInt(db, "PRAGMA user_version");
    if (!version)
        return makeError("cannot read the schema version of " + file.string() + ": " + version.message());
    if (*version > kSchemaVersion)
        return makeError(file.string() + " was written by a newer Mote Studio (schema v" + std::to_string(*version) +
                         ", this version reads up to v" + std::to_string(kSchemaVersion) +
                         "): update Mote Studio to open it");
    if (auto s = configure(db); !s)
        return makeError("cannot open " + file.string() + ": " + s.message());
    if (auto s = schema::migrate(db); !s)
        return makeError("cannot open " + file.string() + ": " + s.message());
    return store;
}

int SampleStore::schemaVersion() const {
    auto v = pragmaInt(m_db, "PRAGMA user_version");
    return v ? static_cast<int>(*v) : -1;
}

Result<int64_t> SampleStore::insertRow(const Sample& in) {
    if (auto s = in.validate(); !s)
        return s.error();
    int64_t now = sql::nowMs();
    {
        MOTE_STMT(label, "INSERT OR IGNORE INTO labels(name, created_ms) VALUES(?, ?)");
        MOTE_TRY(label.bind(1, in.label).bind(2, now).run());
    }
    std::optional<int64_t> deviceId;
    if (!in.device.empty()) {
        auto id = ensureDevice(in.device);
        if (!id)
            return id.error();
        deviceId = *id;
    }
    std::string hash = computeContentHash(in);
    MOTE_STMT(insert,
              "INSERT INTO samples(label, split, sensor, axis_names, units, sample_rate_hz, frame_count, data_type, "
              "capture_time_ms, device_id, session_id, content_hash, source_name, metadata_json, lost_frames, "
              "crc_errors) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, in.label)
        .bind(2, splitName(in.split))
        .bind(3, in.sensor)
        .bind(4, nlohmann::json(in.axisNames).dump())
        .bind(5, nlohmann::json(in.units).dump())
        .bind(6, in.sampleRateHz)
        .bind(7, in.frameCount)
        .bind(8, dataTypeName(in.dataType))
        .bind(9, in.captureTimeMs ? in.captureTimeMs : now)
        .bind(10, deviceId)
        .bind(11, in.sessionId)
        .bind(12, hash)
        .bind(13, in.sourceName)
        .bind(14, in.metadataJson.empty() ? std::string("{}") : in.metadataJson)
        .bind(15, in.lostFrames)
        .bind(16, in.crcErrors);
    if (auto s = insert.run(); !s)
        return makeError("cannot store sample '" + in.label + "': " + s.message());
    int64_t id = sqlite3_last_insert_rowid(m_db);
    MOTE_STMT(data, "INSERT INTO sample_data(sample_id, data) VALUES(?, ?)");
    data.bind(1, id).bindBlob(2, in.data.data(), in.data.size());
    MOTE_TRY(data.run());
    return id;
}

Result<int64_t> SampleStore::insert(const Sample& sample) {
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    auto id = insertRow(sample);
    if (!id)
        return id;
    MOTE_TRY(tx.commit());
    return id;
}

Result<std::vector<int64_t>> SampleStore::insertAll(const std::vector<Sample>& samples) {
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    std::vector<int64_t> ids;
    ids.reserve(samples.size());
    for (const auto& sample : samples) {
        auto id = insertRow(sample);
        if (!id)
            return id.error();
        ids.push_back(*id);
    }
    MOTE_TRY(tx.commit());
    return ids;
}

namespace {

// WHERE clause + its parameters for a filter (on alias s).
struct Where {
    std::string sql;
    std::vector<std::string> texts;  // bound in order as text
};

std::string likePattern(const std::string& text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out + "%";
}

Where buildWhere(const SampleFilter& f) {
    Where w;
    std::vector<std::string> parts;
    // Each parameter is numbered (?N) so the text pattern can be used 4 times.
    auto param = [&w](std::string value) {
        w.texts.push_back(std::move(value));
        return "?" + std::to_string(w.texts.size());
    };
    if (f.label)
        parts.push_back("s.label = " + param(*f.label));
    if (f.split)
        parts.push_back(std::string("s.split = ") + param(splitName(*f.split)));
    if (f.device)
        parts.push_back("s.device_id IN (SELECT id FROM devices WHERE identity = " + param(*f.device) + ")");
    if (f.sessionId)
        parts.push_back("s.session_id = CAST(" + param(std::to_string(*f.sessionId)) + " AS INTEGER)");
    if (f.text && !f.text->empty()) {
        std::string p = param(likePattern(*f.text));
        parts.push_back("(s.label LIKE " + p + " ESCAPE '\\' OR s.sensor LIKE " + p +
                        " ESCAPE '\\' OR s.source_name LIKE " + p + " ESCAPE '\\' OR s.metadata_json LIKE " + p +
                        " ESCAPE '\\')");
    }
    if (!f.ids.empty())
        parts.push_back("s.id IN (SELECT value FROM json_each(" + param(detail::idsJson(f.ids)) + "))");
    for (size_t i = 0; i < parts.size(); ++i)
        w.sql += (i == 0 ? " WHERE " : " AND ") + parts[i];
    return w;
}

void bindWhere(sql::Stmt& stmt, const Where& w, int first = 1) {
    for (size_t i = 0; i < w.texts.size(); ++i)
        stmt.bind(first + static_cast<int>(i), w.texts[i]);
}

}  // namespace

Result<std::vector<Sample>> SampleStore::query(const SampleFilter& filter, const Page& page) const {
    Where w = buildWhere(filter);
    int n = static_cast<int>(w.texts.size());
    std::string keyset;
    if (page.afterId) {
        keyset = (w.sql.empty() ? " WHERE" : " AND") + std::string(" s.id > ?") + std::to_string(n + 3);
    }
    std::string sqlText = std::string("SELECT ") + kSampleColumns + w.sql + keyset + " ORDER BY s.id LIMIT ?" +
                          std::to_string(n + 1) + " OFFSET ?" + std::to_string(n + 2);
    MOTE_STMT(stmt, sqlText);
    bindWhere(stmt, w);
    stmt.bind(n + 1, page.limit > 0 ? page.limit : int64_t(-1)).bind(n + 2, std::max<int64_t>(0, page.offset));
    if (page.afterId)
        stmt.bind(n + 3, *page.afterId);
    std::vector<Sample> out;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(detail::readSampleRow(stmt));
    }
    return out;
}

Result<int64_t> SampleStore::count(const SampleFilter& filter) const {
    Where w = buildWhere(filter);
    MOTE_STMT(stmt, "SELECT COUNT(*) FROM samples s" + w.sql);
    bindWhere(stmt, w);
    auto row = stmt.step();
    if (!row)
        return row.error();
    return stmt.int64(0);
}

Result<Sample> SampleStore::metadata(int64_t id) const {
    MOTE_STMT(stmt, std::string("SELECT ") + kSampleColumns + " WHERE s.id = ?");
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError("no sample with id " + std::to_string(id));
    return detail::readSampleRow(stmt);
}

Result<std::vector<uint8_t>> SampleStore::loadData(int64_t id) const {
    MOTE_STMT(stmt, "SELECT data FROM sample_data WHERE sample_id = ?");
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError("no sample with id " + std::to_string(id));
    return stmt.blob(0);
}

Result<Sample> SampleStore::load(int64_t id) const {
    auto sample = metadata(id);
    if (!sample)
        return sample;
    auto data = loadData(id);
    if (!data)
        return data.error();
    sample->data = std::move(*data);
    return sample;
}

Result<std::vector<LabelSplitCount>> SampleStore::countsByLabel(const SampleFilter& filter) const {
    Where w = buildWhere(filter);
    MOTE_STMT(stmt, "SELECT s.label, s.split, COUNT(*), SUM(s.frame_count * 1000.0 / s.sample_rate_hz) FROM samples s" +
                        w.sql + " GROUP BY s.label, s.split ORDER BY s.label, s.split DESC");
    bindWhere(stmt, w);
    std::vector<LabelSplitCount> out;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back({stmt.text(0), splitFromName(stmt.text(1)).value_or(Split::Train), stmt.int64(2), stmt.real(3)});
    }
    return out;
}

Result<std::string> SampleStore::datasetVersion(const SampleFilter& filter) const {
    Where w = buildWhere(filter);
    // Sorted in SQL so the hash does not depend on ids or insertion order.
    MOTE_STMT(stmt, "SELECT s.content_hash, s.label, s.split FROM samples s" + w.sql +
                        " ORDER BY s.content_hash, s.label, s.split");
    bindWhere(stmt, w);
    Sha256 hash;
    hash.updateField("mote-dataset-v1");
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        hash.updateField(stmt.text(0));
        hash.updateField(stmt.text(1));
        hash.updateField(stmt.text(2));
    }
    return hash.hexDigest();
}

Result<std::string> SampleStore::integrityCheck() const {
    MOTE_STMT(stmt, "PRAGMA integrity_check");
    std::string out;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out += (out.empty() ? "" : "\n") + stmt.text(0);
    }
    return out;
}

}  // namespace mote::dataset
