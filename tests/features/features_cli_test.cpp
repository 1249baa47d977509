// `mote features` end to end: a real project folder, the real `mote` binary,
// its JSON output, the cache on the second run, and its errors.
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "project/project.h"

namespace {

namespace fs = std::filesystem;

struct MoteRun {
    int exitCode = -1;
    std::string out;
};

MoteRun runMote(const std::string& args) {
    const std::string command = std::string(MOTE_CLI_PATH) + " " + args + " 2>/dev/null";
    MoteRun r;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0)
        r.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class FeaturesCli : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("mote_features_cli_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        auto project = mote::project::Project::create(m_dir, "cli");
        ASSERT_TRUE(project.ok()) << project.message();
        std::mt19937 rng(1);
        std::normal_distribution<float> noise(0.0f, 0.3f);
        int index = 0;
        for (const auto& [label, hz] : std::vector<std::pair<std::string, double>>{{"idle", 0.3}, {"circle", 2.0}, {"shake", 8.0}})
            for (int i = 0; i < 5; ++i, ++index) {
                mote::dataset::Sample s;
                s.label = label;
                s.split = i == 4 ? mote::dataset::Split::Test : mote::dataset::Split::Train;
                s.sensor = "accelerometer";
                s.axisNames = {"accX", "accY", "accZ"};
                s.units = {"m/s2", "m/s2", "m/s2"};
                s.sampleRateHz = 100.0;
                s.frameCount = 400;
                std::vector<float> v(400 * 3);
                for (int f = 0; f < 400; ++f)
                    for (int a = 0; a < 3; ++a)
                        v[f * 3 + a] = 3.0f * static_cast<float>(std::sin(2 * M_PI * hz * f / 100.0 + a + index)) + noise(rng);
                s.setFloatData(v);
                ASSERT_TRUE(project->store().insert(s).ok());
            }
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

TEST_F(FeaturesCli, JsonExploreAndCache) {
    const std::string project = "--project " + m_dir.string();
    MoteRun first = runMote("features --explore --json " + project);
    ASSERT_EQ(first.exitCode, 0) << first.out;
    const auto j = nlohmann::json::parse(first.out);
    EXPECT_EQ(j["samples"], 15);
    EXPECT_EQ(j["windows"], 15 * 5);  // 4 s at 2 s windows / 0.5 s stride
    EXPECT_EQ(j["dsp"]["block"], "spectral");
    EXPECT_EQ(j["computed"], 15);
    EXPECT_EQ(j["classes"].size(), 3u);
    EXPECT_GE(j["explore"]["nearest_centroid_accuracy"].get<double>(), 0.9);
    EXPECT_FALSE(j["explore"]["top_features"][0]["name"].get<std::string>().empty());
    EXPECT_TRUE(fs::exists(m_dir / "artifacts" / "features"));

    MoteRun second = runMote("--json features " + project);
    ASSERT_EQ(second.exitCode, 0);
    const auto k = nlohmann::json::parse(second.out);
    EXPECT_EQ(k["cache_hits"], 15);
    EXPECT_EQ(k["computed"], 0);

    MoteRun raw = runMote("features --json --dsp raw --window-ms 1000 --stride-ms 1000 --axes accX " + project);
    ASSERT_EQ(raw.exitCode, 0);
    const auto r = nlohmann::json::parse(raw.out);
    EXPECT_EQ(r["window_shape"], nlohmann::json::array({100, 1}));
    EXPECT_EQ(r["windows"], 15 * 4);

    MoteRun text = runMote("features --explore " + project);
    ASSERT_EQ(text.exitCode, 0);
    EXPECT_NE(text.out.find("separability"), std::string::npos) << text.out;
}

TEST_F(FeaturesCli, ErrorsExitNonZero) {
    EXPECT_EQ(runMote("features --project " + (m_dir / "missing").string()).exitCode, 3);
    EXPECT_EQ(runMote("features --dsp fft --project " + m_dir.string()).exitCode, 2);
    EXPECT_EQ(runMote("features --axes gyrX --project " + m_dir.string()).exitCode, 1);
}

}  // namespace
