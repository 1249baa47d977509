#include "firmware/flash_commands.h"

#include <cstdio>
#include <system_error>

namespace mote::firmware {
namespace {

Status needImage(const FlashTarget& target, const char* tool) {
    if (target.image.empty())
        return makeError(std::string(tool) + ": no firmware image given");
    return {};
}

Status needPort(const FlashTarget& target, const char* tool) {
    if (target.port.empty())
        return makeError(std::string(tool) + " needs the board's serial port (pass --port)");
    return {};
}

std::string programOr(const FlasherSpec& spec, const char* fallback) {
    return spec.program.empty() ? std::string(fallback) : spec.program;
}

void appendExtra(std::vector<std::string>& argv, const FlasherSpec& spec) {
    argv.insert(argv.end(), spec.args.begin(), spec.args.end());
}

std::string withCfg(const std::string& name) {
    return name.size() > 4 && name.compare(name.size() - 4, 4, ".cfg") == 0 ? name : name + ".cfg";
}

}  // namespace

Result<std::vector<std::string>> openocdArgv(const FlasherSpec& spec, const FlashTarget& target) {
    if (auto s = needImage(target, "openocd"); !s)
        return s.error();
    if (spec.interface.empty() || spec.target.empty())
        return makeError("openocd needs 'interface' and 'target' in the board profile's flasher");
    std::vector<std::string> argv = {programOr(spec, "openocd"), "-f", "interface/" + withCfg(spec.interface),
                                     "-f", "target/" + withCfg(spec.target)};
    appendExtra(argv, spec);
    // openocd's Tcl: braces keep a path with spaces one word.
    argv.push_back("-c");
    argv.push_back("program {" + target.image.string() + "} verify reset exit");
    return argv;
}

Result<std::vector<std::string>> bossacArgv(const FlasherSpec& spec, const FlashTarget& target) {
    if (auto s = needImage(target, "bossac"); !s)
        return s.error();
    if (auto s = needPort(target, "bossac"); !s)
        return s.error();
    std::vector<std::string> argv = {programOr(spec, "bossac"), "--port=" + target.port, "-e", "-w", "-v", "-b", "-R"};
    if (!spec.address.empty())
        argv.push_back("--offset=" + spec.address);
    appendExtra(argv, spec);
    argv.push_back(target.image.string());
    return argv;
}

Result<std::vector<std::string>> dfuUtilArgv(const FlasherSpec& spec, const FlashTarget& target,
                                             const std::vector<UsbId>& usb) {
    if (auto s = needImage(target, "dfu-util"); !s)
        return s.error();
    if (spec.address.empty())
        return makeError("dfu-util needs the flash 'address' in the board profile's flasher (e.g. 0x08000000)");
    std::vector<std::string> argv = {programOr(spec, "dfu-util"), "-a", "0"};
    if (!usb.empty()) {
        char id[16];
        std::snprintf(id, sizeof id, "%04x:%04x", usb.front().vid, usb.front().pid);
        argv.push_back("-d");
        argv.push_back(id);
    }
    argv.push_back("-s");
    argv.push_back(spec.address + ":leave");
    appendExtra(argv, spec);
    argv.push_back("-D");
    argv.push_back(target.image.string());
    return argv;
}

Result<std::vector<std::string>> esptoolArgv(const FlasherSpec& spec, const FlashTarget& target) {
    if (auto s = needImage(target, "esptool"); !s)
        return s.error();
    if (auto s = needPort(target, "esptool"); !s)
        return s.error();
    if (spec.target.empty())
        return makeError("esptool needs the chip in the board profile's flasher 'target' (e.g. esp32s3)");
    std::vector<std::string> argv = {programOr(spec, "esptool.py"), "--chip", spec.target, "--port", target.port,
                                     "--baud", "921600"};
    appendExtra(argv, spec);
    argv.push_back("write_flash");
    argv.push_back(spec.address.empty() ? "0x0" : spec.address);
    argv.push_back(target.image.string());
    return argv;
}

Result<std::vector<std::string>> picotoolArgv(const FlasherSpec& spec, const FlashTarget& target) {
    if (auto s = needImage(target, "picotool"); !s)
        return s.error();
    std::vector<std::string> argv = {programOr(spec, "picotool"), "load", "-x", target.image.string(), "-f"};
    appendExtra(argv, spec);
    return argv;
}

Result<std::vector<std::string>> avrdudeArgv(const FlasherSpec& spec, const FlashTarget& target) {
    if (auto s = needImage(target, "avrdude"); !s)
        return s.error();
    if (auto s = needPort(target, "avrdude"); !s)
        return s.error();
    if (spec.target.empty() || spec.interface.empty())
        return makeError("avrdude needs the part ('target', e.g. atmega328p) and programmer ('interface', e.g. "
                         "arduino) in the board profile's flasher");
    std::vector<std::string> argv = {programOr(spec, "avrdude"), "-p", spec.target, "-c", spec.interface,
                                     "-P", target.port};
    appendExtra(argv, spec);
    argv.push_back("-D");
    argv.push_back("-U");
    // avrdude splits -U on ':'; a path with ':' would be misread.
    if (target.image.string().find(':') != std::string::npos)
        return makeError("avrdude cannot take an image path containing ':' (" + target.image.string() + ")");
    argv.push_back("flash:w:" + target.image.string() + ":i");
    return argv;
}

Result<std::vector<std::string>> flashArgv(const BoardProfile& profile, const FlashTarget& target) {
    const auto& d = profile.flasher.driver;
    if (d == "openocd")
        return openocdArgv(profile.flasher, target);
    if (d == "bossac")
        return bossacArgv(profile.flasher, target);
    if (d == "dfu-util")
        return dfuUtilArgv(profile.flasher, target, profile.usb);
    if (d == "esptool")
        return esptoolArgv(profile.flasher, target);
    if (d == "picotool")
        return picotoolArgv(profile.flasher, target);
    if (d == "avrdude")
        return avrdudeArgv(profile.flasher, target);
    return makeError("flasher driver '" + d + "' of board '" + profile.name + "' is not a command-line tool");
}

Status copyUf2(const std::filesystem::path& image, const std::filesystem::path& driveDir) {
    std::error_code ec;
    if (image.extension() != ".uf2")
        return makeError("UF2 copy needs a .uf2 image, got " + image.string());
    if (!std::filesystem::is_regular_file(image, ec))
        return makeError("firmware image not found: " + image.string());
    if (driveDir.empty() || !std::filesystem::is_directory(driveDir, ec))
        return makeError("UF2 drive not found at '" + driveDir.string() +
                         "' (put the board in bootloader mode and pass the mounted drive folder as --port)");
    if (!std::filesystem::exists(driveDir / "INFO_UF2.TXT", ec))
        return makeError(driveDir.string() + " is not a UF2 bootloader drive (no INFO_UF2.TXT)");
    std::filesystem::copy_file(image, driveDir / image.filename(),
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec)
        return makeError("copying " + image.string() + " to " + driveDir.string() + " failed: " + ec.message());
    return {};
}

}  // namespace mote::firmware
