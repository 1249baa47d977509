// ProcessRunner against real child processes (/bin/sh scripts given as argv).
#include <gtest/gtest.h>

#include <thread>

#include "train/process_runner.h"

using namespace mote::train;
using namespace std::chrono_literals;

TEST(ProcessRunner, StreamsLinesAndKeepsTheLog) {
    ProcessRunner runner;
    ProcessOptions o;
    o.argv = {"sh", "-c", "echo one; echo two >&2; printf 'three\\nfour'; exit 3"};
    std::vector<std::string> out, err;
    auto r = runner.run(o, [&](const std::string& l) { out.push_back(l); }, [&](const std::string& l) { err.push_back(l); });
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(out, (std::vector<std::string>{"one", "three", "four"}));  // unterminated last line still delivered
    EXPECT_EQ(err, std::vector<std::string>{"two"});
    EXPECT_TRUE(r->exited);
    EXPECT_EQ(r->exitCode, 3);
    EXPECT_FALSE(r->succeeded());
    EXPECT_NE(r->log.find("stderr: two\n"), std::string::npos);
    EXPECT_NE(r->log.find("one\n"), std::string::npos);
    EXPECT_EQ(r->describe(), "exited with code 3");
}

TEST(ProcessRunner, ArgumentsAreNotInterpretedByAShell) {
    ProcessRunner runner;
    ProcessOptions o;
    o.argv = {"printf", "%s|", "a b", "$HOME", "; rm -rf /"};
    std::vector<std::string> out;
    auto r = runner.run(o, [&](const std::string& l) { out.push_back(l); });
    ASSERT_TRUE(r) << r.message();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], "a b|$HOME|; rm -rf /|");
}

TEST(ProcessRunner, MissingProgramIsAClearError) {
    ProcessRunner runner;
    ProcessOptions o;
    o.argv = {"mote-no-such-program-xyz", "--x"};
    auto r = runner.run(o, {});
    ASSERT_FALSE(r);
    EXPECT_NE(r.message().find("mote-no-such-program-xyz"), std::string::npos) << r.message();
}

TEST(ProcessRunner, TimeLimitTerminatesThenKills) {
    ProcessRunner runner;
    ProcessOptions o;
    // Ignores SIGTERM: only SIGKILL after the grace period stops it.
    o.argv = {"sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.05; done"};
    o.timeLimit = 300ms;
    o.killGrace = 300ms;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = runner.run(o, {});
    const auto took = std::chrono::steady_clock::now() - t0;
    ASSERT_TRUE(r) << r.message();
    EXPECT_TRUE(r->timedOut);
    EXPECT_FALSE(r->exited);
    EXPECT_EQ(r->signal, SIGKILL);
    EXPECT_GE(took, 550ms);
    EXPECT_LT(took, 5s);
    EXPECT_NE(r->log.find("ready"), std::string::npos);
}

TEST(ProcessRunner, CancelFromAnotherThreadStopsPolitely) {
    ProcessRunner runner;
    ProcessOptions o;
    o.argv = {"sh", "-c", "trap 'echo got-term; exit 7' TERM; echo started; while :; do sleep 0.05; done"};
    std::thread canceller;
    auto r = runner.run(o, [&](const std::string& line) {
        if (line == "started") canceller = std::thread([&] {
            std::this_thread::sleep_for(100ms);
            runner.cancel();
        });
    });
    if (canceller.joinable()) canceller.join();
    ASSERT_TRUE(r) << r.message();
    EXPECT_TRUE(r->cancelled);
    EXPECT_TRUE(r->exited);
    EXPECT_EQ(r->exitCode, 7);  // SIGTERM was enough, the child cleaned up itself
    EXPECT_NE(r->log.find("got-term"), std::string::npos);
    EXPECT_FALSE(r->succeeded());

    // The runner is reusable after a cancel.
    ProcessOptions again;
    again.argv = {"true"};
    auto r2 = runner.run(again, {});
    ASSERT_TRUE(r2);
    EXPECT_TRUE(r2->succeeded());
}

TEST(ProcessRunner, WorkingDirectoryAndKilledBySignal) {
    ProcessRunner runner;
    ProcessOptions o;
    o.argv = {"sh", "-c", "pwd; kill -SEGV $$"};
    o.workingDirectory = "/tmp";
    std::vector<std::string> out;
    auto r = runner.run(o, [&](const std::string& l) { out.push_back(l); });
    ASSERT_TRUE(r) << r.message();
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out[0], "/tmp");
    EXPECT_EQ(r->signal, SIGSEGV);
    EXPECT_NE(r->describe().find("killed by signal 11"), std::string::npos) << r->describe();
}
