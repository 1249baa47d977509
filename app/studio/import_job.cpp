#include "import_job.h"

#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>

namespace mote::studio {

ImportJob::ImportJob(QObject* parent) : QObject(parent) {}

ImportJob::~ImportJob() {
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

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
    if (m_running)
        return false;
    if (m_thread.joinable())
        m_thread.join();
    m_cancel = false;
    m_running = true;
    m_outcome = {};
    m_thread = std::thread([this, databaseFile, paths, options] { run(databaseFile, paths, options); });
    return true;
}

void ImportJob::run(QString databaseFile, QStringList paths, dataset::ImportOptions options) {
    ImportOutcome outcome;
    auto report = [this](ImportOutcome result) {
        QMetaObject::invokeMethod(
            this,
            [this, result] {
                m_outcome = result;
                m_running = false;
                emit finished();
            },
            Qt::QueuedConnection);
    };
    auto store = dataset::SampleStore::open(databaseFile.toStdString());
    if (!store) {
        outcome.fatal = QString::fromStdString(store.message());
        report(outcome);
        return;
    }
    const QStringList files = expandPaths(paths);
    outcome.filesTotal = static_cast<int>(files.size());
    for (int i = 0; i < files.size(); ++i) {
        if (m_cancel) {
            outcome.cancelled = true;
            break;
        }
        const QString file = files[i];
        QMetaObject::invokeMethod(
            this, [this, i, total = outcome.filesTotal, file] { emit progress(i, total, file); }, Qt::QueuedConnection);
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
    QMetaObject::invokeMethod(
        this, [this, done, total = outcome.filesTotal] { emit progress(done, total, {}); }, Qt::QueuedConnection);
    report(outcome);
}

}  // namespace mote::studio
