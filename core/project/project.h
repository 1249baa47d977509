#pragma once
// Project: a Mote project folder.
//
// Layout (documented in docs/dataset.md):
//   <dir>/project.mote.db      the SampleStore (SQLite, WAL) - marks the folder as a project
//   <dir>/artifacts/runs/      training job folders
//   <dir>/artifacts/models/    .tflite / weight files
//   <dir>/artifacts/builds/    generated firmware projects and binaries
// Any folder name works; "NAME.mote" is the convention the studio proposes.
//
// A Project owns its SampleStore (one SQLite connection): same thread rules
// as SampleStore. Settings are key/value strings stored in the database.
#include <filesystem>
#include <optional>
#include <string>

#include "common/result.h"
#include "dataset/sample_store.h"

namespace mote::project {

inline constexpr const char* kDatabaseFileName = "project.mote.db";

// Well-known setting keys.
inline constexpr const char* kSettingName = "project.name";
inline constexpr const char* kSettingTrainerCommand = "trainer.command";  // JSON array of argv strings
inline constexpr const char* kSettingDefaultBoard = "board.default";

class Project {
public:
    // Creates `dir` (or uses it if empty) with the database and artifacts
    // folders. Fails if `dir` already holds a project or other files.
    static Result<Project> create(const std::filesystem::path& dir, const std::string& name);
    // Opens a project folder; refuses folders without project.mote.db, files
    // that are not Mote databases, and schemas newer than this code.
    static Result<Project> open(const std::filesystem::path& dir);
    // True when `dir` contains a project database (cheap, no open).
    static bool isProject(const std::filesystem::path& dir);

    Project(Project&&) noexcept = default;
    Project& operator=(Project&&) noexcept = default;

    const std::filesystem::path& dir() const { return m_dir; }
    std::filesystem::path databaseFile() const { return m_dir / kDatabaseFileName; }
    std::filesystem::path artifactsDir() const { return m_dir / "artifacts"; }
    std::filesystem::path runsDir() const { return artifactsDir() / "runs"; }
    std::filesystem::path modelsDir() const { return artifactsDir() / "models"; }
    std::filesystem::path buildsDir() const { return artifactsDir() / "builds"; }

    std::string name() const;
    dataset::SampleStore& store() { return m_store; }
    const dataset::SampleStore& store() const { return m_store; }

    Status setSetting(const std::string& key, const std::string& value);
    std::optional<std::string> setting(const std::string& key) const;
    std::string settingOr(const std::string& key, const std::string& fallback) const;

private:
    Project(std::filesystem::path dir, dataset::SampleStore store);
    std::filesystem::path m_dir;
    dataset::SampleStore m_store;
};

}  // namespace mote::project
