#include "import_job.h"

#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>

namespace mote::studio {

ImportJob::ImportJob(QObject* parent) : WorkerJob(parent) {}

ImportJob::~ImportJob() { stopWorker(); }

QStringList ImportJob::expandPaths(const QStringList& paths) {
    QStringList files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.isDir()) {
            files << path;  // unreadable or unknown files are reported by the importer
            continue;
        }
        QStringList inFolder;
        QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (dataset::formatFromPath(file.toStdString()))
                inFolder << file;
        }
        inFolder.sort();
        files << inFolder;
    }
    return files;
}

bool ImportJob::start(const QString& databaseFile, const QStringList& paths, const dataset::ImportOptions& options) {
    if (isRunning())
        return false;
    m_outcome = {};
    return launch([this, databaseFile, paths, options] { run(databaseFile, paths, options); });
}

void ImportJob::run(QString databaseFile, QStringList paths, dataset::ImportOptions options) {
    ImportOutcome outcome;
    auto report = [this](ImportOutcome result) { finish([this, result] { m_outcome = result; }); };
    auto store = dataset::SampleStore::open(databaseFile.toStdString());
    if (!store) {
        outcome.fatal = QString::fromStdString(store.message());
        report(outcome);
        return;
    }
    const QStringList files = expandPaths(paths);
    outcome.filesTotal = static_cast<int>(files.size());
    for (int i = 0; i < files.size(); ++i) {
        if (cancelRequested()) {
            outcome.cancelled = true;
            break;
        }
        const QString file = files[i];
        post([this, i, total = outcome.filesTotal, file] { emit progress(i, total, file); });
        auto ids = dataset::importFile(store.value(), file.toStdString(), options);
        if (ids) {
            ++outcome.filesImported;
            outcome.samplesImported += static_cast<int>(ids.value().size());
            outcome.importedIds.insert(outcome.importedIds.end(), ids.value().begin(), ids.value().end());
        } else {
            outcome.failures.append({file, QString::fromStdString(ids.message())});
        }
    }
    const int done = outcome.filesImported + static_cast<int>(outcome.failures.size());
    post([this, done, total = outcome.filesTotal] { emit progress(done, total, {}); });
    report(outcome);
}

}  // namespace mote::studio
