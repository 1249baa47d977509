#include "dataset/schema.h"

#include <string>

#include "dataset/sample_store.h"
#include "dataset/sqlite_util.h"

namespace mote::dataset::schema {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE settings(
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
CREATE TABLE labels(
  name TEXT PRIMARY KEY NOT NULL CHECK(length(name) > 0),
  created_ms INTEGER NOT NULL
);
CREATE TABLE devices(
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL UNIQUE,
  board TEXT NOT NULL DEFAULT '',
  firmware_version TEXT NOT NULL DEFAULT '',
  first_seen_ms INTEGER NOT NULL
);
CREATE TABLE recording_sessions(
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  sensor TEXT NOT NULL,
  sample_rate_hz REAL NOT NULL,
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  settings_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE samples(
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
  split TEXT NOT NULL CHECK(split IN ('train', 'test')),
  sensor TEXT NOT NULL,
  axis_names TEXT NOT NULL,
  units TEXT NOT NULL,
  sample_rate_hz REAL NOT NULL CHECK(sample_rate_hz > 0),
  frame_count INTEGER NOT NULL CHECK(frame_count > 0),
  data_type TEXT NOT NULL CHECK(data_type IN ('int16', 'float32')),
  capture_time_ms INTEGER NOT NULL,
  device_id INTEGER REFERENCES devices(id),
  session_id INTEGER REFERENCES recording_sessions(id),
  content_hash TEXT NOT NULL,
  source_name TEXT NOT NULL DEFAULT '',
  metadata_json TEXT NOT NULL DEFAULT '{}'
);
-- Blobs live apart so that listings never read them.
CREATE TABLE sample_data(
  sample_id INTEGER PRIMARY KEY REFERENCES samples(id) ON DELETE CASCADE,
  data BLOB NOT NULL
);
CREATE INDEX samples_label_split ON samples(label, split);
CREATE INDEX samples_split ON samples(split);
CREATE INDEX samples_device ON samples(device_id);
CREATE INDEX samples_session ON samples(session_id);
CREATE INDEX samples_hash ON samples(content_hash);
)sql";

constexpr const char* kV2 = R"sql(
ALTER TABLE samples ADD COLUMN lost_frames INTEGER NOT NULL DEFAULT 0;
ALTER TABLE samples ADD COLUMN crc_errors INTEGER NOT NULL DEFAULT 0;
CREATE TABLE dataset_versions(
  version TEXT PRIMARY KEY NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE impulse_configs(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  json TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  UNIQUE(name, version)
);
CREATE TABLE training_runs(
  id INTEGER PRIMARY KEY,
  impulse_config_id INTEGER NOT NULL REFERENCES impulse_configs(id),
  dataset_version TEXT NOT NULL REFERENCES dataset_versions(version),
  settings_json TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'running',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  artifacts_path TEXT NOT NULL DEFAULT '',
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER
);
CREATE TABLE models(
  id INTEGER PRIMARY KEY,
  training_run_id INTEGER NOT NULL REFERENCES training_runs(id),
  parent_model_id INTEGER REFERENCES models(id),
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  metrics_json TEXT NOT NULL DEFAULT '{}',
  created_ms INTEGER NOT NULL
);
CREATE TABLE firmware_builds(
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES models(id),
  board TEXT NOT NULL,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  settings_json TEXT NOT NULL DEFAULT '{}',
  created_ms INTEGER NOT NULL
);
CREATE TABLE deployments(
  id INTEGER PRIMARY KEY,
  firmware_build_id INTEGER NOT NULL REFERENCES firmware_builds(id),
  device_id INTEGER REFERENCES devices(id),
  status TEXT NOT NULL,
  detail_json TEXT NOT NULL DEFAULT '{}',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX training_runs_impulse ON training_runs(impulse_config_id);
CREATE INDEX models_run ON models(training_run_id);
CREATE INDEX firmware_builds_model ON firmware_builds(model_id);
CREATE INDEX deployments_build ON deployments(firmware_build_id);
)sql";

Result<int> userVersion(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) != SQLITE_OK)
        return makeError("cannot read the schema version: " + sql::errorText(db));
    int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return version;
}

Status step(sqlite3* db, int toVersion, const char* ddl) {
    sql::Transaction tx(db);
    if (!tx.begun())
        return tx.begun();
    if (auto s = sql::exec(db, ddl); !s)
        return makeError("migrating the project to schema v" + std::to_string(toVersion) + " failed: " + s.message());
    if (auto s = sql::exec(db, "PRAGMA user_version = " + std::to_string(toVersion)); !s)
        return s;
    return tx.commit();
}

}  // namespace

const char* v1Sql() { return kV1; }

Status migrate(sqlite3* db) {
    auto version = userVersion(db);
    if (!version)
        return version.error();
    if (*version < 1)
        if (auto s = step(db, 1, kV1); !s)
            return s;
    if (*version < 2)
        if (auto s = step(db, 2, kV2); !s)
            return s;
    static_assert(kSchemaVersion == 2, "add the migration step for the new schema version");
    return {};
}

}  // namespace mote::dataset::schema
