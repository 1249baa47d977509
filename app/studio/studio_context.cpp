#include "studio_context.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace mote::studio {

StudioContext::StudioContext(StudioSettings& settings, QObject* parent) : QObject(parent), m_settings(settings) {}

StudioContext::~StudioContext() = default;

void StudioContext::adopt(project::Project project) {
    m_undo.clear();
    m_idMap.clear();
    m_project.reset();
    m_project.emplace(std::move(project));
    m_settings.setLastProject(projectDir());
    emit projectChanged();
    emit datasetChanged();
}

Status StudioContext::openProject(const QString& dir) {
    auto opened = project::Project::open(std::filesystem::path(dir.toStdString()));
    if (!opened)
        return opened.error();
    adopt(std::move(opened.value()));
    return {};
}

Status StudioContext::createProject(const QString& dir, const QString& name) {
    auto created = project::Project::create(std::filesystem::path(dir.toStdString()), name.toStdString());
    if (!created)
        return created.error();
    adopt(std::move(created.value()));
    return {};
}

QString StudioContext::defaultProjectDir() {
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("Mote Studio/projects/Default.mote"));
}

Status StudioContext::openStartupProject(const QString& explicitDir) {
    if (!explicitDir.isEmpty()) {
        // An explicit folder that is not a project yet becomes one: that is
        // what `mote-studio --project new-folder` means.
        if (!project::Project::isProject(explicitDir.toStdString()) &&
            (!QFileInfo::exists(explicitDir) || QDir(explicitDir).isEmpty()))
            return createProject(explicitDir, QFileInfo(explicitDir).completeBaseName());
        return openProject(explicitDir);
    }
    const QString last = m_settings.lastProject();
    if (!last.isEmpty() && project::Project::isProject(last.toStdString()) && openProject(last))
        return {};
    const QString fallback = defaultProjectDir();
    if (project::Project::isProject(fallback.toStdString()))
        return openProject(fallback);
    QDir().mkpath(QFileInfo(fallback).absolutePath());
    return createProject(fallback, QStringLiteral("Default"));
}

QString StudioContext::projectName() const {
    return m_project ? QString::fromStdString(m_project->name()) : QString();
}

QString StudioContext::projectDir() const {
    return m_project ? QString::fromStdString(m_project->dir().string()) : QString();
}

QString StudioContext::databaseFile() const {
    return m_project ? QString::fromStdString(m_project->databaseFile().string()) : QString();
}

void StudioContext::notifyDatasetChanged() { emit datasetChanged(); }

void StudioContext::reportError(const QString& message) { emit errorOccurred(message); }

void StudioContext::remapId(int64_t oldId, int64_t newId) {
    m_idMap[oldId] = newId;
}

int64_t StudioContext::resolveId(int64_t id) const {
    // Follow chains (a sample re-created twice) to the live id.
    for (int hops = 0; hops < 64; ++hops) {
        auto it = m_idMap.find(id);
        if (it == m_idMap.end())
            return id;
        id = it->second;
    }
    return id;
}

}  // namespace mote::studio
