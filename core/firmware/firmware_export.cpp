#include "firmware/firmware_export.h"

#include <fstream>

#include "firmware/subprocess.h"

namespace mote::firmware {
namespace {

namespace fs = std::filesystem;

bool isHostOnly(const fs::path& file) {
    const std::string name = file.filename().string();
    return name.find("_json.") != std::string::npos || name == "messages.h" || name == "messages.cpp";
}

bool isSource(const fs::path& file) {
    const auto ext = file.extension().string();
    return ext == ".h" || ext == ".cpp" || ext == ".c" || ext == ".S" || ext == ".s" || ext == ".ld" ||
           ext == ".fbs" || file.filename() == "CMakeLists.txt";
}

}  // namespace

Result<FirmwareExportResult> exportFirmwareProject(const FirmwareExportRequest& request) {
    std::error_code ec;
    const fs::path out = request.outputDir;
    if (fs::exists(out, ec) && !fs::is_empty(out, ec))
        return makeError("export folder " + out.string() + " exists and is not empty: choose a new folder");
    for (const char* name : {"mote_model.h", "mote_model.cpp"})
        if (!fs::is_regular_file(request.generatedDir / name, ec))
            return makeError("no generated " + std::string(name) + " in " + request.generatedDir.string() +
                             ": deploy (or generate) the model first");
    if (request.board.port.empty())
        return makeError("board '" + request.board.name + "' has no firmware port to export");
    const fs::path root = sourceRoot();
    FirmwareExportResult result;

    auto copyOne = [&](const fs::path& from, const fs::path& relative) -> Status {
        fs::create_directories((out / relative).parent_path(), ec);
        fs::copy_file(from, out / relative, fs::copy_options::overwrite_existing, ec);
        if (ec)
            return makeError("cannot copy " + from.string() + " to " + (out / relative).string() + ": " + ec.message());
        result.files.push_back(relative);
        return {};
    };
    // Folders copied whole (sources only; host-only files left out).
    auto copyFolder = [&](const fs::path& relative, bool recursive) -> Status {
        const fs::path from = root / relative;
        if (!fs::is_directory(from, ec))
            return makeError("source folder " + from.string() + " is missing");
        std::vector<fs::path> files;
        if (recursive) {
            for (const auto& e : fs::recursive_directory_iterator(from))
                if (e.is_regular_file())
                    files.push_back(e.path());
        } else {
            for (const auto& e : fs::directory_iterator(from))
                if (e.is_regular_file())
                    files.push_back(e.path());
        }
        for (const auto& file : files)
            if (isSource(file) && !isHostOnly(file))
                if (auto s = copyOne(file, fs::relative(file, root)); !s)
                    return s;
        return {};
    };

    for (const char* name : {"mote_model.h", "mote_model.cpp"})
        if (auto s = copyOne(request.generatedDir / name, fs::path("generated") / name); !s)
            return s.error();
    for (const char* file : {"cobs.h", "cobs.cpp", "crc32.h", "crc32.cpp", "frame.h", "frame_encoder.h",
                             "frame_encoder.cpp", "frame_decoder.h", "frame_decoder.cpp", "error_codes.h", "motion_patterns.h", "motion_patterns.cpp",
                             "mote_protocol.fbs"})
        if (auto s = copyOne(root / "core/protocol" / file, fs::path("core/protocol") / file); !s)
            return s.error();
    for (const char* folder : {"core/dsp", "core/nn/kernels", "device_agent/core/agent", "device_agent/core/sim",
                               "device_agent/core/inference"})
        if (auto s = copyFolder(folder, false); !s)
            return s.error();
    if (auto s = copyFolder(request.board.port, true); !s)
        return s.error();
    if (auto s = copyOne(root / "device_agent/firmware_sources.cmake", "device_agent/firmware_sources.cmake"); !s)
        return s.error();
    const fs::path toolchain = request.board.toolchain.cmakeToolchainFile;
    if (!toolchain.empty())
        if (auto s = copyOne(root / toolchain, toolchain); !s)
            return s.error();

    std::ofstream cmake(out / "CMakeLists.txt");
    cmake << "# Standalone firmware project exported by Mote Studio for board '" << request.board.name << "'.\n"
          << "# Build: cmake -S . -B build -G Ninja && cmake --build build   (needs "
          << (request.board.toolchain.kind.empty() ? "the board's toolchain" : request.board.toolchain.kind)
          << ", flatc and the flatbuffers headers)\n"
          << "cmake_minimum_required(VERSION 3.25)\n";
    if (!toolchain.empty())
        cmake << "if(NOT CMAKE_TOOLCHAIN_FILE)\n  set(CMAKE_TOOLCHAIN_FILE ${CMAKE_CURRENT_SOURCE_DIR}/"
              << toolchain.generic_string() << ")\nendif()\n";
    cmake << "project(MoteFirmwareExport LANGUAGES C CXX ASM)\n"
          << "set(MOTE_SOURCE_ROOT ${CMAKE_CURRENT_SOURCE_DIR} CACHE PATH \"Root of the exported sources\")\n"
          << "set(MOTE_FW_MODEL_DIR ${CMAKE_CURRENT_SOURCE_DIR}/generated CACHE PATH \"Generated model sources\")\n"
          << "add_subdirectory(" << request.board.port << " firmware)\n";
    cmake.close();
    result.files.emplace_back("CMakeLists.txt");
    std::ofstream readme(out / "README.md");
    readme << "# Mote firmware for " << request.board.name << "\n\n"
           << "Exported by Mote Studio: the generated model (`generated/`), the device agent, the wire protocol,\n"
           << "the DSP blocks, the int8 kernels and the board port — exactly the sources the firmware compiles.\n\n"
           << "```\ncmake -S . -B build -G Ninja\ncmake --build build\n```\n\n"
           << "The image is `build/firmware/" << request.board.buildOutput << "`. Requirements: CMake >= 3.25, Ninja, "
           << request.board.toolchain.kind << " (with newlib), `flatc` and the flatbuffers headers (2.0.x).\n"
           << "Do not edit `generated/`: re-export from the studio after retraining.\n";
    readme.close();
    result.files.emplace_back("README.md");
    if (!cmake || !readme)
        return makeError("cannot write the export's CMakeLists.txt/README.md in " + out.string());

    if (!request.zipFile.empty()) {
        fs::remove(request.zipFile, ec);
        std::vector<std::string> argv = {"python3", "-m", "zipfile", "-c", fs::absolute(request.zipFile).string()};
        for (const auto& e : fs::directory_iterator(out))
            argv.push_back(e.path().filename().string());  // top-level entries: archive names relative to DIR
        auto zipped = runProcess(argv, std::chrono::seconds(120), out);
        if (!zipped)
            return makeError("cannot create " + request.zipFile.string() + ": " + zipped.message());
        if (zipped->exitCode != 0)
            return makeError("python3 -m zipfile failed (" + std::to_string(zipped->exitCode) + "): " + zipped->output);
        result.zip = request.zipFile;
    }
    return result;
}

}  // namespace mote::firmware
