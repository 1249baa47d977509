#pragma once
// SampleStore: the project database (one SQLite file) holding samples,
// labels, devices, recording sessions and the lineage of everything made
// from them (impulse configurations -> training runs -> models -> firmware
// builds -> deployments).
//
// Contract
// - One SampleStore object = one SQLite connection. Use an object from ONE
//   thread at a time; open another SampleStore on the same file for another
//   thread or process. The file is in WAL mode, so readers on other
//   connections see the last committed state while a writer appends.
// - Every write is a transaction: it is all done or not at all. On error the
//   store is unchanged and the Error says what was wrong.
// - Listings return metadata only (Sample::data empty); load the data with
//   loadData()/load().
// - Schema: PRAGMA application_id identifies a Mote project file and
//   PRAGMA user_version its schema version. open() migrates older files
//   forward and refuses files that are not Mote projects or are newer than
//   this code.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "dataset/sample.h"

struct sqlite3;

namespace mote::dataset {

namespace sql {
class StatementCache;
}

inline constexpr int kSchemaVersion = 2;
inline constexpr int32_t kApplicationId = 0x4D4F5445;  // "MOTE"

// Which samples: every set field must match (AND). Empty = no restriction.
struct SampleFilter {
    std::optional<std::string> label = std::nullopt;
    std::optional<Split> split = std::nullopt;
    std::optional<std::string> device = std::nullopt;    // device identity
    std::optional<int64_t> sessionId = std::nullopt;
    std::optional<std::string> text = std::nullopt;      // substring of label, sensor, source name or metadata
    std::vector<int64_t> ids = {};                       // restrict to these ids (empty = all)
};

struct Page {
    int64_t offset = 0;
    int64_t limit = 100;  // <= 0 means no limit
    // Keyset paging: only rows with id > afterId (results are ordered by id).
    // Cost stays that of one page however deep the table is scrolled, where
    // a large OFFSET makes SQLite walk every skipped row.
    std::optional<int64_t> afterId = std::nullopt;
};

struct LabelSplitCount {
    std::string label;
    Split split = Split::Train;
    int64_t count = 0;
    double totalDurationMs = 0;
};

struct DeviceRow {
    int64_t id = 0;
    std::string identity;   // what the board says in its handshake (or a name)
    std::string board;
    std::string firmwareVersion;
    int64_t firstSeenMs = 0;
};

struct SessionRow {
    int64_t id = 0;
    int64_t deviceId = 0;
    std::string sensor;
    double sampleRateHz = 0;
    int64_t startedMs = 0;
    std::optional<int64_t> endedMs;
    std::string settingsJson;
};

struct ImpulseConfigRow {
    int64_t id = 0;
    std::string name;
    int version = 0;          // 1, 2, ... per name
    std::string json;
    int64_t createdMs = 0;
};

struct TrainingRunRow {
    int64_t id = 0;
    int64_t impulseConfigId = 0;
    std::string datasetVersion;
    std::string settingsJson;
    std::string status;       // "running", "succeeded", "failed", "cancelled"
    std::string metricsJson;
    std::string artifactsPath;
    int64_t startedMs = 0;
    std::optional<int64_t> finishedMs;
};

struct ModelRow {
    int64_t id = 0;
    int64_t trainingRunId = 0;
    std::optional<int64_t> parentModelId;  // e.g. the float model an int8 model was quantized from
    std::string kind;         // "float", "int8", "imported", ...
    std::string path;         // relative to the project folder
    std::string sha256;
    std::string metricsJson;
    int64_t createdMs = 0;
};

struct FirmwareBuildRow {
    int64_t id = 0;
    int64_t modelId = 0;
    std::string board;
    std::string path;
    std::string sha256;
    std::string settingsJson;
    int64_t createdMs = 0;
};

struct DeploymentRow {
    int64_t id = 0;
    int64_t firmwareBuildId = 0;
    std::optional<int64_t> deviceId;
    std::string status;       // free text, e.g. "flashing", "verified", "failed"
    std::string detailJson;
    int64_t createdMs = 0;
    int64_t updatedMs = 0;
};

// The full chain behind a deployment.
struct Lineage {
    DeploymentRow deployment;
    FirmwareBuildRow build;
    ModelRow model;
    TrainingRunRow run;
    ImpulseConfigRow impulse;
};

class BatchWriter;

class SampleStore {
public:
    // Creates a new project database; fails if the file exists.
    static Result<SampleStore> create(const std::filesystem::path& file);
    // Opens an existing one, migrating it to kSchemaVersion if older.
    static Result<SampleStore> open(const std::filesystem::path& file);

    SampleStore(SampleStore&& other) noexcept;
    SampleStore& operator=(SampleStore&& other) noexcept;
    SampleStore(const SampleStore&) = delete;
    SampleStore& operator=(const SampleStore&) = delete;
    ~SampleStore();

    const std::filesystem::path& file() const { return m_file; }
    int schemaVersion() const;

    // ---- samples -------------------------------------------------------
    // Validates, computes the content hash, stores. Returns the new id.
    Result<int64_t> insert(const Sample& sample);
    // All or nothing: either every sample is stored or none.
    Result<std::vector<int64_t>> insertAll(const std::vector<Sample>& samples);

    Result<std::vector<Sample>> query(const SampleFilter& filter = {}, const Page& page = {}) const;
    Result<int64_t> count(const SampleFilter& filter = {}) const;
    Result<Sample> metadata(int64_t id) const;               // without data
    Result<Sample> load(int64_t id) const;                   // with data
    Result<std::vector<uint8_t>> loadData(int64_t id) const;

    // Per (label, split): count and total duration; sorted by label, split.
    Result<std::vector<LabelSplitCount>> countsByLabel(const SampleFilter& filter = {}) const;

    // Bulk edits by id; unknown ids are an error and nothing is changed.
    Status relabel(const std::vector<int64_t>& ids, const std::string& label);
    Status moveToSplit(const std::vector<int64_t>& ids, Split split);
    Status remove(const std::vector<int64_t>& ids);

    // Keep only frames [firstFrame, firstFrame+frameCount) of a sample.
    Status crop(int64_t id, int64_t firstFrame, int64_t frameCount);
    // Replace a sample by consecutive windows of windowFrames frames (a short
    // tail is dropped unless it is the only piece). Returns the new ids.
    Result<std::vector<int64_t>> splitByLength(int64_t id, int64_t windowFrames);
    // Replace a sample by `parts` equal consecutive pieces.
    Result<std::vector<int64_t>> splitInto(int64_t id, int parts);

    // Stratified train/test split: within each label, a seeded shuffle puts
    // round(n*trainFraction) samples in Train and the rest in Test. Same
    // seed + same samples = same result. Applies to the filtered samples.
    Status autoSplit(double trainFraction = 0.8, uint64_t seed = 1, const SampleFilter& filter = {});

    // Stable hex sha256 of the (content hash, label, split) set of the
    // filtered samples, independent of ids and insertion order.
    Result<std::string> datasetVersion(const SampleFilter& filter = {}) const;

    Result<std::vector<std::string>> labels() const;  // every label in use or declared
    Status addLabel(const std::string& label);

    // ---- devices and recording sessions ---------------------------------
    // Finds the device by identity or adds it; updates board/firmware when given.
    Result<int64_t> ensureDevice(const std::string& identity, const std::string& board = {},
                                 const std::string& firmwareVersion = {});
    Result<std::vector<DeviceRow>> devices() const;
    Result<int64_t> startSession(int64_t deviceId, const std::string& sensor, double sampleRateHz,
                                 const std::string& settingsJson = "{}");
    Status endSession(int64_t sessionId);
    Result<SessionRow> session(int64_t sessionId) const;

    // ---- lineage ---------------------------------------------------------
    // New version of the named impulse configuration (version = previous + 1).
    Result<int64_t> addImpulseConfig(const std::string& name, const std::string& json);
    Result<ImpulseConfigRow> impulseConfig(int64_t id) const;
    Result<std::optional<ImpulseConfigRow>> latestImpulseConfig(const std::string& name) const;

    Result<int64_t> addTrainingRun(int64_t impulseConfigId, const std::string& datasetVersion,
                                   const std::string& settingsJson, const std::string& artifactsPath = {});
    Status finishTrainingRun(int64_t runId, const std::string& status, const std::string& metricsJson);
    Result<TrainingRunRow> trainingRun(int64_t id) const;
    Result<std::vector<TrainingRunRow>> trainingRuns() const;

    Result<int64_t> addModel(int64_t trainingRunId, const std::string& kind, const std::string& path,
                             const std::string& sha256, const std::string& metricsJson = "{}",
                             std::optional<int64_t> parentModelId = std::nullopt);
    Result<ModelRow> model(int64_t id) const;
    Result<std::vector<ModelRow>> models() const;

    Result<int64_t> addFirmwareBuild(int64_t modelId, const std::string& board, const std::string& path,
                                     const std::string& sha256, const std::string& settingsJson = "{}");
    Result<FirmwareBuildRow> firmwareBuild(int64_t id) const;

    Result<int64_t> addDeployment(int64_t firmwareBuildId, std::optional<int64_t> deviceId,
                                  const std::string& status, const std::string& detailJson = "{}");
    Status setDeploymentStatus(int64_t deploymentId, const std::string& status,
                               const std::string& detailJson = "{}");
    Result<std::vector<DeploymentRow>> listDeployments() const;
    Result<Lineage> lineage(int64_t deploymentId) const;

    // ---- settings (key/value) --------------------------------------------
    Status setSetting(const std::string& key, const std::string& value);
    Result<std::optional<std::string>> setting(const std::string& key) const;

    // ---- low level -------------------------------------------------------
    Result<std::string> integrityCheck() const;  // "ok" when intact
    sqlite3* handle() const { return m_db; }     // for tests and tools

private:
    friend class BatchWriter;
    SampleStore(sqlite3* db, std::filesystem::path file);
    Result<int64_t> insertRow(const Sample& sample);  // inside a caller's transaction
    void close();

    sqlite3* m_db = nullptr;
    std::unique_ptr<sql::StatementCache> m_cache;  // prepared statements of m_db
    std::filesystem::path m_file;
};

// BatchWriter: streaming insert for live recording. Samples go into an open
// transaction that is committed when `maxSamples` are pending or the oldest
// pending one is `maxLatency` old (checked on add() and poll()), and on
// flush()/destruction. A crash loses at most the uncommitted batch; every
// committed sample is complete. Same thread rules as the store it writes to;
// do not use the store for other writes while a batch is open.
class BatchWriter {
public:
    struct Options {
        int maxSamples = 64;
        std::chrono::milliseconds maxLatency{250};
    };
    explicit BatchWriter(SampleStore& store);
    BatchWriter(SampleStore& store, Options options);
    ~BatchWriter();  // flushes; errors are dropped, call flush() to see them
    BatchWriter(const BatchWriter&) = delete;
    BatchWriter& operator=(const BatchWriter&) = delete;

    // Stores the sample in the open batch; returns its id (valid once committed).
    Result<int64_t> add(const Sample& sample);
    // Commits if the batch is due (call from a timer while idle).
    Status poll();
    // Commits whatever is pending.
    Status flush();

    int pending() const { return m_pending; }
    int64_t committed() const { return m_committed; }

private:
    Status commit();
    SampleStore& m_store;
    Options m_options;
    int m_pending = 0;
    int64_t m_committed = 0;
    std::chrono::steady_clock::time_point m_batchStart{};
};

}  // namespace mote::dataset
