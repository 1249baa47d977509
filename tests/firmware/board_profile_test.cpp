// Board profiles: the shipped templates load, and malformed profiles give
// errors naming the file and field.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "common/shared_dir.h"
#include "firmware/board_profile.h"
#include "firmware/board_selftest.h"

using namespace mote::firmware;

namespace {

const char* kMinimal = R"({
  "schema": 1, "name": "test-board", "mcu": "X", "core": "cortex-m0plus", "clock_hz": 48000000,
  "ram_bytes": 32768, "flash_bytes": 262144, "sensors": [{"name": "imu", "axes": ["x"], "rates_hz": [100]}],
  "toolchain": {"kind": "arm-none-eabi"}, "port": "ports/x", "image": "uf2",
  "flasher": {"driver": "uf2"}, "usb": [{"vid": "2e8a", "pid": "000a"}]
})";

std::string withField(const std::string& key, const std::string& value) {
    auto doc = std::string(kMinimal);
    const auto pos = doc.find("\"" + key + "\":");
    const auto valueStart = pos + key.size() + 3;
    const auto valueEnd = doc.find_first_of(",}", valueStart);
    return doc.substr(0, valueStart) + " " + value + doc.substr(valueEnd);
}

}  // namespace

TEST(BoardProfiles, ShippedProfilesLoad) {
    auto profiles = loadBoardProfiles(mote::test::sourceDir() / "templates" / "boards");
    ASSERT_TRUE(profiles.ok()) << profiles.message();
    ASSERT_GE(profiles->size(), 2u);

    auto qemu = findBoardProfile(mote::test::sourceDir() / "templates" / "boards", "qemu-mps2-an386");
    ASSERT_TRUE(qemu.ok()) << qemu.message();
    EXPECT_EQ(qemu->core, "cortex-m4f");
    EXPECT_EQ(qemu->clockHz, 25000000u);
    EXPECT_EQ(qemu->ramBytes, 4u * 1024 * 1024);
    EXPECT_EQ(qemu->flasher.driver, "qemu");
    EXPECT_EQ(qemu->flasher.machine, "mps2-an386");
    EXPECT_EQ(qemu->toolchain.cmakeToolchainFile, "cmake/arm-none-eabi.cmake");
    EXPECT_TRUE(std::filesystem::exists(mote::test::sourceDir() / qemu->toolchain.cmakeToolchainFile));
    EXPECT_TRUE(std::filesystem::exists(mote::test::sourceDir() / qemu->port / "CMakeLists.txt"));
    ASSERT_NE(qemu->findSensor("imu"), nullptr);
    EXPECT_EQ(qemu->findSensor("imu")->axes.size(), 6u);
    EXPECT_TRUE(qemu->emulated);
    EXPECT_NE(qemu->timingNote.find("emulator"), std::string::npos) << "the UI must say cycles are emulated";

    auto host = findBoardProfile(mote::test::sourceDir() / "templates" / "boards", "host-sim");
    ASSERT_TRUE(host.ok()) << host.message();
    EXPECT_EQ(host->flasher.driver, "host");
    EXPECT_EQ(host->flasher.program, "mote-board-sim");
}

TEST(BoardProfiles, UnknownBoardListsKnownOnes) {
    auto missing = findBoardProfile(mote::test::sourceDir() / "templates" / "boards", "nrf52840-dk");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.message().find("unknown board 'nrf52840-dk'"), std::string::npos);
    EXPECT_NE(missing.message().find("qemu-mps2-an386"), std::string::npos);
    EXPECT_NE(missing.message().find("host-sim"), std::string::npos);
}

TEST(BoardProfiles, ParsesARealBoardShapeWithoutCodeChanges) {
    auto p = parseBoardProfile(kMinimal, "x.json");
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->name, "test-board");
    EXPECT_EQ(p->flashBytes, 262144u);
    ASSERT_EQ(p->usb.size(), 1u);
    EXPECT_EQ(p->usb[0].vid, 0x2e8a);
    EXPECT_EQ(p->usb[0].pid, 0x000a);
    EXPECT_FALSE(p->emulated);
}

TEST(BoardProfiles, BadInputNamesFileAndField) {
    struct Case {
        std::string text;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {"{not json", "not valid JSON"},
        {"[1,2]", "must be a JSON object"},
        {withField("schema", "2"), "schema 2 is not supported"},
        {withField("name", "\"a b\""), "may not contain spaces"},
        {withField("ram_bytes", "-5"), "'ram_bytes' must be a non-negative integer"},
        {withField("ram_bytes", "0"), "must be greater than zero"},
        {withField("clock_hz", "\"fast\""), "'clock_hz' must be a non-negative integer"},
        {withField("mcu", "3"), "'mcu' must be a string"},
    };
    for (const auto& c : cases) {
        auto p = parseBoardProfile(c.text, "boards/bad.json");
        ASSERT_FALSE(p.ok()) << c.text;
        EXPECT_NE(p.message().find("boards/bad.json"), std::string::npos) << p.message();
        EXPECT_NE(p.message().find(c.expect), std::string::npos) << p.message() << " | wanted: " << c.expect;
    }
    std::string badUsb = kMinimal;
    badUsb.replace(badUsb.find("\"2e8a\""), 6, "\"zz\"");
    auto usb = parseBoardProfile(badUsb, "b.json");
    ASSERT_FALSE(usb.ok());
    EXPECT_NE(usb.message().find("hex \"vid\" and \"pid\""), std::string::npos) << usb.message();

    std::string noFlasher = kMinimal;
    noFlasher.replace(noFlasher.find("\"flasher\""), 9, "\"flashr\"");
    auto p = parseBoardProfile(noFlasher, "b.json");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("missing object 'flasher'"), std::string::npos) << p.message();

    std::string badDriver = kMinimal;
    badDriver.replace(badDriver.find("\"uf2\"}"), 5, "\"jtag\"");
    p = parseBoardProfile(badDriver, "b.json");
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.message().find("unknown flasher driver 'jtag'"), std::string::npos) << p.message();
}

TEST(BoardProfiles, FolderWithABadFileFailsNamingIt) {
    const auto dir = std::filesystem::temp_directory_path() / ("mote-boards-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "good.json") << kMinimal;
    std::ofstream(dir / "broken.json") << "{\"schema\": 1";
    auto profiles = loadBoardProfiles(dir);
    ASSERT_FALSE(profiles.ok());
    EXPECT_NE(profiles.message().find("broken.json"), std::string::npos) << profiles.message();
    std::filesystem::remove(dir / "broken.json");
    std::ofstream(dir / "dup.json") << kMinimal;
    profiles = loadBoardProfiles(dir);
    ASSERT_FALSE(profiles.ok());
    EXPECT_NE(profiles.message().find("two board profiles are named 'test-board'"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(BoardSelfTest, ParsesTheFirmwaresReportLineAndRejectsOthers) {
    auto report = mote::firmware::parseSelfTestLine("selftest ticks=212237 out=00ff7f80");
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(report->ticks, 212237u);
    EXPECT_EQ(report->outputHex, "00ff7f80");
    EXPECT_EQ(mote::firmware::hexBytes({0x00, 0xff, 0x7f, 0x80}), "00ff7f80");
    for (const char* bad : {"selftest ticks= out=00", "selftest ticks=5 out=XY", "hello", "selftest ticks=5 out=00 more"}) {
        auto parsed = mote::firmware::parseSelfTestLine(bad);
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_NE(parsed.message().find("not a self-test report"), std::string::npos);
    }
}
