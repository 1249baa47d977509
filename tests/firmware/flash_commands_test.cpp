// Argv builders for real-board flashing tools, and the UF2 copy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "firmware/flash_commands.h"

using namespace mote::firmware;
using Argv = std::vector<std::string>;

TEST(FlashCommands, Openocd) {
    FlasherSpec spec;
    spec.driver = "openocd";
    spec.interface = "stlink";
    spec.target = "stm32f4x.cfg";
    auto argv = openocdArgv(spec, {"/tmp/my fw.elf", ""});
    ASSERT_TRUE(argv.ok()) << argv.message();
    EXPECT_EQ(*argv, (Argv{"openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg", "-c",
                           "program {/tmp/my fw.elf} verify reset exit"}));
    spec.interface.clear();
    EXPECT_FALSE(openocdArgv(spec, {"/tmp/fw.elf", ""}).ok());
}

TEST(FlashCommands, Bossac) {
    FlasherSpec spec;
    spec.address = "0x2000";
    auto argv = bossacArgv(spec, {"/tmp/fw.bin", "/dev/ttyACM0"});
    ASSERT_TRUE(argv.ok()) << argv.message();
    EXPECT_EQ(*argv, (Argv{"bossac", "--port=/dev/ttyACM0", "-e", "-w", "-v", "-b", "-R", "--offset=0x2000",
                           "/tmp/fw.bin"}));
    auto noPort = bossacArgv(spec, {"/tmp/fw.bin", ""});
    ASSERT_FALSE(noPort.ok());
    EXPECT_NE(noPort.message().find("--port"), std::string::npos);
}

TEST(FlashCommands, DfuUtil) {
    FlasherSpec spec;
    spec.address = "0x08000000";
    auto argv = dfuUtilArgv(spec, {"/tmp/fw.bin", ""}, {UsbId{0x0483, 0xdf11}});
    ASSERT_TRUE(argv.ok()) << argv.message();
    EXPECT_EQ(*argv, (Argv{"dfu-util", "-a", "0", "-d", "0483:df11", "-s", "0x08000000:leave", "-D", "/tmp/fw.bin"}));
    spec.address.clear();
    EXPECT_FALSE(dfuUtilArgv(spec, {"/tmp/fw.bin", ""}, {}).ok());
}

TEST(FlashCommands, Esptool) {
    FlasherSpec spec;
    spec.target = "esp32s3";
    spec.address = "0x10000";
    auto argv = esptoolArgv(spec, {"/tmp/app.bin", "/dev/ttyUSB0"});
    ASSERT_TRUE(argv.ok()) << argv.message();
    EXPECT_EQ(*argv, (Argv{"esptool.py", "--chip", "esp32s3", "--port", "/dev/ttyUSB0", "--baud", "921600",
                           "write_flash", "0x10000", "/tmp/app.bin"}));
    spec.target.clear();
    EXPECT_FALSE(esptoolArgv(spec, {"/tmp/app.bin", "/dev/ttyUSB0"}).ok());
}

TEST(FlashCommands, PicotoolAndAvrdude) {
    FlasherSpec pico;
    auto argv = picotoolArgv(pico, {"/tmp/fw.uf2", ""});
    ASSERT_TRUE(argv.ok());
    EXPECT_EQ(*argv, (Argv{"picotool", "load", "-x", "/tmp/fw.uf2", "-f"}));

    FlasherSpec avr;
    avr.target = "atmega328p";
    avr.interface = "arduino";
    avr.args = {"-b", "115200"};
    argv = avrdudeArgv(avr, {"/tmp/fw.hex", "/dev/ttyUSB0"});
    ASSERT_TRUE(argv.ok()) << argv.message();
    EXPECT_EQ(*argv, (Argv{"avrdude", "-p", "atmega328p", "-c", "arduino", "-P", "/dev/ttyUSB0", "-b", "115200",
                           "-D", "-U", "flash:w:/tmp/fw.hex:i"}));
    auto colon = avrdudeArgv(avr, {"/tmp/a:b.hex", "/dev/ttyUSB0"});
    ASSERT_FALSE(colon.ok());
    EXPECT_NE(colon.message().find("':'"), std::string::npos);
}

TEST(FlashCommands, DispatchByProfileDriver) {
    BoardProfile profile;
    profile.name = "x";
    profile.flasher.driver = "picotool";
    auto argv = flashArgv(profile, {"/tmp/fw.uf2", ""});
    ASSERT_TRUE(argv.ok());
    EXPECT_EQ((*argv)[0], "picotool");
    profile.flasher.driver = "qemu";
    EXPECT_FALSE(flashArgv(profile, {"/tmp/fw.elf", ""}).ok());
}

TEST(FlashCommands, Uf2CopyNeedsABootloaderDrive) {
    const auto base = std::filesystem::temp_directory_path() / ("mote-uf2-" + std::to_string(::getpid()));
    const auto drive = base / "RPI-RP2";
    std::filesystem::create_directories(drive);
    std::ofstream(base / "fw.uf2") << "UF2 blocks";

    auto notDrive = copyUf2(base / "fw.uf2", drive);
    ASSERT_FALSE(notDrive.ok());
    EXPECT_NE(notDrive.message().find("INFO_UF2.TXT"), std::string::npos);

    std::ofstream(drive / "INFO_UF2.TXT") << "UF2 Bootloader v3.0\n";
    auto copied = copyUf2(base / "fw.uf2", drive);
    ASSERT_TRUE(copied.ok()) << copied.message();
    std::ifstream in(drive / "fw.uf2");
    std::string content((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(content, "UF2 blocks");

    EXPECT_FALSE(copyUf2(base / "fw.bin", drive).ok());
    EXPECT_FALSE(copyUf2(base / "fw.uf2", base / "missing").ok());
    std::filesystem::remove_all(base);
}
