// mote devices: serial ports (libserialport) plus any --port paths (ptys,
// which libserialport cannot see), and for each port that answers the Mote
// handshake within a short timeout: board, firmware, sensors, model.
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "device/device_json.h"
#include "device/device_session.h"
#include "serial/port_list.h"

namespace mote::cli {
namespace {

struct DevicesOptions {
    std::vector<std::string> ports;
    int timeoutMs = 300;
    bool noProbe = false;
};

nlohmann::json portJson(const serial::PortInfo& p) {
    nlohmann::json j = {{"port", p.name}, {"description", p.description}, {"transport", p.transport}};
    j["usbVid"] = p.usbVid ? nlohmann::json(*p.usbVid) : nlohmann::json(nullptr);
    j["usbPid"] = p.usbPid ? nlohmann::json(*p.usbPid) : nlohmann::json(nullptr);
    j["usbSerial"] = p.usbSerial;
    j["manufacturer"] = p.manufacturer;
    j["product"] = p.product;
    return j;
}

// Adds board/firmware/sensors/model when the port answers the handshake.
void probe(nlohmann::json& j, const std::string& port, int timeoutMs) {
    device::SessionOptions options;
    options.handshakeTimeout = std::chrono::milliseconds(timeoutMs);
    options.handshakeAttempts = 2;
    device::DeviceSession session(port, options);
    nlohmann::json caps = nullptr;
    if (session.start().ok()) {
        auto c = session.waitConnected(std::chrono::milliseconds(timeoutMs * 3 + 1000));
        if (c)
            caps = device::capabilitiesJson(*c);
        else
            j["error"] = c.message();
    }
    session.stop();
    j["mote"] = !caps.is_null();
    for (const char* key : {"board", "firmware", "deviceId", "protocol", "sensors", "model"})
        j[key] = caps.is_null() ? nlohmann::json(nullptr) : caps[key];
    if (caps.is_null())
        j["sensors"] = nlohmann::json::array();
}

std::string sensorSummary(const nlohmann::json& sensors) {
    std::string s;
    for (const auto& sensor : sensors) {
        std::string axes;
        for (const auto& a : sensor["axes"])
            axes += (axes.empty() ? "" : ",") + a.get<std::string>();
        double maxRate = 0;
        for (const auto& r : sensor["ratesHz"])
            maxRate = std::max(maxRate, r.get<double>());
        char rate[32];
        std::snprintf(rate, sizeof rate, "%g", maxRate);
        s += (s.empty() ? "" : "; ") + sensor["name"].get<std::string>() + " (" + axes + ", up to " + rate + " Hz)";
    }
    return s;
}

void run(const CliContext& context, const DevicesOptions& o) {
    auto listed = serial::listPorts();
    if (!listed)
        throw CliError(listed.message(), kExitDevice);
    std::vector<serial::PortInfo> ports = *listed;
    for (const auto& extra : o.ports) {
        bool known = std::any_of(ports.begin(), ports.end(), [&](const auto& p) { return p.name == extra; });
        if (!known)
            ports.push_back(serial::describePath(extra));
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : ports) {
        nlohmann::json j = portJson(p);
        if (o.noProbe) {
            j["mote"] = nullptr;
            j["board"] = j["firmware"] = nullptr;
            j["sensors"] = nlohmann::json::array();
        } else {
            if (!context.json)
                std::cerr << "probing " << p.name << "...\n";
            probe(j, p.name, o.timeoutMs);
        }
        out.push_back(std::move(j));
    }
    if (context.json) {
        std::cout << out.dump() << "\n";
        return;
    }
    if (out.empty()) {
        std::cout << "no serial ports found (for the simulator: mote devices --port <pty printed by mote board-sim>)\n";
        return;
    }
    for (const auto& j : out) {
        std::cout << j["port"].get<std::string>();
        if (!j["description"].get<std::string>().empty())
            std::cout << "  " << j["description"].get<std::string>();
        if (!j["usbVid"].is_null()) {
            char ids[32];
            std::snprintf(ids, sizeof ids, "  [%04x:%04x]", j["usbVid"].get<int>(), j["usbPid"].get<int>());
            std::cout << ids;
        }
        std::cout << "\n";
        if (j["mote"] == true) {
            std::cout << "  board " << j["board"].get<std::string>() << ", firmware " << j["firmware"].get<std::string>()
                      << ", id " << j["deviceId"].get<std::string>() << "\n";
            std::cout << "  sensors: " << sensorSummary(j["sensors"]) << "\n";
            if (!j["model"].is_null())
                std::cout << "  model: " << j["model"]["id"].get<std::string>() << "\n";
        } else if (j.contains("error")) {
            std::cout << "  not a Mote board (" << j["error"].get<std::string>() << ")\n";
        }
    }
}

void installDevices(CLI::App& root, CliContext& context) {
    auto* cmd = root.add_subcommand("devices", "List serial ports and the Mote boards answering on them");
    auto options = std::make_shared<DevicesOptions>();
    cmd->add_option("--port", options->ports, "Also probe this path (e.g. a pty from mote board-sim); repeatable");
    cmd->add_option("--timeout", options->timeoutMs, "Handshake timeout per attempt in ms (2 attempts)")
        ->check(CLI::Range(20, 10000));
    cmd->add_flag("--no-probe", options->noProbe, "Only list ports; send nothing to them");
    cmd->add_flag("--json", context.json, "Print JSON (a list of port objects)");
    cmd->callback([&context, options] { run(context, *options); });
}

const CommandRegistration reg{"devices", &installDevices};

}  // namespace
}  // namespace mote::cli
