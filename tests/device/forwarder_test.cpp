// Forwarder mode: a simulated "CSV printer" board writes lines into a real
// pty at a real rate; the studio side reads them through the Transport and
// the ForwarderParser detects layout, timestamps and rate, skipping junk.
#include <atomic>
#include <cmath>
#include <thread>

#include <gtest/gtest.h>

#include "device/forwarder_parser.h"
#include "serial/pty_pair.h"
#include "serial/transport.h"

using namespace std::chrono_literals;
using mote::device::ForwarderParser;
using mote::device::ForwarderRow;
using mote::device::RateEstimator;
using mote::device::TimeUnit;
using Clock = std::chrono::steady_clock;

namespace {

// Writes `lines` into the pty master, one every `period` (real time), from a thread.
class CsvPrinter {
public:
    CsvPrinter(mote::test::PtyPair& pty, std::vector<std::string> lines, std::chrono::microseconds period)
        : m_thread([&pty, lines = std::move(lines), period, this] {
              auto next = Clock::now();
              for (const auto& l : lines) {
                  std::this_thread::sleep_until(next);
                  next += period;
                  if (!pty.writeAll(l + "\r\n"))
                      break;
              }
              m_done = true;
          }) {}
    ~CsvPrinter() { m_thread.join(); }
    bool done() const { return m_done; }

private:
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

struct Recorded {
    std::vector<ForwarderRow> rows;
    RateEstimator rate;
};

// Reads through the real transport until the printer is done and the pty is drained.
Recorded record(mote::test::PtyPair& pty, ForwarderParser& parser, const CsvPrinter& printer) {
    Recorded r;
    auto t = mote::serial::openTransport(pty.slavePath());
    EXPECT_TRUE(t.ok()) << t.message();
    if (!t.ok())
        return r;
    int idle = 0;
    const auto deadline = Clock::now() + 30s;
    while (Clock::now() < deadline) {
        uint8_t buf[1024];
        auto n = (*t)->read(buf, sizeof buf, 50ms);
        EXPECT_TRUE(n.ok()) << n.message();
        if (!n.ok())
            break;
        std::vector<ForwarderRow> rows;
        parser.feed(buf, *n, Clock::now(), rows);
        for (auto& row : rows) {
            r.rate.add(row);
            r.rows.push_back(std::move(row));
        }
        idle = *n == 0 ? idle + 1 : 0;
        if (printer.done() && idle >= 2)
            break;
    }
    std::vector<ForwarderRow> rest;
    parser.finishDetection(rest);
    for (auto& row : rest) {
        r.rate.add(row);
        r.rows.push_back(std::move(row));
    }
    return r;
}

}  // namespace

TEST(Forwarder, HeaderTimestampsInMillisecondsAndJunk) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    std::vector<std::string> lines = {"Booting IMU v2...", "time_ms,ax,ay,az"};
    const int n = 120;  // 200 Hz for 0.6 s
    for (int i = 0; i < n; ++i) {
        lines.push_back(std::to_string(1000 + i * 5) + "," + std::to_string(i) + ",-" + std::to_string(i) + ".5,9.81");
        if (i == 30)
            lines.push_back("WARN: fifo overflow");  // junk
        if (i == 60)
            lines.push_back("1200,1.0");             // wrong column count
        if (i == 90)
            lines.push_back("1450,nan,1,2");         // not a finite number
    }
    ForwarderParser parser;
    CsvPrinter printer(pty, lines, 5ms);
    auto r = record(pty, parser, printer);

    ASSERT_TRUE(parser.detected());
    const auto& layout = parser.layout();
    EXPECT_EQ(layout.separator, ',');
    EXPECT_EQ(layout.axisCount, 3);
    EXPECT_TRUE(layout.hasTimestamp);
    EXPECT_EQ(layout.timestampUnit, TimeUnit::Milliseconds);
    EXPECT_EQ(layout.axisNames, (std::vector<std::string>{"ax", "ay", "az"}));
    ASSERT_EQ(r.rows.size(), static_cast<size_t>(n));
    EXPECT_EQ(parser.counters().headerLines, 1u);
    // The boot banner, the warning, the short line and the NaN line.
    EXPECT_EQ(parser.counters().junkLines, 4u);
    EXPECT_FLOAT_EQ(r.rows[7].values[0], 7.0f);
    EXPECT_FLOAT_EQ(r.rows[7].values[1], -7.5f);
    EXPECT_NEAR(*r.rows[7].timestampS, 1.035, 1e-9);
    ASSERT_TRUE(r.rate.fromTimestamps());
    ASSERT_TRUE(r.rate.rateHz().has_value());
    EXPECT_NEAR(*r.rate.rateHz(), 200.0, 0.01);
}

TEST(Forwarder, NoTimestampsRateFromArrivalOverTwoSeconds) {
    mote::test::PtyPair pty;
    ASSERT_TRUE(pty.ok());
    std::vector<std::string> lines;
    const int n = 250;  // 100 Hz for 2.5 s, tab separated, no header
    for (int i = 0; i < n; ++i) {
        lines.push_back(std::to_string(std::sin(i * 0.1)) + "\t" + std::to_string(std::cos(i * 0.1)));
        if (i == 100)
            lines.push_back("\x01\x02garbage\xff");
    }
    ForwarderParser parser;
    CsvPrinter printer(pty, lines, 10ms);
    auto r = record(pty, parser, printer);

    const auto& layout = parser.layout();
    EXPECT_EQ(layout.separator, '\t');
    EXPECT_EQ(layout.axisCount, 2);
    EXPECT_FALSE(layout.hasTimestamp);
    EXPECT_EQ(r.rows.size(), static_cast<size_t>(n));
    EXPECT_EQ(parser.counters().junkLines, 1u);
    EXPECT_FALSE(r.rate.fromTimestamps());
    ASSERT_TRUE(r.rate.rateHz().has_value());
    EXPECT_NEAR(*r.rate.rateHz(), 100.0, 5.0);
}

TEST(Forwarder, ArrivalRateNeedsTwoSeconds) {
    RateEstimator rate;
    auto t0 = Clock::now();
    for (int i = 0; i < 100; ++i)
        rate.add(ForwarderRow{std::nullopt, {1.0f}, t0 + i * 10ms});  // 1 s span
    EXPECT_FALSE(rate.rateHz().has_value());
    for (int i = 100; i < 250; ++i)
        rate.add(ForwarderRow{std::nullopt, {1.0f}, t0 + i * 10ms});
    ASSERT_TRUE(rate.rateHz().has_value());
    EXPECT_NEAR(*rate.rateHz(), 100.0, 1e-6);
}

TEST(ForwarderParser, BurstTimestampUnitsAndSeparators) {
    auto t0 = Clock::now();
    {
        ForwarderParser p;  // microseconds, space separated, sent in one burst
        std::vector<ForwarderRow> out;
        std::string text;
        for (int i = 0; i < 20; ++i)
            text += std::to_string(5000000 + i * 1000) + "   " + std::to_string(i) + " 3 4\n";
        p.feed(reinterpret_cast<const uint8_t*>(text.data()), text.size(), t0, out);
        p.finishDetection(out);
        EXPECT_EQ(p.layout().separator, ' ');
        EXPECT_TRUE(p.layout().hasTimestamp);
        EXPECT_EQ(p.layout().timestampUnit, TimeUnit::Microseconds);
        EXPECT_EQ(p.layout().axisCount, 3);
        ASSERT_EQ(out.size(), 20u);
        EXPECT_NEAR(*out[1].timestampS - *out[0].timestampS, 0.001, 1e-9);
    }
    {
        ForwarderParser p;  // fractional seconds, semicolons
        std::vector<ForwarderRow> out;
        for (int i = 0; i < 10; ++i)
            p.feedLine(std::to_string(0.02 * i + 0.005) + ";" + std::to_string(i * i), t0, out);
        p.finishDetection(out);
        EXPECT_EQ(p.layout().separator, ';');
        EXPECT_TRUE(p.layout().hasTimestamp);
        EXPECT_EQ(p.layout().timestampUnit, TimeUnit::Seconds);
        EXPECT_EQ(out.size(), 10u);
    }
    {
        ForwarderParser p;  // a first column that is a signal (not monotonic) is a value
        std::vector<ForwarderRow> out;
        for (int i = 0; i < 12; ++i)
            p.feedLine(std::to_string((i % 3) - 1) + "," + std::to_string(i), t0, out);
        p.finishDetection(out);
        EXPECT_FALSE(p.layout().hasTimestamp);
        EXPECT_EQ(p.layout().axisCount, 2);
    }
    {
        ForwarderParser p;  // very long lines are junk, not buffered forever
        std::vector<ForwarderRow> out;
        std::string huge(100000, '1');
        huge += "\n1,2\n";
        p.feed(reinterpret_cast<const uint8_t*>(huge.data()), huge.size(), t0, out);
        p.finishDetection(out);
        EXPECT_EQ(p.counters().junkLines, 1u);
        EXPECT_EQ(out.size(), 1u);
    }
}
