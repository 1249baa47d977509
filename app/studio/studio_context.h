#pragma once
// StudioContext: what every page shares — the open project (its SampleStore
// lives on the GUI thread), the undo stack for dataset edits, the settings,
// and the id map that keeps undo working when a sample is re-created.
//
// Threads: GUI thread only. Workers (import, export, recording) open their
// own SampleStore on databaseFile() — one SQLite connection per thread — and
// report back with queued calls; the GUI then calls notifyDatasetChanged().
#include <QObject>
#include <QString>
#include <QUndoStack>

#include <map>
#include <memory>
#include <optional>

#include "common/result.h"
#include "project/project.h"
#include "studio_settings.h"

namespace mote::studio {

class StudioContext : public QObject {
    Q_OBJECT
public:
    explicit StudioContext(StudioSettings& settings, QObject* parent = nullptr);
    ~StudioContext() override;

    StudioSettings& settings() { return m_settings; }
    QUndoStack* undoStack() { return &m_undo; }

    // ---- project ---------------------------------------------------------
    // Open/create replace the current project (the undo stack is cleared) and
    // remember it as the last project. Errors leave the current one open.
    Status openProject(const QString& dir);
    Status createProject(const QString& dir, const QString& name);
    // Startup order: `explicitDir` (from --project) if given, else the last
    // project, else the default project (created on first run).
    Status openStartupProject(const QString& explicitDir);
    // <user data dir>/projects/Default.mote, e.g.
    // ~/.local/share/Mote Studio/projects/Default.mote
    static QString defaultProjectDir();

    bool hasProject() const { return m_project.has_value(); }
    project::Project* project() { return m_project ? &*m_project : nullptr; }
    dataset::SampleStore* store() { return m_project ? &m_project->store() : nullptr; }
    QString projectName() const;
    QString projectDir() const;
    QString databaseFile() const;

    // ---- dataset -----------------------------------------------------------
    // Pages call this after any change to the samples (edit, recording,
    // import); views reload.
    void notifyDatasetChanged();
    // An edit or background job failed; the main window shows it in the
    // status bar and the page that started it may show it too.
    void reportError(const QString& message);

    // Undo of a delete/crop/split re-creates samples under new ids; commands
    // record old → new here and resolve ids through it, so older commands on
    // the stack still find their samples.
    void remapId(int64_t oldId, int64_t newId);
    int64_t resolveId(int64_t id) const;

signals:
    void projectChanged();
    void datasetChanged();
    void errorOccurred(const QString& message);

private:
    void adopt(project::Project project);

    StudioSettings& m_settings;
    QUndoStack m_undo;
    std::optional<project::Project> m_project;
    std::map<int64_t, int64_t> m_idMap;
};

}  // namespace mote::studio
