// Test helper: writes samples through a BatchWriter forever, printing
// "committed N" on stdout (flushed) after every commit, until it is killed.
// Usage: store_crash_writer DB_FILE
#include <cstdio>

#include "dataset/sample_store.h"

int main(int argc, char** argv) {
    using namespace mote::dataset;
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_crash_writer DB_FILE\n");
        return 2;
    }
    auto store = SampleStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.message().c_str());
        return 1;
    }
    BatchWriter writer(*store, {.maxSamples = 16, .maxLatency = std::chrono::milliseconds(250)});
    for (int64_t i = 0;; ++i) {
        Sample s;
        s.label = i % 2 ? "odd" : "even";
        s.sensor = "counter";
        s.axisNames = {"n"};
        s.units = {""};
        s.sampleRateHz = 1000;
        std::vector<float> v(64, static_cast<float>(i));
        s.setFloatData(v);
        s.metadataJson = "{\"seq\":" + std::to_string(i) + "}";
        int64_t before = writer.committed();
        auto id = writer.add(s);
        if (!id) {
            std::fprintf(stderr, "%s\n", id.message().c_str());
            return 1;
        }
        if (writer.committed() != before) {
            std::printf("committed %lld\n", static_cast<long long>(writer.committed()));
            std::fflush(stdout);
        }
    }
}
