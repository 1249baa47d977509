// mote version: versions of the tool and the libraries it was built with.
#include <iostream>

#include <flatbuffers/base.h>
#include <libserialport.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "command_registry.h"

namespace mote::cli {
namespace {

void installVersion(CLI::App& root, CliContext& context) {
    auto* cmd = root.add_subcommand("version", "Show versions of mote and its libraries");
    cmd->callback([&context] {
        nlohmann::json v = {
            {"mote", MOTE_VERSION},
            {"sqlite", sqlite3_libversion()},
            {"flatbuffers", std::to_string(FLATBUFFERS_VERSION_MAJOR) + "." +
                                std::to_string(FLATBUFFERS_VERSION_MINOR) + "." +
                                std::to_string(FLATBUFFERS_VERSION_REVISION)},
            {"libserialport", sp_get_package_version_string()},
        };
        if (context.json) {
            std::cout << v.dump() << "\n";
            return;
        }
        for (auto& [key, value] : v.items())
            std::cout << key << " " << value.get<std::string>() << "\n";
    });
}

const CommandRegistration reg{"version", &installVersion};

}  // namespace
}  // namespace mote::cli
