#include "feature_explorer_job.h"

#include <chrono>

#include "features/feature_generator.h"

namespace mote::studio {

FeatureExplorerJob::FeatureExplorerJob(QObject* parent) : WorkerJob(parent) {}

FeatureExplorerJob::~FeatureExplorerJob() { stopWorker(); }

bool FeatureExplorerJob::start(const std::filesystem::path& databaseFile, const std::filesystem::path& cacheRoot,
                               const features::FeatureRequest& request) {
    if (isRunning())
        return false;
    return launch([this, databaseFile, cacheRoot, request] { run(databaseFile, cacheRoot, request); });
}

void FeatureExplorerJob::run(std::filesystem::path databaseFile, std::filesystem::path cacheRoot,
                             features::FeatureRequest request) {
    ExplorerOutcome out;
    const auto start = std::chrono::steady_clock::now();
    features::GenerateOptions options;
    options.cacheRoot = cacheRoot;
    options.cancel = cancelFlag();
    options.progress = [this](size_t done, size_t total) {
        post([this, done, total] { emit progress(static_cast<int>(done), static_cast<int>(total)); });
    };
    auto set = features::generateFeatures(databaseFile, request, options);
    if (!set) {
        out.cancelled = cancelRequested();
        out.error = QString::fromStdString(set.message());
    } else if (set->windows() < 2) {
        out.error = tr("only %1 window(s): record more samples to explore features").arg(set->windows());
        out.set = std::move(*set);
    } else {
        auto explored = features::explore(*set);
        if (explored) {
            out.ok = true;
            out.exploration = std::move(*explored);
        } else {
            out.error = QString::fromStdString(explored.message());
        }
        out.set = std::move(*set);
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    finish([this, out = std::move(out)]() mutable { m_outcome = std::move(out); });
}

}  // namespace mote::studio
