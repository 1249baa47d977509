#include "features/feature_generator.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "dataset/sample_store.h"
#include "features/feature_cache.h"
#include "features/sample_features.h"

namespace mote::features {
namespace {

// Shared state of one generation run.
struct Job {
    const FeatureRequest* request = nullptr;
    const std::vector<dataset::Sample>* samples = nullptr;  // metadata only
    const FeatureCache* cache = nullptr;
    dsp::OutputShape shape;
    uint32_t axes = 0;
    std::vector<std::optional<SampleFeatures>> results;
    std::vector<char> fromCache;
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;  // guards error and progress calls
    std::optional<Error> error;
    const GenerateOptions* options = nullptr;

    void fail(Error e) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!error)
            error = std::move(e);
        failed = true;
    }
    bool cancelled() const { return options->cancel != nullptr && options->cancel->load(); }
};

void worker(Job& job, const std::filesystem::path& databaseFile) {
    std::optional<dataset::SampleStore> store;
    for (;;) {
        if (job.failed || job.cancelled())
            return;
        const size_t index = job.next.fetch_add(1);
        if (index >= job.samples->size())
            return;
        const dataset::Sample& meta = (*job.samples)[index];
        if (job.cache != nullptr) {
            if (auto cached = job.cache->load(meta.contentHash, job.shape)) {
                job.results[index] = std::move(*cached);
                job.fromCache[index] = 1;
            }
        }
        if (!job.results[index]) {
            if (!store) {
                auto opened = dataset::SampleStore::open(databaseFile);
                if (!opened)
                    return job.fail(opened.error());
                store.emplace(std::move(*opened));
            }
            auto sample = store->load(meta.id);
            if (!sample)
                return job.fail(sample.error());
            if (job.request->window.axes.empty() && static_cast<uint32_t>(sample->axisCount()) != job.axes)
                return job.fail(makeError("sample " + std::to_string(meta.id) + " (" + meta.label + ") has " +
                                          std::to_string(sample->axisCount()) + " axes, others have " +
                                          std::to_string(job.axes) + ": choose the axes to use"));
            auto computed = computeSampleFeatures(*sample, *job.request);
            if (!computed)
                return job.fail(computed.error());
            if (job.cache != nullptr) {
                if (auto stored = job.cache->store(meta.contentHash, *computed); !stored)
                    return job.fail(stored.error());
            }
            job.results[index] = std::move(*computed);
        }
        const size_t finished = job.done.fetch_add(1) + 1;
        if (job.options->progress) {
            std::lock_guard<std::mutex> lock(job.mutex);
            job.options->progress(finished, job.samples->size());
        }
    }
}

}  // namespace

Result<FeatureSet> generateFeatures(const std::filesystem::path& databaseFile, const FeatureRequest& request,
                                    const GenerateOptions& options) {
    auto store = dataset::SampleStore::open(databaseFile);
    if (!store)
        return store.error();
    auto all = store->query(request.filter, dataset::Page{0, 0});
    if (!all)
        return all.error();

    FeatureSet out;
    std::vector<dataset::Sample> samples;
    for (auto& s : *all) {
        if (!request.sensor.empty() && s.sensor != request.sensor)
            continue;
        // Fail early, before any work, on samples that do not fit the request.
        if (auto map = axisMapFor(s, request); !map)
            return map.error();
        samples.push_back(std::move(s));
    }
    if (samples.empty())
        return makeError(request.sensor.empty()
                             ? "no samples to compute features for: record or import samples first"
                             : "no samples of sensor '" + request.sensor + "': record or import some, or change the impulse's sensor");
    std::sort(samples.begin(), samples.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

    const uint32_t axes = request.window.axes.empty() ? static_cast<uint32_t>(samples.front().axisCount())
                                                      : static_cast<uint32_t>(request.window.axes.size());
    const uint32_t frames = windowFrames(request.window, request.dsp.sampleRateHz);
    if (frames == 0)
        return makeError("the window (" + std::to_string(request.window.windowMs) + " ms) is shorter than one frame");
    const dsp::DspStatus status = dsp::outputShape(request.dsp, frames, axes, &out.windowShape);
    if (status != dsp::DspStatus::kOk)
        return makeError(std::string("DSP block '") + dsp::blockKindName(request.dsp.kind) + "' cannot take windows of " +
                         std::to_string(frames) + " frames x " + std::to_string(axes) +
                         " axes: " + dsp::dspStatusMessage(status));
    out.featureCount = out.windowShape.size();

    std::optional<FeatureCache> cache;
    if (!options.cacheRoot.empty()) {
        cache.emplace(options.cacheRoot, request);
        if (auto prepared = cache->prepare(); !prepared)
            return prepared.error();
    }

    Job job;
    job.request = &request;
    job.samples = &samples;
    job.cache = cache ? &*cache : nullptr;
    job.shape = out.windowShape;
    job.axes = axes;
    job.results.resize(samples.size());
    job.fromCache.assign(samples.size(), 0);
    job.options = &options;

    unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<size_t>(threads, samples.size()));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker, std::ref(job), std::cref(databaseFile));
    worker(job, databaseFile);  // the caller's thread is one of the workers
    for (auto& t : pool)
        t.join();

    if (job.error)
        return *job.error;
    if (job.cancelled())
        return makeError("feature generation cancelled");

    std::set<std::string> labelSet;
    for (const auto& s : samples)
        labelSet.insert(s.label);
    out.classes.assign(labelSet.begin(), labelSet.end());
    std::map<std::string, int32_t> classIndex;
    for (size_t i = 0; i < out.classes.size(); ++i)
        classIndex[out.classes[i]] = static_cast<int32_t>(i);

    for (size_t i = 0; i < samples.size(); ++i) {
        const SampleFeatures& f = *job.results[i];
        if (job.fromCache[i])
            ++out.cacheHits;
        else
            ++out.samplesComputed;
        if (f.windows == 0) {
            out.skipped.push_back({samples[i].id, "shorter than one window and zero-padding is off"});
            continue;
        }
        ++out.samplesUsed;
        out.values.insert(out.values.end(), f.values.begin(), f.values.end());
        for (uint32_t w = 0; w < f.windows; ++w) {
            out.labels.push_back(classIndex[samples[i].label]);
            out.splits.push_back(samples[i].split);
            out.sampleIds.push_back(samples[i].id);
            out.windowIndex.push_back(w);
        }
    }
    return out;
}

}  // namespace mote::features
