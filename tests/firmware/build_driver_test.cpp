// The build driver on real projects: the stock Cortex-M4 agent firmware
// built with the arm-none-eabi toolchain (progress, size report, fit check),
// and a project with a compile error (clear failure naming the error).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "common/shared_dir.h"
#include "firmware/board_profile.h"
#include "firmware/build_driver.h"
#include "firmware/size_report.h"

using namespace mote::firmware;

namespace {

std::filesystem::path scratch(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("mote-build-test-" + std::to_string(::getpid())) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST(BuildDriverArgv, ConfigureAndBuildCommandLines) {
    BuildRequest r;
    r.sourceDir = "/src/fw";
    r.buildDir = "/tmp/b";
    r.toolchainFile = "/src/cmake/arm-none-eabi.cmake";
    r.cacheArgs = {"-DMOTE_X=1"};
    r.target = "mote-agent.elf";
    EXPECT_EQ(configureArgv(r), (std::vector<std::string>{"cmake", "-S", "/src/fw", "-B", "/tmp/b", "-G", "Ninja",
                                                          "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                                                          "-DCMAKE_TOOLCHAIN_FILE=/src/cmake/arm-none-eabi.cmake",
                                                          "-DMOTE_X=1"}));
    EXPECT_EQ(buildArgv(r), (std::vector<std::string>{"cmake", "--build", "/tmp/b", "--target", "mote-agent.elf",
                                                      "-j", "2"}));
}

TEST(BuildDriverArgv, NinjaProgressLines) {
    BuildProgress p;
    ASSERT_TRUE(parseNinjaProgress("[12/40] Building CXX object x.o", p));
    EXPECT_EQ(p.done, 12);
    EXPECT_EQ(p.total, 40);
    EXPECT_FALSE(parseNinjaProgress("FAILED: x.o", p));
    EXPECT_FALSE(parseNinjaProgress("  [1/2] indented", p));
}

TEST(BuildDriver, BuildsTheAgentFirmwareAndMeasuresIt) {
    auto profile = findBoardProfile(mote::test::sourceDir() / "templates" / "boards", "qemu-mps2-an386");
    ASSERT_TRUE(profile.ok()) << profile.message();
    BuildRequest request;
    request.sourceDir = mote::test::sourceDir() / profile->port;
    request.buildDir = scratch("agent");
    request.toolchainFile = mote::test::sourceDir() / profile->toolchain.cmakeToolchainFile;
    request.buildType = "MinSizeRel";
    request.target = "mote-agent.elf";  // the agent alone, not the model runtime library
    std::vector<std::string> log;
    std::vector<BuildProgress> steps;
    auto built = runBuild(request, [&](const std::string& l) { log.push_back(l); },
                          [&](const BuildProgress& p) { steps.push_back(p); });
    ASSERT_TRUE(built.ok()) << built.message();
    ASSERT_GE(steps.size(), 3u);
    EXPECT_EQ(steps.front().total, 0);  // configure: unknown
    for (size_t i = 2; i < steps.size(); ++i)
        EXPECT_GE(steps[i].done, steps[i - 1].done);
    EXPECT_EQ(steps.back().done, steps.back().total);
    EXPECT_EQ(log.front().rfind("$ cmake -S", 0), 0u);

    const auto elf = request.buildDir / "mote-agent.elf";
    ASSERT_TRUE(std::filesystem::exists(elf));
    auto usage = measureElf(elf, *profile);
    ASSERT_TRUE(usage.ok()) << usage.message();
    EXPECT_GT(usage->flashOf(UsageCategory::Code), 10000u);
    EXPECT_LT(usage->flashBytes, 200000u);
    EXPECT_EQ(usage->ramOf(UsageCategory::Stack), 16384u);
    EXPECT_EQ(usage->ramOf(UsageCategory::Heap), 4096u);
    EXPECT_GT(usage->ramOf(UsageCategory::OtherRam), 20000u);  // the agent's buffers

    auto fits = checkFit(*usage, *profile);
    EXPECT_TRUE(fits.fits) << fits.summary;
    // The same image on a 32 KB-RAM board: refused, with the breakdown.
    BoardProfile tiny = *profile;
    tiny.ramBytes = 32 * 1024;
    auto refused = checkFit(*usage, tiny);
    EXPECT_FALSE(refused.fits);
    EXPECT_NE(refused.summary.find("RAM: "), std::string::npos);
    EXPECT_NE(refused.summary.find("DOES NOT FIT, over by"), std::string::npos) << refused.summary;
    EXPECT_NE(refused.summary.find("stack 16,384 B"), std::string::npos) << refused.summary;
    std::filesystem::remove_all(request.buildDir);
}

TEST(BuildDriver, CompileErrorIsReportedWithTheErrorLine) {
    const auto src = scratch("broken-src");
    std::ofstream(src / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.20)\nproject(b CXX)\n"
                                             "add_executable(b main.cpp)\n";
    std::ofstream(src / "main.cpp") << "int main() { return undefined_thing; }\n";
    BuildRequest request;
    request.sourceDir = src;
    request.buildDir = scratch("broken-build");
    std::vector<std::string> log;
    auto built = runBuild(request, [&](const std::string& l) { log.push_back(l); }, nullptr);
    ASSERT_FALSE(built.ok());
    EXPECT_NE(built.message().find("firmware build failed"), std::string::npos) << built.message();
    EXPECT_NE(built.message().find("undefined_thing"), std::string::npos) << built.message();
    EXPECT_FALSE(log.empty());
}

TEST(BuildDriver, MissingProjectIsAClearError) {
    BuildRequest request;
    request.sourceDir = "/nonexistent/project";
    request.buildDir = scratch("none");
    auto built = runBuild(request, nullptr, nullptr);
    ASSERT_FALSE(built.ok());
    EXPECT_NE(built.message().find("no CMakeLists.txt"), std::string::npos);
}

TEST(BuildDriver, CancelStopsTheBuild) {
    const auto src = scratch("slow-src");
    std::ofstream(src / "CMakeLists.txt") << "cmake_minimum_required(VERSION 3.20)\nproject(s NONE)\n"
                                             "add_custom_target(slow ALL COMMAND sleep 30)\n";
    BuildRequest request;
    request.sourceDir = src;
    request.buildDir = scratch("slow-build");
    std::atomic<bool> cancel{false};
    const auto start = std::chrono::steady_clock::now();
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        cancel = true;
    });
    auto built = runBuild(request, nullptr, nullptr, &cancel);
    canceller.join();
    ASSERT_FALSE(built.ok());
    EXPECT_NE(built.message().find("cancelled"), std::string::npos) << built.message();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}
