#include "project/project.h"

#include <system_error>

namespace mote::project {

namespace fs = std::filesystem;

Project::Project(fs::path dir, dataset::SampleStore store) : m_dir(std::move(dir)), m_store(std::move(store)) {}

bool Project::isProject(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / kDatabaseFileName, ec);
}

Result<Project> Project::create(const fs::path& dir, const std::string& name) {
    std::error_code ec;
    if (isProject(dir))
        return makeError(dir.string() + " already holds a Mote project: open it instead");
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec))
            return makeError(dir.string() + " exists and is not a folder: choose another place for the project");
        if (!fs::is_empty(dir, ec))
            return makeError(dir.string() + " is not empty: create the project in a new or empty folder");
    }
    fs::create_directories(dir, ec);
    if (ec)
        return makeError("cannot create folder " + dir.string() + ": " + ec.message());
    for (const char* sub : {"artifacts/runs", "artifacts/models", "artifacts/builds"}) {
        fs::create_directories(dir / sub, ec);
        if (ec)
            return makeError("cannot create folder " + (dir / sub).string() + ": " + ec.message());
    }
    auto store = dataset::SampleStore::create(dir / kDatabaseFileName);
    if (!store)
        return store.error();
    std::string projectName = name.empty() ? dir.filename().replace_extension().string() : name;
    if (auto s = store->setSetting(kSettingName, projectName); !s)
        return s.error();
    return Project(fs::absolute(dir, ec), std::move(*store));
}

Result<Project> Project::open(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return makeError(dir.string() + " is not a folder");
    if (!isProject(dir))
        return makeError(dir.string() + " is not a Mote project (no " + kDatabaseFileName +
                         "): run 'mote project create DIR' to make one");
    auto store = dataset::SampleStore::open(dir / kDatabaseFileName);
    if (!store)
        return store.error();
    // Artifacts folders may have been removed by hand; they are only caches of files.
    for (const char* sub : {"artifacts/runs", "artifacts/models", "artifacts/builds"})
        fs::create_directories(dir / sub, ec);
    return Project(fs::absolute(dir, ec), std::move(*store));
}

std::string Project::name() const {
    auto stored = m_store.setting(kSettingName);
    if (stored && *stored)
        return **stored;
    return m_dir.filename().replace_extension().string();
}

Status Project::setSetting(const std::string& key, const std::string& value) { return m_store.setSetting(key, value); }

std::optional<std::string> Project::setting(const std::string& key) const {
    auto value = m_store.setting(key);
    return value ? *value : std::nullopt;
}

std::string Project::settingOr(const std::string& key, const std::string& fallback) const {
    return setting(key).value_or(fallback);
}

}  // namespace mote::project
