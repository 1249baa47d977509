#pragma once
// ImportJob: imports files and folders into the project on a worker thread.
// This is the code behind File > Import (the ImportDialog only shows it).
//
// Threads: start() on the GUI thread; the work runs on a std::thread with its
// own SampleStore connection; progress() and finished() are emitted on the
// GUI thread (queued). cancel() is checked between files; files already
// imported stay (each file is all or nothing). The destructor cancels and joins.
#include <QString>
#include <QStringList>

#include <vector>

#include "dataset/importer.h"
#include "worker_job.h"

namespace mote::studio {

struct ImportOutcome {
    int filesImported = 0;
    int samplesImported = 0;
    int filesTotal = 0;
    std::vector<int64_t> importedIds;         // every new sample, for Edit > Undo
    bool cancelled = false;
    QList<QPair<QString, QString>> failures;  // file, reason
    QString fatal;                            // the project could not be opened at all
};

class ImportJob : public WorkerJob {
    Q_OBJECT
public:
    explicit ImportJob(QObject* parent = nullptr);
    ~ImportJob() override;

    // Paths may be files or folders (folders are walked recursively for
    // .csv/.wav/.json/.cbor). Returns false if a job is already running.
    bool start(const QString& databaseFile, const QStringList& paths, const dataset::ImportOptions& options);
    const ImportOutcome& outcome() const { return m_outcome; }

    // The files an import of `paths` would read, in order (what the worker does first).
    static QStringList expandPaths(const QStringList& paths);

signals:
    void progress(int done, int total, const QString& currentFile);

private:
    void run(QString databaseFile, QStringList paths, dataset::ImportOptions options);

    ImportOutcome m_outcome;
};

}  // namespace mote::studio
