// SampleStore: devices, recording sessions, lineage rows and settings.
#include "dataset/sample_store.h"
#include "dataset/store_internal.h"

namespace mote::dataset {

namespace {

template <typename Row, typename ReadFn>
Result<std::vector<Row>> collect(sql::Stmt& stmt, ReadFn read) {
    std::vector<Row> out;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(read(stmt));
    }
    return out;
}

template <typename Row, typename ReadFn>
Result<Row> single(sql::Stmt& stmt, ReadFn read, const std::string& what, int64_t id) {
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError("no " + what + " with id " + std::to_string(id));
    return read(stmt);
}

DeviceRow readDevice(const sql::Stmt& s) { return {s.int64(0), s.text(1), s.text(2), s.text(3), s.int64(4)}; }
SessionRow readSession(const sql::Stmt& s) {
    return {s.int64(0), s.int64(1), s.text(2), s.real(3), s.int64(4), s.optInt64(5), s.text(6)};
}
ImpulseConfigRow readImpulse(const sql::Stmt& s) {
    return {s.int64(0), s.text(1), static_cast<int>(s.int64(2)), s.text(3), s.int64(4)};
}
TrainingRunRow readRun(const sql::Stmt& s) {
    return {s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.int64(7), s.optInt64(8)};
}
ModelRow readModel(const sql::Stmt& s) {
    return {s.int64(0), s.int64(1), s.optInt64(2), s.text(3), s.text(4), s.text(5), s.text(6), s.int64(7)};
}
FirmwareBuildRow readBuild(const sql::Stmt& s) {
    return {s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.text(5), s.int64(6)};
}
DeploymentRow readDeployment(const sql::Stmt& s) {
    return {s.int64(0), s.int64(1), s.optInt64(2), s.text(3), s.text(4), s.int64(5), s.int64(6)};
}

constexpr const char* kDeviceCols = "SELECT id, identity, board, firmware_version, first_seen_ms FROM devices";
constexpr const char* kSessionCols =
    "SELECT id, device_id, sensor, sample_rate_hz, started_ms, ended_ms, settings_json FROM recording_sessions";
constexpr const char* kImpulseCols = "SELECT id, name, version, json, created_ms FROM impulse_configs";
constexpr const char* kRunCols =
    "SELECT id, impulse_config_id, dataset_version, settings_json, status, metrics_json, artifacts_path, "
    "started_ms, finished_ms FROM training_runs";
constexpr const char* kModelCols =
    "SELECT id, training_run_id, parent_model_id, kind, path, sha256, metrics_json, created_ms FROM models";
constexpr const char* kBuildCols =
    "SELECT id, model_id, board, path, sha256, settings_json, created_ms FROM firmware_builds";
constexpr const char* kDeploymentCols =
    "SELECT id, firmware_build_id, device_id, status, detail_json, created_ms, updated_ms FROM deployments";

// Foreign-key failures come back as "FOREIGN KEY constraint failed"; say which link.
Error linkError(const std::string& what, const Status& s) {
    return makeError("cannot add " + what + ": " + s.message() + " (does the referenced row exist?)");
}

}  // namespace

Result<int64_t> SampleStore::ensureDevice(const std::string& identity, const std::string& board,
                                          const std::string& firmwareVersion) {
    if (identity.empty())
        return makeError("a device needs an identity");
    {
        MOTE_STMT(add, "INSERT OR IGNORE INTO devices(identity, board, firmware_version, first_seen_ms) "
                       "VALUES(?, ?, ?, ?)");
        MOTE_TRY(add.bind(1, identity).bind(2, board).bind(3, firmwareVersion).bind(4, sql::nowMs()).run());
    }
    if (!board.empty() || !firmwareVersion.empty()) {
        MOTE_STMT(upd, "UPDATE devices SET board = CASE WHEN ?2 = '' THEN board ELSE ?2 END, "
                       "firmware_version = CASE WHEN ?3 = '' THEN firmware_version ELSE ?3 END WHERE identity = ?1");
        MOTE_TRY(upd.bind(1, identity).bind(2, board).bind(3, firmwareVersion).run());
    }
    MOTE_STMT(get, "SELECT id FROM devices WHERE identity = ?");
    get.bind(1, identity);
    auto row = get.step();
    if (!row)
        return row.error();
    return get.int64(0);
}

Result<std::vector<DeviceRow>> SampleStore::devices() const {
    MOTE_STMT(stmt, std::string(kDeviceCols) + " ORDER BY id");
    return collect<DeviceRow>(stmt, readDevice);
}

Result<int64_t> SampleStore::startSession(int64_t deviceId, const std::string& sensor, double sampleRateHz,
                                          const std::string& settingsJson) {
    MOTE_STMT(stmt, "INSERT INTO recording_sessions(device_id, sensor, sample_rate_hz, started_ms, settings_json) "
                    "VALUES(?, ?, ?, ?, ?)");
    stmt.bind(1, deviceId).bind(2, sensor).bind(3, sampleRateHz).bind(4, sql::nowMs()).bind(5, settingsJson);
    if (auto s = stmt.run(); !s)
        return linkError("recording session for device " + std::to_string(deviceId), s);
    return sqlite3_last_insert_rowid(m_db);
}

Status SampleStore::endSession(int64_t sessionId) {
    MOTE_STMT(stmt, "UPDATE recording_sessions SET ended_ms = ? WHERE id = ?");
    MOTE_TRY(stmt.bind(1, sql::nowMs()).bind(2, sessionId).run());
    if (sqlite3_changes(m_db) == 0)
        return makeError("no recording session with id " + std::to_string(sessionId));
    return {};
}

Result<SessionRow> SampleStore::session(int64_t sessionId) const {
    MOTE_STMT(stmt, std::string(kSessionCols) + " WHERE id = ?");
    stmt.bind(1, sessionId);
    return single<SessionRow>(stmt, readSession, "recording session", sessionId);
}

Result<int64_t> SampleStore::addImpulseConfig(const std::string& name, const std::string& json) {
    if (name.empty())
        return makeError("an impulse configuration needs a name");
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    MOTE_STMT(stmt, "INSERT INTO impulse_configs(name, version, json, created_ms) "
                    "VALUES(?1, (SELECT COALESCE(MAX(version), 0) + 1 FROM impulse_configs WHERE name = ?1), ?2, ?3)");
    MOTE_TRY(stmt.bind(1, name).bind(2, json).bind(3, sql::nowMs()).run());
    int64_t id = sqlite3_last_insert_rowid(m_db);
    MOTE_TRY(tx.commit());
    return id;
}

Result<ImpulseConfigRow> SampleStore::impulseConfig(int64_t id) const {
    MOTE_STMT(stmt, std::string(kImpulseCols) + " WHERE id = ?");
    stmt.bind(1, id);
    return single<ImpulseConfigRow>(stmt, readImpulse, "impulse configuration", id);
}

Result<std::optional<ImpulseConfigRow>> SampleStore::latestImpulseConfig(const std::string& name) const {
    MOTE_STMT(stmt, std::string(kImpulseCols) + " WHERE name = ? ORDER BY version DESC LIMIT 1");
    stmt.bind(1, name);
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<ImpulseConfigRow>();
    return std::optional<ImpulseConfigRow>(readImpulse(stmt));
}

Result<int64_t> SampleStore::addTrainingRun(int64_t impulseConfigId, const std::string& datasetVersion,
                                            const std::string& settingsJson, const std::string& artifactsPath) {
    if (datasetVersion.empty())
        return makeError("a training run needs the dataset version it was trained on");
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    {
        MOTE_STMT(dv, "INSERT OR IGNORE INTO dataset_versions(version, created_ms) VALUES(?, ?)");
        MOTE_TRY(dv.bind(1, datasetVersion).bind(2, sql::nowMs()).run());
    }
    MOTE_STMT(stmt, "INSERT INTO training_runs(impulse_config_id, dataset_version, settings_json, artifacts_path, "
                    "started_ms) VALUES(?, ?, ?, ?, ?)");
    stmt.bind(1, impulseConfigId).bind(2, datasetVersion).bind(3, settingsJson).bind(4, artifactsPath);
    stmt.bind(5, sql::nowMs());
    if (auto s = stmt.run(); !s)
        return linkError("training run for impulse configuration " + std::to_string(impulseConfigId), s);
    int64_t id = sqlite3_last_insert_rowid(m_db);
    MOTE_TRY(tx.commit());
    return id;
}

Status SampleStore::finishTrainingRun(int64_t runId, const std::string& status, const std::string& metricsJson) {
    MOTE_STMT(stmt, "UPDATE training_runs SET status = ?, metrics_json = ?, finished_ms = ? WHERE id = ?");
    MOTE_TRY(stmt.bind(1, status).bind(2, metricsJson).bind(3, sql::nowMs()).bind(4, runId).run());
    if (sqlite3_changes(m_db) == 0)
        return makeError("no training run with id " + std::to_string(runId));
    return {};
}

Result<TrainingRunRow> SampleStore::trainingRun(int64_t id) const {
    MOTE_STMT(stmt, std::string(kRunCols) + " WHERE id = ?");
    stmt.bind(1, id);
    return single<TrainingRunRow>(stmt, readRun, "training run", id);
}

Result<std::vector<TrainingRunRow>> SampleStore::trainingRuns() const {
    MOTE_STMT(stmt, std::string(kRunCols) + " ORDER BY id");
    return collect<TrainingRunRow>(stmt, readRun);
}

Result<int64_t> SampleStore::addModel(int64_t trainingRunId, const std::string& kind, const std::string& path,
                                      const std::string& sha256, const std::string& metricsJson,
                                      std::optional<int64_t> parentModelId) {
    MOTE_STMT(stmt, "INSERT INTO models(training_run_id, parent_model_id, kind, path, sha256, metrics_json, "
                    "created_ms) VALUES(?, ?, ?, ?, ?, ?, ?)");
    stmt.bind(1, trainingRunId).bind(2, parentModelId).bind(3, kind).bind(4, path).bind(5, sha256);
    stmt.bind(6, metricsJson).bind(7, sql::nowMs());
    if (auto s = stmt.run(); !s)
        return linkError("model for training run " + std::to_string(trainingRunId), s);
    return sqlite3_last_insert_rowid(m_db);
}

Result<ModelRow> SampleStore::model(int64_t id) const {
    MOTE_STMT(stmt, std::string(kModelCols) + " WHERE id = ?");
    stmt.bind(1, id);
    return single<ModelRow>(stmt, readModel, "model", id);
}

Result<std::vector<ModelRow>> SampleStore::models() const {
    MOTE_STMT(stmt, std::string(kModelCols) + " ORDER BY id");
    return collect<ModelRow>(stmt, readModel);
}

Result<int64_t> SampleStore::addFirmwareBuild(int64_t modelId, const std::string& board, const std::string& path,
                                              const std::string& sha256, const std::string& settingsJson) {
    MOTE_STMT(stmt, "INSERT INTO firmware_builds(model_id, board, path, sha256, settings_json, created_ms) "
                    "VALUES(?, ?, ?, ?, ?, ?)");
    stmt.bind(1, modelId).bind(2, board).bind(3, path).bind(4, sha256).bind(5, settingsJson).bind(6, sql::nowMs());
    if (auto s = stmt.run(); !s)
        return linkError("firmware build for model " + std::to_string(modelId), s);
    return sqlite3_last_insert_rowid(m_db);
}

Result<FirmwareBuildRow> SampleStore::firmwareBuild(int64_t id) const {
    MOTE_STMT(stmt, std::string(kBuildCols) + " WHERE id = ?");
    stmt.bind(1, id);
    return single<FirmwareBuildRow>(stmt, readBuild, "firmware build", id);
}

Result<int64_t> SampleStore::addDeployment(int64_t firmwareBuildId, std::optional<int64_t> deviceId,
                                           const std::string& status, const std::string& detailJson) {
    int64_t now = sql::nowMs();
    MOTE_STMT(stmt, "INSERT INTO deployments(firmware_build_id, device_id, status, detail_json, created_ms, "
                    "updated_ms) VALUES(?, ?, ?, ?, ?, ?)");
    stmt.bind(1, firmwareBuildId).bind(2, deviceId).bind(3, status).bind(4, detailJson).bind(5, now).bind(6, now);
    if (auto s = stmt.run(); !s)
        return linkError("deployment of firmware build " + std::to_string(firmwareBuildId), s);
    return sqlite3_last_insert_rowid(m_db);
}

Status SampleStore::setDeploymentStatus(int64_t deploymentId, const std::string& status,
                                        const std::string& detailJson) {
    MOTE_STMT(stmt, "UPDATE deployments SET status = ?, detail_json = ?, updated_ms = ? WHERE id = ?");
    MOTE_TRY(stmt.bind(1, status).bind(2, detailJson).bind(3, sql::nowMs()).bind(4, deploymentId).run());
    if (sqlite3_changes(m_db) == 0)
        return makeError("no deployment with id " + std::to_string(deploymentId));
    return {};
}

Result<std::vector<DeploymentRow>> SampleStore::listDeployments() const {
    MOTE_STMT(stmt, std::string(kDeploymentCols) + " ORDER BY id");
    return collect<DeploymentRow>(stmt, readDeployment);
}

Result<Lineage> SampleStore::lineage(int64_t deploymentId) const {
    Lineage out;
    {
        MOTE_STMT(stmt, std::string(kDeploymentCols) + " WHERE id = ?");
        stmt.bind(1, deploymentId);
        auto d = single<DeploymentRow>(stmt, readDeployment, "deployment", deploymentId);
        if (!d)
            return d.error();
        out.deployment = *d;
    }
    auto build = firmwareBuild(out.deployment.firmwareBuildId);
    if (!build)
        return build.error();
    out.build = *build;
    auto m = model(out.build.modelId);
    if (!m)
        return m.error();
    out.model = *m;
    auto run = trainingRun(out.model.trainingRunId);
    if (!run)
        return run.error();
    out.run = *run;
    auto impulse = impulseConfig(out.run.impulseConfigId);
    if (!impulse)
        return impulse.error();
    out.impulse = *impulse;
    return out;
}

Status SampleStore::setSetting(const std::string& key, const std::string& value) {
    if (key.empty())
        return makeError("a setting needs a key");
    MOTE_STMT(stmt, "INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    return stmt.bind(1, key).bind(2, value).run();
}

Result<std::optional<std::string>> SampleStore::setting(const std::string& key) const {
    MOTE_STMT(stmt, "SELECT value FROM settings WHERE key = ?");
    stmt.bind(1, key);
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(stmt.text(0));
}

}  // namespace mote::dataset
