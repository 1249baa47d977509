#include "firmware/board_model_runner.h"

#include <fstream>

#include "device/device_session.h"

namespace mote::firmware {

using namespace std::chrono_literals;

std::string boardConnectionPath(const BoardProfile& board, const FlasherOptions& flasher, const std::string& port) {
    if (!port.empty())
        return port;
    if (auto running = findRunningBoard(flasher.stateDir, board.name))
        return running->connectionPath;
    return {};
}

BoardModelRunner::~BoardModelRunner() {
    if (m_session)
        m_session->stop();
}

Result<std::unique_ptr<BoardModelRunner>> BoardModelRunner::open(const BoardModelRequest& request, const LogFn& log) {
    auto say = [&](const std::string& line) {
        if (log)
            log(line);
    };
    std::ifstream in(request.model, std::ios::binary);
    if (!in)
        return makeError("cannot read model " + request.model.string());
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string wanted = firmware::modelHash(bytes);

    std::unique_ptr<BoardModelRunner> runner(new BoardModelRunner());
    runner->m_timeout = request.runTimeout;
    runner->m_hash = wanted;
    std::string path = boardConnectionPath(request.board, request.flasher, request.port);
    bool needDeploy = request.forceDeploy || path.empty();
    if (!needDeploy) {
        auto reported = readBoardModelHash(path, 5s);
        if (!reported) {
            say("the board on " + path + " did not answer (" + reported.message() + "); deploying");
            needDeploy = true;
        } else if (*reported != wanted) {
            say("the board runs " + (reported->empty() ? std::string("no model") : "model " + reported->substr(0, 16) + "...") +
                "; deploying " + request.model.filename().string());
            needDeploy = true;
        } else {
            say("the board on " + path + " already runs this model (" + wanted.substr(0, 16) + "...)");
        }
    }
    if (needDeploy) {
        DeployRequest deploy;
        deploy.model = request.model;
        deploy.labels = request.labels;
        deploy.board = request.board;
        deploy.workDir = request.workDir;
        deploy.flasher = request.flasher;
        deploy.port = request.port;
        auto result = deployModel(deploy, log, nullptr);
        if (!result)
            return makeError("deploying the model to " + request.board.name + " failed: " + result.message());
        runner->m_deploy = *result;
        runner->m_deployed = true;
        path = result->connectionPath;
    }
    runner->m_path = path;
    // Emulated boards on a busy host can take over a second to answer a Hello.
    device::SessionOptions sessionOptions;
    sessionOptions.handshakeTimeout = std::chrono::milliseconds(2000);
    runner->m_session = std::make_unique<device::DeviceSession>(path, sessionOptions);
    if (auto started = runner->m_session->start(); !started)
        return makeError("cannot connect to the board on " + path + ": " + started.message());
    auto caps = runner->m_session->waitConnected(15s);
    if (!caps)
        return makeError("cannot connect to the board on " + path + ": " + caps.message());
    if (!caps->model || caps->model->hash != wanted)
        return makeError("the board on " + path + " reports model hash '" +
                         (caps->model ? caps->model->hash : std::string("(none)")) + "', expected '" + wanted + "'");
    return runner;
}

Result<std::vector<std::vector<uint8_t>>> BoardModelRunner::run(const std::vector<std::vector<uint8_t>>& inputs,
                                                                BoardRunStats* stats) {
    const auto start = std::chrono::steady_clock::now();
    device::DeviceSession::ModelRunStats board;
    auto outputs = m_session->runModelOnBoard(inputs, m_timeout, &board);
    if (!outputs)
        return outputs.error();
    if (stats) {
        stats->cycles = board.cycles;
        stats->timeUs = board.timeUs;
        stats->hostSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return outputs;
}

}  // namespace mote::firmware
