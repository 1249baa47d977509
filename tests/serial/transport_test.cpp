// Transport over real pseudo-terminals: backend choice, both directions,
// timeouts, and the board going away (EOF/EIO).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <gtest/gtest.h>

#include "serial/port_list.h"
#include "serial/transport.h"
#include "serial/pty_pair.h"

using namespace std::chrono_literals;
using mote::serial::openTransport;
using mote::test::PtyPair;

TEST(Transport, PtyIsDetectedAndMovesBytesBothWays) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    EXPECT_TRUE(mote::serial::isPseudoTerminal(pty.slavePath()));
    auto t = openTransport(pty.slavePath());
    ASSERT_TRUE(t.ok()) << t.message();
    EXPECT_STREQ((*t)->kind(), "pty");

    // All 256 byte values, including 0x00, \n, \r, XON/XOFF: raw mode must not touch them.
    std::vector<uint8_t> all(256);
    std::iota(all.begin(), all.end(), 0);
    ASSERT_TRUE(pty.writeAll(all.data(), all.size()));
    std::vector<uint8_t> got;
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (got.size() < all.size() && std::chrono::steady_clock::now() < deadline) {
        uint8_t buf[512];
        auto n = (*t)->read(buf, sizeof buf, 100ms);
        ASSERT_TRUE(n.ok()) << n.message();
        got.insert(got.end(), buf, buf + *n);
    }
    EXPECT_EQ(got, all);

    ASSERT_TRUE((*t)->write(all.data(), all.size(), 1s).ok());
    EXPECT_EQ(pty.readSome(all.size(), 2s), all);
}

TEST(Transport, ReadTimesOutWithZeroBytes) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    auto t = openTransport(pty.slavePath());
    ASSERT_TRUE(t.ok()) << t.message();
    uint8_t buf[16];
    auto start = std::chrono::steady_clock::now();
    auto n = (*t)->read(buf, sizeof buf, 150ms);
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 0u);
    EXPECT_GE(elapsed, 140ms);
    EXPECT_LT(elapsed, 1s);
    EXPECT_FALSE((*t)->disconnected());
}

TEST(Transport, OtherEndClosingIsADisconnect) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    auto t = openTransport(pty.slavePath());
    ASSERT_TRUE(t.ok()) << t.message();
    pty.closeMaster();
    uint8_t buf[16];
    auto n = (*t)->read(buf, sizeof buf, 500ms);
    ASSERT_FALSE(n.ok());
    EXPECT_NE(n.message().find("disconnected"), std::string::npos) << n.message();
    EXPECT_TRUE((*t)->disconnected());
    EXPECT_FALSE((*t)->isOpen());
    // Further calls fail cleanly instead of touching a closed descriptor.
    EXPECT_FALSE((*t)->write(buf, 1, 100ms).ok());
}

TEST(Transport, SymlinkToPtyUsesTermiosBackend) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    auto link = std::filesystem::temp_directory_path() / ("mote-pty-link-" + std::to_string(::getpid()));
    std::filesystem::remove(link);
    std::filesystem::create_symlink(pty.slavePath(), link);
    EXPECT_TRUE(mote::serial::isPseudoTerminal(link.string()));
    auto t = openTransport(link.string());
    ASSERT_TRUE(t.ok()) << t.message();
    EXPECT_STREQ((*t)->kind(), "pty");
    std::filesystem::remove(link);
}

TEST(Transport, MissingOrNonTerminalPathsFailWithTheirName) {
    auto t = openTransport("/dev/does-not-exist-mote");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.message().find("/dev/does-not-exist-mote"), std::string::npos);

    auto file = std::filesystem::temp_directory_path() / ("mote-not-a-tty-" + std::to_string(::getpid()));
    std::ofstream(file) << "x";
    EXPECT_FALSE(mote::serial::isPseudoTerminal(file.string()));
    auto f = openTransport(file.string());
    ASSERT_FALSE(f.ok());
    EXPECT_NE(f.message().find(file.string()), std::string::npos) << f.message();
    std::filesystem::remove(file);
}

TEST(PortList, ListsWithoutPtysAndDescribesPtyPaths) {
    PtyPair pty;
    ASSERT_TRUE(pty.ok());
    auto ports = mote::serial::listPorts();
    ASSERT_TRUE(ports.ok()) << ports.message();
    for (const auto& p : *ports) {
        EXPECT_FALSE(p.name.empty());
        EXPECT_NE(p.name, pty.slavePath());
    }
    auto info = mote::serial::describePath(pty.slavePath());
    EXPECT_EQ(info.transport, "pty");
    EXPECT_EQ(info.name, pty.slavePath());
}
