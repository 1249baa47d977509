#include "firmware/board_profile.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace mote::firmware {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

// Field readers that turn type mismatches into messages naming the field.
struct Reader {
    const std::string& origin;
    std::string error;

    bool fail(const std::string& message) {
        if (error.empty())
            error = origin + ": " + message;
        return false;
    }
    bool str(const json& obj, const char* key, std::string& out, bool required) {
        if (!obj.contains(key))
            return required ? fail(std::string("missing field '") + key + "'") : true;
        if (!obj[key].is_string())
            return fail(std::string("field '") + key + "' must be a string");
        out = obj[key].get<std::string>();
        return true;
    }
    template <typename T>
    bool uint(const json& obj, const char* key, T& out, bool required) {
        if (!obj.contains(key))
            return required ? fail(std::string("missing field '") + key + "'") : true;
        if (!obj[key].is_number_unsigned() && !(obj[key].is_number_integer() && obj[key].get<int64_t>() >= 0))
            return fail(std::string("field '") + key + "' must be a non-negative integer");
        out = static_cast<T>(obj[key].get<uint64_t>());
        return true;
    }
    bool strList(const json& obj, const char* key, std::vector<std::string>& out) {
        if (!obj.contains(key))
            return true;
        if (!obj[key].is_array())
            return fail(std::string("field '") + key + "' must be a list of strings");
        for (const auto& item : obj[key]) {
            if (!item.is_string())
                return fail(std::string("field '") + key + "' must be a list of strings");
            out.push_back(item.get<std::string>());
        }
        return true;
    }
};

bool parseUsbHex(const json& value, uint16_t& out) {
    if (value.is_number_unsigned() && value.get<uint64_t>() <= 0xFFFF) {
        out = static_cast<uint16_t>(value.get<uint64_t>());
        return true;
    }
    if (!value.is_string())
        return false;
    const std::string text = value.get<std::string>();
    char* end = nullptr;
    const unsigned long parsed = std::strtoul(text.c_str(), &end, 16);
    if (text.empty() || *end != '\0' || parsed > 0xFFFF)
        return false;
    out = static_cast<uint16_t>(parsed);
    return true;
}

}  // namespace

const BoardSensor* BoardProfile::findSensor(const std::string& sensorName) const {
    for (const auto& sensor : sensors)
        if (sensor.name == sensorName)
            return &sensor;
    return nullptr;
}

Result<BoardProfile> parseBoardProfile(const std::string& jsonText, const std::string& origin) {
    json doc = json::parse(jsonText, nullptr, false);
    if (doc.is_discarded())
        return makeError(origin + ": not valid JSON");
    if (!doc.is_object())
        return makeError(origin + ": a board profile must be a JSON object");
    Reader r{origin, {}};
    int schema = 0;
    r.uint(doc, "schema", schema, true);
    if (r.error.empty() && schema != kSchemaVersion)
        r.fail("schema " + std::to_string(schema) + " is not supported (this studio reads schema " +
               std::to_string(kSchemaVersion) + ")");

    BoardProfile p;
    r.str(doc, "name", p.name, true);
    r.str(doc, "display_name", p.displayName, false);
    r.str(doc, "vendor", p.vendor, false);
    r.str(doc, "mcu", p.mcu, true);
    r.str(doc, "core", p.core, true);
    r.uint(doc, "clock_hz", p.clockHz, true);
    r.uint(doc, "ram_bytes", p.ramBytes, true);
    r.uint(doc, "flash_bytes", p.flashBytes, true);
    r.str(doc, "timing_note", p.timingNote, false);
    r.str(doc, "port", p.port, true);
    r.str(doc, "image", p.image, true);
    r.str(doc, "build_output", p.buildOutput, false);
    if (p.buildOutput.empty())
        p.buildOutput = "mote-agent.elf";
    if (doc.contains("emulated")) {
        if (!doc["emulated"].is_boolean())
            r.fail("field 'emulated' must be true or false");
        else
            p.emulated = doc["emulated"].get<bool>();
    }
    if (r.error.empty() && p.name.empty())
        r.fail("field 'name' is empty");
    if (r.error.empty() && p.name.find_first_of("/\\ ") != std::string::npos)
        r.fail("board name '" + p.name + "' may not contain spaces or slashes");
    if (r.error.empty() && (p.ramBytes == 0 || p.flashBytes == 0))
        r.fail("ram_bytes and flash_bytes must be greater than zero");

    if (r.error.empty()) {
        if (!doc.contains("sensors") || !doc["sensors"].is_array()) {
            r.fail("missing list 'sensors'");
        } else {
            for (const auto& s : doc["sensors"]) {
                BoardSensor sensor;
                if (!s.is_object()) {
                    r.fail("each entry of 'sensors' must be an object");
                    break;
                }
                r.str(s, "name", sensor.name, true);
                r.strList(s, "axes", sensor.axes);
                if (s.contains("rates_hz")) {
                    if (!s["rates_hz"].is_array())
                        r.fail("sensor '" + sensor.name + "': 'rates_hz' must be a list of numbers");
                    else
                        for (const auto& rate : s["rates_hz"]) {
                            if (!rate.is_number() || rate.get<double>() <= 0) {
                                r.fail("sensor '" + sensor.name + "': rates must be positive numbers");
                                break;
                            }
                            sensor.ratesHz.push_back(rate.get<double>());
                        }
                }
                p.sensors.push_back(std::move(sensor));
            }
        }
    }

    if (r.error.empty()) {
        if (!doc.contains("toolchain") || !doc["toolchain"].is_object()) {
            r.fail("missing object 'toolchain'");
        } else {
            const auto& t = doc["toolchain"];
            r.str(t, "kind", p.toolchain.kind, true);
            r.str(t, "cmake_toolchain_file", p.toolchain.cmakeToolchainFile, false);
            r.str(t, "size_program", p.toolchain.sizeProgram, false);
            r.strList(t, "flags", p.toolchain.flags);
        }
    }
    if (r.error.empty()) {
        if (!doc.contains("flasher") || !doc["flasher"].is_object()) {
            r.fail("missing object 'flasher'");
        } else {
            const auto& f = doc["flasher"];
            r.str(f, "driver", p.flasher.driver, true);
            r.str(f, "program", p.flasher.program, false);
            r.str(f, "machine", p.flasher.machine, false);
            r.str(f, "target", p.flasher.target, false);
            r.str(f, "interface", p.flasher.interface, false);
            r.str(f, "address", p.flasher.address, false);
            r.strList(f, "args", p.flasher.args);
            static const std::vector<std::string> kDrivers = {"qemu", "host", "openocd", "bossac", "dfu-util",
                                                              "esptool", "uf2", "picotool", "avrdude"};
            if (r.error.empty() &&
                std::find(kDrivers.begin(), kDrivers.end(), p.flasher.driver) == kDrivers.end())
                r.fail("unknown flasher driver '" + p.flasher.driver +
                       "' (known: qemu, host, openocd, bossac, dfu-util, esptool, uf2, picotool, avrdude)");
        }
    }
    if (r.error.empty() && doc.contains("connection")) {
        if (!doc["connection"].is_object())
            r.fail("field 'connection' must be an object");
        else
            r.str(doc["connection"], "kind", p.connectionKind, false);
    }
    if (r.error.empty() && doc.contains("usb")) {
        if (!doc["usb"].is_array()) {
            r.fail("field 'usb' must be a list of {\"vid\", \"pid\"}");
        } else {
            for (const auto& u : doc["usb"]) {
                UsbId id;
                if (!u.is_object() || !u.contains("vid") || !u.contains("pid") || !parseUsbHex(u["vid"], id.vid) ||
                    !parseUsbHex(u["pid"], id.pid)) {
                    r.fail("each 'usb' entry needs hex \"vid\" and \"pid\" (e.g. \"2e8a\")");
                    break;
                }
                p.usb.push_back(id);
            }
        }
    }
    if (!r.error.empty())
        return makeError(r.error);
    return p;
}

Result<BoardProfile> loadBoardProfile(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        return makeError("cannot read board profile " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    auto profile = parseBoardProfile(text.str(), file.string());
    if (profile)
        profile->sourceFile = file;
    return profile;
}

Result<std::vector<BoardProfile>> loadBoardProfiles(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return makeError("board profile folder not found: " + dir.string());
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<BoardProfile> profiles;
    for (const auto& file : files) {
        auto profile = loadBoardProfile(file);
        if (!profile)
            return profile.error();
        for (const auto& other : profiles)
            if (other.name == profile->name)
                return makeError("two board profiles are named '" + profile->name + "': " +
                                 other.sourceFile.string() + " and " + file.string());
        profiles.push_back(std::move(*profile));
    }
    std::sort(profiles.begin(), profiles.end(),
              [](const BoardProfile& a, const BoardProfile& b) { return a.name < b.name; });
    return profiles;
}

Result<BoardProfile> findBoardProfile(const std::filesystem::path& dir, const std::string& name) {
    auto profiles = loadBoardProfiles(dir);
    if (!profiles)
        return profiles.error();
    std::string known;
    for (auto& profile : *profiles) {
        if (profile.name == name)
            return std::move(profile);
        known += (known.empty() ? "" : ", ") + profile.name;
    }
    return makeError("unknown board '" + name + "' (known boards: " + (known.empty() ? "none" : known) + ")");
}

std::filesystem::path sourceRoot() {
    if (const char* env = std::getenv("MOTE_SOURCE_ROOT"); env && *env)
        return env;
    return MOTE_FIRMWARE_SOURCE_ROOT;
}

std::filesystem::path defaultBoardsDir() {
    if (const char* env = std::getenv("MOTE_BOARDS_DIR"); env && *env)
        return env;
    return sourceRoot() / "templates" / "boards";
}

}  // namespace mote::firmware
