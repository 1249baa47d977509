// mote board list|show|start|stop|status: board profiles and the boards the
// studio runs itself (the QEMU-emulated Cortex-M4, the host simulator).
// Started boards keep running after this command exits; `stop` ends them.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "install_paths.h"
#include "firmware/board_profile.h"
#include "firmware/flasher.h"

namespace mote::cli {
namespace {

namespace fw = mote::firmware;

fw::BoardProfile loadProfile(const std::string& name) {
    auto profile = fw::findBoardProfile(fw::defaultBoardsDir(), name);
    if (!profile)
        throw CliError(profile.message() + "; see `mote board list`", kExitBadInput);
    return *profile;
}

nlohmann::json profileJson(const fw::BoardProfile& p) {
    nlohmann::json sensors = nlohmann::json::array();
    for (const auto& s : p.sensors)
        sensors.push_back({{"name", s.name}, {"axes", s.axes}, {"rates_hz", s.ratesHz}});
    return {{"name", p.name},       {"display_name", p.displayName}, {"mcu", p.mcu},
            {"core", p.core},       {"clock_hz", p.clockHz},         {"ram_bytes", p.ramBytes},
            {"flash_bytes", p.flashBytes}, {"emulated", p.emulated}, {"timing_note", p.timingNote},
            {"flasher", p.flasher.driver}, {"toolchain", p.toolchain.kind}, {"sensors", sensors}};
}

nlohmann::json runningJson(const std::optional<fw::RunningBoard>& r) {
    if (!r)
        return nullptr;
    return {{"pid", r->pid}, {"connection", r->connectionPath}, {"image", r->image}, {"driver", r->driver}};
}

void installBoard(CLI::App& root, CliContext& context) {
    auto* board = root.add_subcommand("board", "Board profiles and emulated/simulated boards");
    board->require_subcommand(1);

    auto* list = board->add_subcommand("list", "List the board profiles");
    list->add_flag("--json", context.json, "Machine-readable output");
    list->callback([&context] {
        auto profiles = fw::loadBoardProfiles(fw::defaultBoardsDir());
        if (!profiles)
            throw CliError(profiles.message(), kExitBadInput);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : *profiles) {
            auto item = profileJson(p);
            item["running"] = runningJson(fw::findRunningBoard(fw::defaultBoardStateDir(), p.name));
            out.push_back(item);
        }
        if (context.json) {
            std::cout << out.dump() << "\n";
            return;
        }
        for (const auto& p : out)
            std::cout << p["name"].get<std::string>() << "  " << p["display_name"].get<std::string>() << "  RAM "
                      << p["ram_bytes"] << " B, flash " << p["flash_bytes"] << " B"
                      << (p["running"].is_null() ? "" : "  [running on " + p["running"]["connection"].get<std::string>() + "]")
                      << "\n";
    });

    static std::string showName;
    auto* show = board->add_subcommand("show", "Show one board profile");
    show->add_option("board", showName, "Board name")->required();
    show->add_flag("--json", context.json, "Machine-readable output");
    show->callback([&context] {
        const auto p = loadProfile(showName);
        auto out = profileJson(p);
        out["running"] = runningJson(fw::findRunningBoard(fw::defaultBoardStateDir(), p.name));
        std::cout << (context.json ? out.dump() : out.dump(2)) << "\n";
    });

    static std::string startName, startImage;
    auto* start = board->add_subcommand("start", "Start an emulated/simulated board (replaces a running one)");
    start->add_option("board", startName, "Board name (qemu-mps2-an386, host-sim)")->required();
    start->add_option("--image", startImage, "Firmware ELF / simulator binary (default: the stock agent)");
    start->add_flag("--json", context.json, "Machine-readable output");
    start->callback([&context] {
        const auto p = loadProfile(startName);
        if (p.flasher.driver != "qemu" && p.flasher.driver != "host")
            throw CliError("board '" + p.name + "' is real hardware: flash it with `mote deploy`", kExitUsage);
        const std::filesystem::path image = startImage.empty() ? app::stockBoardImage(p) : std::filesystem::path(startImage);
        auto flasher = fw::makeFlasher(p);
        if (!flasher)
            throw CliError(flasher.message());
        auto started = (*flasher)->flash({image, ""}, context.json ? fw::LogFn() : [](const std::string& l) {
            std::cerr << l << "\n";
        });
        if (!started)
            throw CliError("could not start " + p.name + ": " + started.message(), kExitDevice);
        if (context.json)
            std::cout << nlohmann::json{{"board", p.name}, {"connection", started->connectionPath}}.dump() << "\n";
        else
            std::cout << p.name << " running, connect to " << started->connectionPath << "\n";
    });

    static std::string stopName;
    auto* stop = board->add_subcommand("stop", "Stop a board started by the studio");
    stop->add_option("board", stopName, "Board name")->required();
    stop->callback([] {
        const auto p = loadProfile(stopName);
        if (auto stopped = fw::stopRunningBoard(fw::defaultBoardStateDir(), p.name); !stopped)
            throw CliError(stopped.message(), kExitDevice);
        std::cout << p.name << " stopped\n";
    });
}

const CommandRegistration reg{"board", &installBoard};

}  // namespace
}  // namespace mote::cli
