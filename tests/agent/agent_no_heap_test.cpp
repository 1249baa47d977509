// "No heap after start-up": count every global operator new made by the
// agent loop on this thread while it handshakes, samples, chunks, overruns
// and answers commands. Must be zero. (Its own test binary, because it
// replaces the global allocation functions.)
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "agent_test_util.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"

namespace {
thread_local bool t_counting = false;
thread_local size_t t_allocations = 0;

void* countedAlloc(size_t size) {
    if (t_counting)
        ++t_allocations;
    if (void* p = std::malloc(size ? size : 1))
        return p;
    std::abort();
}
}  // namespace

void* operator new(size_t size) { return countedAlloc(size); }
void* operator new[](size_t size) { return countedAlloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

using namespace mote;
using namespace mote::agent::test;

TEST(AgentNoHeap, LoopAllocatesNothingAfterStartUp) {
    MemoryLink link;
    ManualClock clock;
    agent::BoardInfo board;
    static const char* const labels[] = {"idle", "wave"};
    static const agent::ModelSpec model = {"m", "h", labels, 2};
    board.model = &model;
    sim::ImuSimulator imu(1);
    sim::Microphone mic(nullptr, 1);
    auto agentPtr = std::make_unique<agent::Agent>(link, clock, board);
    agent::Agent& a = *agentPtr;
    a.addSensor(imu);
    a.addSensor(mic);

    // Host-side frames are built before counting starts.
    protocol::FrameEncoder host;
    std::vector<std::vector<uint8_t>> commands;
    for (const protocol::AnyMessage& m :
         {protocol::AnyMessage{protocol::HelloMessage{1, 0, "h"}},
          protocol::AnyMessage{protocol::StartSamplingMessage{1, 1000, 0}},
          protocol::AnyMessage{protocol::StartSamplingMessage{2, 16000, 0}},
          protocol::AnyMessage{protocol::PingMessage{1}},
          protocol::AnyMessage{protocol::StartSamplingMessage{9, 1, 0}},
          protocol::AnyMessage{protocol::StopSamplingMessage{1}}})
        commands.push_back(protocol::encodeMessage(host, m).value());
    link.setWriteBudget(SIZE_MAX);

    t_counting = true;
    for (size_t step = 0; step < 4000; ++step) {
        if (step % 500 == 0 && step / 500 < commands.size()) {
            t_counting = false;  // the test's own queue may allocate
            for (uint8_t b : commands[step / 500])
                link.pushToBoard(b);
            t_counting = true;
        }
        if (step == 1500)
            link.setWriteBudget(0);  // overrun path too
        if (step == 3000)
            link.setWriteBudget(SIZE_MAX);
        clock.advance(1000);
        a.poll();
        link.discardToHost();
    }
    t_counting = false;
    EXPECT_EQ(t_allocations, 0u);
    EXPECT_GT(a.stats().framesSent, 100u);
    EXPECT_GT(a.stats().overrunSamples, 0u);
}
