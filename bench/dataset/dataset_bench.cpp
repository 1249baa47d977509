// dataset_bench: import rate (CSV, WAV), batched insert rate, and list/filter
// latency at 100k samples, on real SQLite files in a temp folder.
// Usage: dataset_bench [TEMP_DIR]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "dataset/exporter.h"
#include "dataset/formats.h"
#include "dataset/importer.h"
#include "dataset/sample_store.h"

using namespace mote::dataset;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

Sample motion(const std::string& label, int frames, int seed) {
    Sample s;
    s.label = label;
    s.sensor = "accelerometer";
    s.axisNames = {"accX", "accY", "accZ"};
    s.units = {"m/s2", "m/s2", "m/s2"};
    s.sampleRateHz = 100;
    std::vector<float> v(static_cast<size_t>(frames) * 3);
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<float>((i * 7919 + static_cast<size_t>(seed) * 104729) % 2000) / 100.0f - 10.0f;
    s.setFloatData(v);
    return s;
}

Sample audio(int seed) {
    Sample s;
    s.label = "word";
    s.sensor = "microphone";
    s.axisNames = {"audio"};
    s.units = {""};
    s.sampleRateHz = 16000;
    std::vector<int16_t> v(16000);
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<int16_t>((i * 31 + static_cast<size_t>(seed) * 977) % 60000 - 30000);
    s.setInt16Data(v);
    return s;
}

void importRate(const fs::path& root, const char* what, FileFormat format, int files,
                Sample (*make)(int)) {
    fs::path in = root / (std::string("in-") + what);
    fs::create_directories(in);
    uintmax_t bytes = 0;
    for (int i = 0; i < files; ++i) {
        auto file = in / ("label." + std::to_string(i) + "." + formatName(format));
        if (!writeSampleFile(make(i), format, file))
            return;
        bytes += fs::file_size(file);
    }
    auto store = SampleStore::create(root / (std::string(what) + ".db"));
    auto start = Clock::now();
    auto report = importFolder(*store, in, {}, false);
    double t = seconds(start);
    std::printf("import %-4s: %d files, %.1f MB in %.3f s = %.1f MB/s (%.0f files/s)%s\n", what, files,
                static_cast<double>(bytes) / 1e6, t, static_cast<double>(bytes) / 1e6 / t, files / t,
                report && report->failures.empty() ? "" : " [FAILURES]");
}

}  // namespace

int main(int argc, char** argv) {
    fs::path root = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / ("mote-bench-" + std::to_string(getpid()));
    fs::remove_all(root);
    fs::create_directories(root);

    importRate(root, "csv", FileFormat::Csv, 300, [](int i) { return motion("wave", 1000, i); });
    importRate(root, "wav", FileFormat::Wav, 300, [](int i) { return audio(i); });

    {
        auto store = SampleStore::create(root / "batch.db");
        BatchWriter writer(*store);
        const int n = 20000;
        auto start = Clock::now();
        for (int i = 0; i < n; ++i)
            if (!writer.add(motion(i % 2 ? "a" : "b", 100, i)))
                return 1;
        if (!writer.flush())
            return 1;
        double t = seconds(start);
        std::printf("batched insert (BatchWriter, 64/250 ms, 100x3 float frames): %d samples in %.3f s = %.0f samples/s\n",
                    n, t, n / t);
    }

    {
        auto store = SampleStore::create(root / "100k.db");
        std::vector<Sample> samples;
        for (int i = 0; i < 100000; ++i) {
            auto s = motion("label" + std::to_string(i % 10), 2, i);
            s.sourceName = "file" + std::to_string(i) + ".csv";
            samples.push_back(std::move(s));
        }
        auto start = Clock::now();
        if (!store->insertAll(samples))
            return 1;
        std::printf("bulk insert 100k samples in one transaction: %.3f s\n", seconds(start));
        auto time = [&](const char* what, auto fn) {
            fn();  // warm the statement cache and page cache
            const int reps = 20;
            auto t0 = Clock::now();
            for (int r = 0; r < reps; ++r)
                fn();
            std::printf("  %-44s %8.3f ms\n", what, seconds(t0) * 1000 / reps);
        };
        std::printf("list/filter latency at 100k samples (mean of 20):\n");
        time("list first page (100)", [&] { (void)store->query({}, {0, 100}); });
        time("list last page (offset 99900, 100)", [&] { (void)store->query({}, {99900, 100}); });
        time("filter label + page (100)", [&] { (void)store->query({.label = "label3"}, {5000, 100}); });
        time("filter label+split count", [&] { (void)store->count({.label = "label3", .split = Split::Train}); });
        time("text search 'file9999' (LIKE scan)", [&] { (void)store->query({.text = "file9999"}, {0, 100}); });
        time("counts per label/split", [&] { (void)store->countsByLabel(); });
        time("dataset version (sha256 of 100k)", [&] { (void)store->datasetVersion(); });
    }
    fs::remove_all(root);
    return 0;
}
