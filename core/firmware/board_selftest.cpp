#include "firmware/board_selftest.h"

#include <regex>

#include "protocol/frame_decoder.h"
#include "protocol/messages.h"
#include "serial/transport.h"

namespace mote::firmware {

Result<BoardSelfTest> parseSelfTestLine(const std::string& line) {
    static const std::regex kReport(R"(^selftest ticks=(\d+) out=([0-9a-f]*)$)");
    std::smatch m;
    if (!std::regex_match(line, m, kReport))
        return makeError("not a self-test report: '" + line + "'");
    return BoardSelfTest{std::stoull(m[1].str()), m[2].str()};
}

Result<BoardSelfTest> readBoardSelfTest(const std::string& connectionPath, std::chrono::milliseconds timeout) {
    auto transport = serial::openTransport(connectionPath);
    if (!transport)
        return transport.error();
    protocol::FrameDecoder decoder;
    std::optional<BoardSelfTest> found;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!found && std::chrono::steady_clock::now() < deadline) {
        uint8_t buffer[4096];
        auto n = (*transport)->read(buffer, sizeof buffer, std::chrono::milliseconds(100));
        if (!n)
            return makeError("the board on " + connectionPath + " went away: " + n.message());
        decoder.push(buffer, *n, [&](const protocol::Frame& frame) {
            auto message = protocol::decodeMessage(frame);
            if (!message)
                return;
            if (auto* log = std::get_if<protocol::LogMessage>(&*message))
                if (auto report = parseSelfTestLine(log->text))
                    found = *report;
        });
    }
    if (!found)
        return makeError("the board on " + connectionPath + " sent no self-test report within " +
                         std::to_string(timeout.count()) + " ms (was it deployed with a self-test input?)");
    return *found;
}

std::string hexBytes(const std::vector<uint8_t>& bytes) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t v : bytes) {
        out += kDigits[v >> 4];
        out += kDigits[v & 15];
    }
    return out;
}

}  // namespace mote::firmware
