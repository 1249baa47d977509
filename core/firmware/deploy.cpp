#include "firmware/deploy.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "dataset/sha256.h"
#include "protocol/frame_decoder.h"
#include "protocol/messages.h"
#include "serial/transport.h"

namespace mote::firmware {
namespace {

// Agent firmware without a model, measured with arm-none-eabi-size
// (RelWithDebInfo): code + constants, and RAM incl. 16 KiB stack + 4 KiB heap.
constexpr uint64_t kAgentFlashBytes = 52 * 1024;
constexpr uint64_t kKernelFlashBytes = 16 * 1024;
constexpr uint64_t kAgentRamBytes = 64 * 1024;

Result<std::vector<uint8_t>> readBinary(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError("cannot read " + path.string());
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

Status writeText(const std::filesystem::path& path, const std::string& text) {
    // Unchanged content keeps its timestamp, so a redeploy of the same model
    // rebuilds nothing.
    if (std::ifstream in(path, std::ios::binary); in) {
        const std::string old((std::istreambuf_iterator<char>(in)), {});
        if (old == text)
            return {};
    }
    std::ofstream out(path, std::ios::trunc);
    out << text;
    if (!out)
        return makeError("cannot write " + path.string());
    return {};
}

}  // namespace

std::filesystem::path prebuiltFirmwareLibraries(const BoardProfile& board) {
    std::filesystem::path root = MOTE_FIRMWARE_PREBUILT_ROOT;
    if (const char* env = std::getenv("MOTE_FIRMWARE_PREBUILT_DIR"); env && *env)
        root = env;
    const auto file = root / board.name / "mote-firmware-libs.cmake";
    std::error_code ec;
    return std::filesystem::is_regular_file(file, ec) ? file : std::filesystem::path();
}

const char* deployStageName(DeployStage stage) {
    switch (stage) {
    case DeployStage::Generate: return "generate";
    case DeployStage::FitEstimate: return "fit check";
    case DeployStage::Build: return "build";
    case DeployStage::FitMeasured: return "size check";
    case DeployStage::Flash: return "flash";
    case DeployStage::Verify: return "verify";
    case DeployStage::Done: return "done";
    }
    return "?";
}

MemoryUsage estimateUsage(const GeneratedModel& model) {
    MemoryUsage usage;
    usage.add(UsageCategory::ModelWeights, model.weightsBytes, 0);
    usage.add(UsageCategory::Arena, 0, model.arenaBytes);
    usage.add(UsageCategory::Code, kAgentFlashBytes + kKernelFlashBytes, 0);
    usage.add(UsageCategory::OtherRam, 0, kAgentRamBytes);
    usage.flashBytes = model.weightsBytes + kAgentFlashBytes + kKernelFlashBytes;
    usage.ramBytes = model.arenaBytes + kAgentRamBytes;
    return usage;
}

Result<std::string> readBoardModelHash(const std::string& path, std::chrono::milliseconds timeout,
                                       std::string* boardName) {
    auto transport = serial::openTransport(path);
    if (!transport)
        return transport.error();
    protocol::FrameEncoder encoder;
    auto hello = protocol::encodeMessage(encoder, protocol::HelloMessage{});
    if (!hello)
        return hello.error();
    if (auto sent = (*transport)->write(hello->data(), hello->size(), std::chrono::milliseconds(2000)); !sent)
        return sent.error();
    protocol::FrameDecoder decoder;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<protocol::CapabilitiesMessage> caps;
    uint8_t buffer[2048];
    // QEMU drops what the board sends for up to ~1 s after the pty is
    // reopened (its pty backend polls for the reconnect): re-send Hello
    // every 500 ms until the board answers.
    auto lastHello = std::chrono::steady_clock::now();
    while (!caps && std::chrono::steady_clock::now() < deadline) {
        if (std::chrono::steady_clock::now() - lastHello > std::chrono::milliseconds(500)) {
            lastHello = std::chrono::steady_clock::now();
            auto again = protocol::encodeMessage(encoder, protocol::HelloMessage{});
            if (again)
                (void)(*transport)->write(again->data(), again->size(), std::chrono::milliseconds(500));
        }
        auto n = (*transport)->read(buffer, sizeof buffer, std::chrono::milliseconds(100));
        if (!n)
            return makeError("the board went away during the handshake: " + n.message());
        decoder.push(buffer, *n, [&](const protocol::Frame& frame) {
            auto message = protocol::decodeMessage(frame);
            if (message)
                if (auto* c = std::get_if<protocol::CapabilitiesMessage>(&*message))
                    caps = *c;
        });
    }
    if (!caps)
        return makeError("the board on " + path + " did not answer the handshake within " +
                         std::to_string(timeout.count() / 1000) + " s");
    if (boardName)
        *boardName = caps->boardName;
    return caps->model ? caps->model->hash : std::string();
}

Result<DeployResult> deployModel(const DeployRequest& request, const LogFn& log, const StageFn& stage,
                                 const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    auto say = [&](const std::string& line) {
        if (log)
            log(line);
    };
    auto enter = [&](DeployStage s, int percent) {
        if (stage)
            stage(s, percent);
        say(std::string("== ") + deployStageName(s));
    };
    auto cancelled = [&] { return cancel && cancel->load(); };
    DeployResult result;

    enter(DeployStage::Generate, 0);
    auto tflite = readBinary(request.model);
    if (!tflite)
        return tflite.error();
    CodegenOptions options;
    options.modelId = request.modelId.empty() ? request.model.stem().string() : request.modelId;
    options.labels = request.labels;
    options.generator = "mote " MOTE_FIRMWARE_VERSION_STRING;
    options.selfTestInput = request.selfTestInput;
    auto generated = generateModel(*tflite, options);
    if (!generated)
        return makeError("code generation failed: " + generated.message());
    result.model = std::move(*generated);
    const auto projectDir = request.workDir / "generated";
    std::error_code ec;
    std::filesystem::create_directories(projectDir, ec);
    if (auto s = writeText(projectDir / "mote_model.h", result.model.header); !s)
        return s.error();
    if (auto s = writeText(projectDir / "mote_model.cpp", result.model.source); !s)
        return s.error();
    say("generated " + std::to_string(result.model.ops.size()) + " kernel calls, weights " +
        formatBytes(result.model.weightsBytes) + ", arena " + formatBytes(result.model.arenaBytes) + ", model hash " +
        result.model.hash.substr(0, 16) + "...");

    enter(DeployStage::FitEstimate, 5);
    const auto estimate = checkFit(estimateUsage(result.model), request.board);
    say(estimate.summary);
    if (!estimate.fits)
        return makeError("the model does not fit on " + request.board.name + " (nothing was flashed):\n" +
                         estimate.summary);
    if (cancelled())
        return makeError("deployment cancelled");

    enter(DeployStage::Build, 10);
    BuildRequest build;
    build.sourceDir = sourceRoot() / request.board.port;
    build.buildDir = request.workDir / "build";
    if (!request.board.toolchain.cmakeToolchainFile.empty())
        build.toolchainFile = sourceRoot() / request.board.toolchain.cmakeToolchainFile;
    build.cacheArgs = {"-DMOTE_FW_MODEL_DIR=" + projectDir.string(), "-DMOTE_SOURCE_ROOT=" + sourceRoot().string(),
                       "-DMOTE_FW_VERSION=" MOTE_FIRMWARE_VERSION_STRING};
    const auto prebuilt = request.usePrebuiltLibraries ? prebuiltFirmwareLibraries(request.board) : std::filesystem::path();
    // Always set (empty = build from sources) so a cached value from an
    // earlier configure of the same folder cannot linger.
    build.cacheArgs.push_back("-DMOTE_FW_PREBUILT=" + prebuilt.string());
    say(prebuilt.empty() ? "no prebuilt agent libraries for " + request.board.name +
                               ": compiling the agent, DSP and kernels too (slower)"
                         : "linking the prebuilt agent, DSP and kernels of " + prebuilt.parent_path().string());
    auto built = runBuild(build, log, [&](const BuildProgress& p) {
        if (stage && p.total > 0)
            stage(DeployStage::Build, 10 + 70 * p.done / p.total);
    }, cancel);
    if (!built)
        return built.error();
    result.elf = build.buildDir / request.board.buildOutput;

    enter(DeployStage::FitMeasured, 80);
    auto usage = measureElf(result.elf, request.board);
    if (!usage)
        return usage.error();
    result.usage = *usage;
    result.fit = checkFit(result.usage, request.board);
    say(result.fit.summary);
    if (!result.fit.fits)
        return makeError("the built firmware does not fit on " + request.board.name + " (nothing was flashed):\n" +
                         result.fit.summary);
    if (auto elfBytes = readBinary(result.elf))
        result.firmwareHash = dataset::sha256Hex(
            std::string_view(reinterpret_cast<const char*>(elfBytes->data()), elfBytes->size()));
    if (cancelled())
        return makeError("deployment cancelled");

    enter(DeployStage::Flash, 85);
    auto flasher = makeFlasher(request.board, request.flasher);
    if (!flasher)
        return flasher.error();
    auto flashed = (*flasher)->flash({result.elf, request.port}, log);
    if (!flashed)
        return makeError("flashing failed: " + flashed.message());
    result.connectionPath = flashed->connectionPath;

    enter(DeployStage::Verify, 95);
    auto reported = readBoardModelHash(result.connectionPath, std::chrono::seconds(10));
    if (!reported)
        return makeError("verification failed: " + reported.message());
    result.boardReportedHash = *reported;
    if (*reported != result.model.hash)
        return makeError("verification failed: the board reports model hash '" +
                         (reported->empty() ? std::string("(none)") : *reported) + "', expected '" +
                         result.model.hash + "'");
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    enter(DeployStage::Done, 100);
    say("verified: the board runs model " + result.model.hash.substr(0, 16) + "... (" +
        std::to_string(result.seconds).substr(0, 5) + " s)");
    return result;
}

}  // namespace mote::firmware
