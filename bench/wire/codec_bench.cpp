// Frame codec cost on the host: encode + decode of typical SampleChunk
// frames, and CRC-32 alone. Prints Google Benchmark figures.
#include <vector>

#include <benchmark/benchmark.h>

#include "protocol/crc32.h"
#include "protocol/frame_decoder.h"
#include "protocol/messages.h"

using namespace mote::protocol;

namespace {

SampleChunkMessage chunk(size_t samples, uint8_t axes) {
    SampleChunkMessage c;
    c.sensor = 1;
    c.axisCount = axes;
    c.timestampUs = 123456789;
    for (size_t i = 0; i < samples * axes; ++i)
        c.values.push_back(static_cast<int16_t>(i * 37));
    return c;
}

void BM_EncodeFrame(benchmark::State& state) {
    const auto payload = buildPayload(chunk(static_cast<size_t>(state.range(0)), 1));
    FrameEncoder encoder;
    std::vector<uint8_t> out(kMaxEncodedFrame);
    for (auto _ : state)
        benchmark::DoNotOptimize(encoder.encode(MessageType::SampleChunk, payload.data(),
                                                payload.size(), out.data(), out.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * payload.size()));
}
BENCHMARK(BM_EncodeFrame)->Arg(50)->Arg(450);

void BM_DecodeVerifyFrame(benchmark::State& state) {
    FrameEncoder encoder;
    const auto frame = encodeMessage(encoder, chunk(static_cast<size_t>(state.range(0)), 1)).value();
    FrameDecoder decoder;
    for (auto _ : state) {
        size_t n = decoder.push(frame.data(), frame.size(), [](const Frame& f) { benchmark::DoNotOptimize(f.payload); });
        benchmark::DoNotOptimize(n);
        decoder.resetSequence();
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame.size()));
    state.counters["samples/s"] = benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeVerifyFrame)->Arg(50)->Arg(450);

void BM_Crc32(benchmark::State& state) {
    std::vector<uint8_t> data(1024, 0xA5);
    for (auto _ : state)
        benchmark::DoNotOptimize(crc32(data.data(), data.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Crc32);

}  // namespace

BENCHMARK_MAIN();
