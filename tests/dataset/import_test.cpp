// Importers and exporters: round trips per format, malformed inputs (each a
// specific error and an unchanged DB), folder import with failures and
// cancel, whole-dataset export, and the real files in shared/data.
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "dataset/exporter.h"
#include "dataset/formats.h"
#include "dataset/importer.h"
#include "store_test_util.h"

using namespace mote::dataset;
using mote::test::makeSample;
using mote::test::TempDir;
namespace fs = std::filesystem;

namespace {

void writeBytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary);
    out << bytes;
}

std::string readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Sample audioSample(int channels, int frames, int rate) {
    Sample s;
    s.label = "yes";
    s.sensor = "microphone";
    for (int c = 0; c < channels; ++c)
        s.axisNames.push_back(channels == 1 ? "audio" : "ch" + std::to_string(c));
    s.units.assign(static_cast<size_t>(channels), "");
    s.sampleRateHz = rate;
    std::vector<int16_t> v(static_cast<size_t>(frames * channels));
    for (size_t i = 0; i < v.size(); ++i)
        v[i] = static_cast<int16_t>((static_cast<int>(i) * 37) % 65536 - 32768);
    s.setInt16Data(v);
    return s;
}

struct Fixture : ::testing::Test {
    TempDir dir;
    SampleStore store = SampleStore::create(dir / "p.db").value();

    // Import must fail with `needle` in the message and leave the store untouched.
    void expectRejected(const std::string& name, const std::string& bytes, const std::string& needle,
                        ImportOptions options = {}) {
        auto before = *store.datasetVersion();
        auto count = *store.count();
        writeBytes(dir / name, bytes);
        auto r = importFile(store, dir / name, options);
        ASSERT_FALSE(r) << name << " was accepted";
        EXPECT_NE(r.message().find(needle), std::string::npos) << "message: " << r.message();
        EXPECT_NE(r.message().find(name), std::string::npos) << "error does not name the file: " << r.message();
        EXPECT_EQ(*store.count(), count);
        EXPECT_EQ(*store.datasetVersion(), before);
    }
};

TEST_F(Fixture, CsvRoundTripWithMillisecondTimestamps) {
    auto original = makeSample("wave", 25, 7);
    original.sampleRateHz = 62.5;
    ASSERT_TRUE(writeSampleFile(original, FileFormat::Csv, dir / "wave.abc.csv"));
    auto ids = importFile(store, dir / "wave.abc.csv", {});
    ASSERT_TRUE(ids) << ids.message();
    auto back = *store.load((*ids)[0]);
    EXPECT_EQ(back.label, "wave");
    EXPECT_EQ(back.axisNames, original.axisNames);
    EXPECT_NEAR(back.sampleRateHz, 62.5, 1e-6);
    EXPECT_EQ(back.values(), original.values());
    EXPECT_EQ(back.sourceName, "wave.abc.csv");
}

TEST_F(Fixture, CsvTimestampUnitsAndExplicitRate) {
    auto s = formats::parseCsv("time_s,x\n0,1\n0.02,2\n0.04,3\n");
    ASSERT_TRUE(s) << s.message();
    EXPECT_NEAR(s->sampleRateHz, 50, 1e-9);
    auto guessed = formats::parseCsv("timestamp,x,y\r\n0,1,2\r\n0.01,2,3\r\n0.02,3,4\r\n");
    ASSERT_TRUE(guessed);
    EXPECT_NEAR(guessed->sampleRateHz, 100, 1e-9);
    EXPECT_EQ(guessed->axisNames, (std::vector<std::string>{"x", "y"}));
    auto ms = formats::parseCsv("timestamp,x\n0,1\n10,2\n20,3");
    ASSERT_TRUE(ms);
    EXPECT_NEAR(ms->sampleRateHz, 100, 1e-9);
    auto noTime = formats::parseCsv("a,b\n1,2\n3,4\n", 200);
    ASSERT_TRUE(noTime);
    EXPECT_EQ(noTime->sampleRateHz, 200);
    EXPECT_EQ(noTime->frameCount, 2);
}

TEST_F(Fixture, CsvMalformedInputs) {
    expectRejected("ragged.1.csv", "timestamp,x,y\n0,1,2\n10,1\n", "row 3 has 2 fields but the header has 3");
    expectRejected("nan.1.csv", "timestamp,x\n0,1\n10,abc\n", "row 3, column 'x': 'abc' is not a number");
    expectRejected("norate.1.csv", "x,y\n1,2\n", "no timestamp column");
    expectRejected("back.1.csv", "timestamp,x\n0,1\n10,2\n5,3\n", "not increasing at row 4");
    expectRejected("empty.1.csv", "", "CSV is empty");
    expectRejected("noheader.1.csv", "0,1,2\n1,2,3\n", "not a header");
}

TEST_F(Fixture, WavRoundTripMonoAndStereo) {
    for (int channels : {1, 2}) {
        auto original = audioSample(channels, 1000, channels == 1 ? 16000 : 44100);
        auto name = "yes.ch" + std::to_string(channels) + ".wav";
        ASSERT_TRUE(writeSampleFile(original, FileFormat::Wav, dir / name));
        auto ids = importFile(store, dir / name, {});
        ASSERT_TRUE(ids) << ids.message();
        auto back = *store.load((*ids)[0]);
        EXPECT_EQ(back.dataType, DataType::Int16);
        EXPECT_EQ(back.axisCount(), channels);
        EXPECT_EQ(back.sampleRateHz, original.sampleRateHz);
        EXPECT_EQ(back.data, original.data);
        EXPECT_EQ(back.sensor, "microphone");
        // re-encoding gives the same bytes
        EXPECT_EQ(*encodeSample(back, FileFormat::Wav), readBytes(dir / name));
    }
}

TEST_F(Fixture, WavMalformedInputs) {
    std::string good = *formats::encodeWav(audioSample(1, 100, 8000));
    expectRejected("short.1.wav", good.substr(0, 8), "WAV header is truncated");
    expectRejected("cutfmt.1.wav", good.substr(0, 24), "fmt chunk is truncated");
    std::string eightBit = good;
    eightBit[34] = 8;  // bits per sample
    expectRejected("eight.1.wav", eightBit, "8-bit, only 16-bit PCM");
    std::string floatFormat = good;
    floatFormat[20] = 3;  // IEEE float
    expectRejected("float.1.wav", floatFormat, "format code 3");
    std::string huge = good;
    huge[40] = 0; huge[41] = 0; huge[42] = 0; huge[43] = static_cast<char>(0x80);  // 2 GB data length
    expectRejected("huge.1.wav", huge, "claims 2147483648 bytes");
    expectRejected("riff.1.wav", "RIFX....WAVEfmt ", "not a WAV file");
}

TEST_F(Fixture, EiJsonAndCborRoundTrip) {
    auto original = makeSample("circle", 30, 2);
    original.device = "AA:BB";
    original.axisNames = {"accX", "accY", "accZ"};
    for (auto format : {FileFormat::EiJson, FileFormat::EiCbor}) {
        auto name = std::string("circle.x.") + formatName(format);
        ASSERT_TRUE(writeSampleFile(original, format, dir / name));
        auto ids = importFile(store, dir / name, {});
        ASSERT_TRUE(ids) << ids.message();
        auto back = *store.load((*ids)[0]);
        EXPECT_EQ(back.label, "circle");
        EXPECT_EQ(back.device, "AA:BB");
        EXPECT_NEAR(back.sampleRateHz, 100, 1e-9);
        EXPECT_EQ(back.units, original.units);
        EXPECT_EQ(back.values(), original.values()) << name;
    }
}

TEST_F(Fixture, EiCborDecodesFloat16AndIndefiniteArrays) {
    // {"payload":{"interval_ms":f16 10.0,"sensors":[{"name":"x","units":"g"}],"values":[_ [f16 1.5], [f32 -2.25]]}}
    std::string cbor;
    auto text = [&](const std::string& s) { cbor.push_back(static_cast<char>(0x60 + s.size())); cbor += s; };
    cbor += "\xA1"; text("payload");
    cbor += "\xA3"; text("interval_ms"); cbor += std::string("\xF9\x49\x00", 3);
    text("sensors"); cbor += "\x81\xA2"; text("name"); text("x"); text("units"); text("g");
    text("values"); cbor += "\x9F\x81"; cbor += std::string("\xF9\x3E\x00", 3);
    cbor += "\x81"; cbor += std::string("\xFA\xC0\x10\x00\x00", 5); cbor += "\xFF";
    auto s = formats::parseEiCbor(cbor);
    ASSERT_TRUE(s) << s.message();
    EXPECT_NEAR(s->sampleRateHz, 100, 1e-9);
    EXPECT_EQ(s->values(), (std::vector<float>{1.5f, -2.25f}));
}

TEST_F(Fixture, EiMalformedInputs) {
    auto valid = nlohmann::json::parse(formats::encodeEiJson(makeSample("a", 3)));
    auto noInterval = valid;
    noInterval["payload"].erase("interval_ms");
    expectRejected("a.1.json", noInterval.dump(), "missing payload.interval_ms");
    auto noSensors = valid;
    noSensors["payload"].erase("sensors");
    expectRejected("a.2.json", noSensors.dump(), "missing payload.sensors");
    auto badRow = valid;
    badRow["payload"]["values"][1] = {1, 2};
    expectRejected("a.3.json", badRow.dump(), "values[1] has 2 values but there are 3 sensors");
    expectRejected("a.4.json", R"({"protected":{}})", "no \"payload\" object");
    expectRejected("a.5.json", "{not json", "not valid JSON");
    expectRejected("a.1.cbor", std::string("\x1c\xff\xfe\x00garbage", 11), "reserved header byte");
    // A byte string header claiming 2 GB inside a 9-byte file.
    expectRejected("a.2.cbor", std::string("\x5A\x80\x00\x00\x00" "abcd", 9), "claims 2147483648 bytes");
    // An array claiming 2^31 items.
    expectRejected("a.3.cbor", std::string("\x9A\x80\x00\x00\x00\x01", 6), "claims 2147483648 items");
    std::string cbor = formats::encodeEiCbor(makeSample("a", 3));
    expectRejected("a.4.cbor", cbor.substr(0, cbor.size() / 2), "truncated");
}

TEST_F(Fixture, LabelAndSplitRules) {
    EXPECT_EQ(labelFromFileName("wave.5f3a.ingestion.json"), "wave");
    EXPECT_EQ(labelFromFileName("/x/y/idle.csv"), "idle");
    EXPECT_EQ(labelFromFileName(".hidden.csv"), "");
    fs::create_directories(dir / "testing");
    writeBytes(dir / "testing" / "up.1.csv", "timestamp,x\n0,1\n10,2\n");
    auto ids = importFile(store, dir / "testing" / "up.1.csv", {});
    ASSERT_TRUE(ids);
    EXPECT_EQ(store.metadata((*ids)[0])->split, Split::Test);
    auto forced = importFile(store, dir / "testing" / "up.1.csv", {.label = "down", .split = Split::Train});
    ASSERT_TRUE(forced);
    EXPECT_EQ(store.metadata((*forced)[0])->label, "down");
    EXPECT_EQ(store.metadata((*forced)[0])->split, Split::Train);
    expectRejected(".nolabel.csv", "timestamp,x\n0,1\n10,2\n", "cannot take a label");
}

TEST_F(Fixture, FolderImportSkipsBadFilesReportsProgressAndCancels) {
    fs::create_directories(dir / "in" / "sub");
    for (int i = 0; i < 4; ++i)
        writeBytes(dir / "in" / ("good." + std::to_string(i) + ".csv"), "timestamp,x\n0,1\n10," + std::to_string(i) + "\n");
    writeBytes(dir / "in" / "bad.0.csv", "timestamp,x\n0,1\n10\n");
    writeBytes(dir / "in" / "notes.txt", "ignored");
    writeBytes(dir / "in" / "sub" / "deep.0.csv", "timestamp,x\n0,1\n10,2\n");
    std::vector<int64_t> progress;
    auto report = importFolder(store, dir / "in", {}, false, [&](const ImportProgress& p) {
        progress.push_back(p.filesDone);
        EXPECT_EQ(p.filesTotal, 5);
    });
    ASSERT_TRUE(report) << report.message();
    EXPECT_EQ(report->filesImported, 4);
    ASSERT_EQ(report->failures.size(), 1u);
    EXPECT_EQ(report->failures[0].file.filename(), "bad.0.csv");
    EXPECT_NE(report->failures[0].reason.find("row 3 has 1 fields"), std::string::npos);
    EXPECT_EQ(progress, (std::vector<int64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(*store.count(), 4);

    std::atomic<bool> cancel{false};
    TempDir other;
    auto store2 = SampleStore::create(other / "p.db").value();
    auto cancelled = importFolder(store2, dir / "in", {}, true, [&](const ImportProgress& p) {
        if (p.filesDone == 2)
            cancel = true;
    }, &cancel);
    ASSERT_TRUE(cancelled);
    EXPECT_TRUE(cancelled->cancelled);
    // Sorted order: bad.0.csv (fails), good.0.csv, then cancelled.
    EXPECT_EQ(cancelled->failures.size(), 1u);
    EXPECT_EQ(*store2.count(), 1);
}

TEST_F(Fixture, ExportDatasetFolderWithManifestAndReimport) {
    ASSERT_TRUE(store.insert(makeSample("a", 5, 1, Split::Train)));
    ASSERT_TRUE(store.insert(makeSample("b", 5, 2, Split::Test)));
    auto audio = audioSample(1, 50, 16000);
    ASSERT_TRUE(store.insert(audio));
    std::vector<std::pair<int64_t, int64_t>> progress;
    auto report = exportDataset(store, dir / "out", std::nullopt, {}, nullptr,
                                [&](int64_t done, int64_t total) { progress.emplace_back(done, total); });
    ASSERT_TRUE(report) << report.message();
    EXPECT_EQ(report->samplesWritten, 3);
    EXPECT_EQ(progress, (std::vector<std::pair<int64_t, int64_t>>{{1, 3}, {2, 3}, {3, 3}}));
    auto manifest = nlohmann::json::parse(readBytes(dir / "out" / "manifest.json"));
    EXPECT_EQ(manifest["dataset_version"], *store.datasetVersion());
    ASSERT_EQ(manifest["samples"].size(), 3u);
    EXPECT_EQ(manifest["samples"][2]["file"].get<std::string>().substr(manifest["samples"][2]["file"].get<std::string>().size() - 4), ".wav");
    EXPECT_FALSE(exportDataset(store, dir / "out", std::nullopt));  // not empty

    TempDir other;
    auto copy = SampleStore::create(other / "p.db").value();
    auto imported = importFolder(copy, dir / "out", {}, true);
    ASSERT_TRUE(imported);
    EXPECT_TRUE(imported->failures.empty()) << imported->failures[0].reason;
    EXPECT_EQ(*copy.datasetVersion(), *store.datasetVersion());  // same data, labels and splits

    auto wavOfFloat = exportDataset(store, dir / "out2", FileFormat::Wav);
    ASSERT_FALSE(wavOfFloat);
    EXPECT_NE(wavOfFloat.message().find("float32"), std::string::npos);
}

// ---- real files from shared/data -------------------------------------------

TEST_F(Fixture, RealWandCsv) {
    MOTE_REQUIRE_SHARED("data/ei_capstone_wand_csv/magic-wand-raw");
    auto report = importFolder(store, mote::test::sharedDir() / "data/ei_capstone_wand_csv/magic-wand-raw", {}, false);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->failures.empty()) << report->failures[0].reason;
    EXPECT_EQ(*store.count(), 320);
    for (const char* label : {"alpha", "beta", "gamma", "unknown"})
        EXPECT_EQ(*store.count({.label = label}), 80) << label;
    auto s = *store.query({}, {0, 1});
    EXPECT_EQ(s[0].frameCount, 100);
    EXPECT_EQ(s[0].axisNames, (std::vector<std::string>{"accX", "accY", "accZ", "gyrX", "gyrY", "gyrZ"}));
    EXPECT_NEAR(s[0].sampleRateHz, 100, 1.0);
}

TEST_F(Fixture, RealEdgeImpulseJsonAndCbor) {
    MOTE_REQUIRE_SHARED("data/nano33_spell_gestures_ei");
    auto root = mote::test::sharedDir() / "data/nano33_spell_gestures_ei";
    auto report = importFolder(store, root / "yuhe_b-project-1-export", {}, true);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->failures.empty()) << report->failures[0].reason;
    EXPECT_EQ(*store.count(), 280);
    EXPECT_EQ(*store.count({.split = Split::Train}), 240);
    EXPECT_EQ(*store.count({.label = "noise", .split = Split::Test}), 10);
    auto s = *store.load(store.query({}, {0, 1})->at(0).id);
    EXPECT_EQ(s.frameCount, 201);
    EXPECT_EQ(s.axisCount(), 9);
    EXPECT_EQ(s.units[8], "uT");
    EXPECT_NEAR(s.sampleRateHz, 100, 1e-9);

    auto haoranli = importFolder(store, root / "haoranli-project-1-export", {}, true);
    ASSERT_TRUE(haoranli);
    EXPECT_TRUE(haoranli->failures.empty()) << haoranli->failures[0].reason;
    EXPECT_EQ(haoranli->filesImported, 149);
    auto tangerine = importFolder(store, root / "tangerine-project-1-export", {}, true);
    ASSERT_TRUE(tangerine);
    EXPECT_TRUE(tangerine->failures.empty()) << tangerine->failures[0].reason;
    EXPECT_EQ(tangerine->filesImported, 351);
    EXPECT_EQ(*store.count({.label = "other"}), 86);
    auto forwarder = store.query({.text = "DATA_FORWARDER"}, {0, 0});
    ASSERT_TRUE(forwarder);
    EXPECT_EQ(forwarder->size(), 7u);
    EXPECT_EQ((*forwarder)[0].axisNames[0], "ax");
}

TEST_F(Fixture, RealSpeechCommandsWav) {
    MOTE_REQUIRE_SHARED("data/speech_commands_subset/speech_commands_v0.01");
    auto report = importFolder(store, mote::test::sharedDir() / "data/speech_commands_subset/speech_commands_v0.01",
                               {.labelFromFolder = true}, true);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->failures.empty()) << report->failures[0].reason;
    EXPECT_EQ(*store.count(), 239);
    EXPECT_EQ(store.labels()->size(), 30u);
    EXPECT_EQ(*store.count({.label = "bed"}), 9);
    auto all = *store.query({}, {0, 0});
    int full = 0;
    for (const auto& s : all) {
        EXPECT_EQ(s.sampleRateHz, 16000);
        EXPECT_EQ(s.dataType, DataType::Int16);
        EXPECT_LE(s.frameCount, 16000);
        full += s.frameCount == 16000;
    }
    EXPECT_EQ(full, 218);
}

}  // namespace
