#pragma once
// The boot self-test report of a board carrying a model deployed with a
// self-test input (DeployRequest::selfTestInput): the firmware runs the model
// once at boot and sends "selftest ticks=N out=<hex>" as a Log every second
// (device_agent/core/inference/model_binding.h). N is the board's cycle
// count for that invocation (QEMU: SysTick ticks, x40 = instructions under
// -icount shift=0; 0 on boards without a cycle counter); <hex> is the
// output tensor. Blocking, caller's thread.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::firmware {

struct BoardSelfTest {
    uint64_t ticks = 0;
    std::string outputHex;  // lower-case hex of the output tensor bytes
};

// Parses one log line; an error when it is not a self-test report.
Result<BoardSelfTest> parseSelfTestLine(const std::string& line);

// Opens the board's link and waits up to `timeout` for its report.
Result<BoardSelfTest> readBoardSelfTest(const std::string& connectionPath, std::chrono::milliseconds timeout);

// Lower-case hex of `bytes`, as the report writes the output.
std::string hexBytes(const std::vector<uint8_t>& bytes);

}  // namespace mote::firmware
