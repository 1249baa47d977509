#pragma once
// A man-in-the-middle between the simulated board's pty and a second pty
// that the session under test opens. Bytes from the board to the host can
// be damaged on the way (bit flips, dropped bytes, truncated frames, bursts
// of garbage), or stop flowing (silent board), or the link can be cut
// (unplug). Host-to-board bytes (the commands) pass unchanged, or reach the
// board late (a board starved of CPU), or never (a board that stopped
// reading). Deterministic (seeded).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "serial/pty_pair.h"
#include "serial/transport.h"

namespace mote::test {

struct FaultPlan {
    double bitFlipPerByte = 0;     // probability a byte gets one bit flipped
    double dropPerByte = 0;        // probability a byte is dropped
    double truncatePerFrame = 0;   // probability a frame loses its tail (delimiter kept)
    double garbagePerFrame = 0;    // probability a burst of 16..200 random bytes follows a frame
    uint32_t seed = 1;
};

struct FaultCounts {
    std::atomic<uint64_t> bytes{0}, flips{0}, drops{0}, truncations{0}, bursts{0}, frames{0};
};

class FaultProxy {
public:
    FaultProxy(const std::string& boardPty, FaultPlan plan) : m_plan(plan), m_rng(plan.seed) {
        auto t = serial::openTransport(boardPty);
        if (!t.ok() || !m_host.ok())
            return;
        m_board = std::move(*t);
        m_thread = std::thread([this] { run(); });
    }
    ~FaultProxy() {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    bool ok() const { return m_board != nullptr && m_host.ok(); }
    // What the session opens.
    const std::string& hostPath() const { return m_host.slavePath(); }
    // Board bytes stop reaching the host (the pty stays open).
    void silence() { m_silent = true; }
    // Start damaging now (faults are off until armed when armLater is used).
    void setPlan(const FaultPlan& plan) {
        std::lock_guard lock(m_mutex);
        m_plan = plan;
    }
    // From now on, host bytes reach the board `delay` late (0 = at once).
    void delayCommands(std::chrono::milliseconds delay) {
        m_commandDelayMs = delay.count();
        m_dropCommands = false;
    }
    // From now on, host bytes never reach the board.
    void dropCommands() { m_dropCommands = true; }
    // The host side disappears as if unplugged.
    void unplug() {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
        m_host.closeMaster();
    }
    const FaultCounts& counts() const { return m_counts; }

private:
    void run() {
        uint8_t buf[4096];
        std::vector<uint8_t> out;
        using Clock = std::chrono::steady_clock;
        std::deque<std::pair<Clock::time_point, std::vector<uint8_t>>> held;  // host bytes on their way
        while (!m_stop) {
            // host -> board, unchanged but maybe late or dropped
            pollfd pfd{m_host.master(), POLLIN, 0};
            if (::poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
                ssize_t n = ::read(m_host.master(), buf, sizeof buf);
                if (n > 0 && !m_dropCommands)
                    held.emplace_back(Clock::now() + std::chrono::milliseconds(m_commandDelayMs.load()),
                                      std::vector<uint8_t>(buf, buf + n));
            }
            while (!held.empty() && held.front().first <= Clock::now()) {
                (void)m_board->write(held.front().second.data(), held.front().second.size(),
                                     std::chrono::milliseconds(500));
                held.pop_front();
            }
            // board -> host, damaged per plan
            auto n = m_board->read(buf, sizeof buf, std::chrono::milliseconds(5));
            if (!n.ok())
                break;  // board died: the host side stays open but silent
            if (*n == 0 || m_silent)
                continue;
            out.clear();
            {
                std::lock_guard lock(m_mutex);
                damage(buf, *n, out);
            }
            if (!out.empty() && !m_host.writeAll(out.data(), out.size()))
                break;
        }
    }

    void damage(const uint8_t* in, size_t size, std::vector<uint8_t>& out) {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (size_t i = 0; i < size; ++i) {
            uint8_t b = in[i];
            ++m_counts.bytes;
            if (b == 0x00) {
                ++m_counts.frames;
                m_truncating = false;
                out.push_back(b);
                if (u(m_rng) < m_plan.garbagePerFrame) {
                    ++m_counts.bursts;
                    const int len = 16 + static_cast<int>(m_rng() % 185);
                    for (int k = 0; k < len; ++k)
                        out.push_back(static_cast<uint8_t>(m_rng()));
                    out.push_back(0x00);  // so the next real frame starts clean
                }
                if (u(m_rng) < m_plan.truncatePerFrame) {
                    // The next frame will lose everything after a random point.
                    m_truncateAfter = 4 + m_rng() % 300;
                    m_truncating = true;
                    ++m_counts.truncations;
                    m_frameBytes = 0;
                }
                continue;
            }
            if (m_truncating && m_frameBytes++ >= m_truncateAfter)
                continue;
            if (u(m_rng) < m_plan.dropPerByte) {
                ++m_counts.drops;
                continue;
            }
            if (u(m_rng) < m_plan.bitFlipPerByte) {
                ++m_counts.flips;
                b ^= static_cast<uint8_t>(1u << (m_rng() % 8));
            }
            out.push_back(b);
        }
    }

    FaultPlan m_plan;
    std::mt19937 m_rng;
    std::mutex m_mutex;
    PtyPair m_host;
    std::unique_ptr<serial::Transport> m_board;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_silent{false};
    std::atomic<bool> m_dropCommands{false};
    std::atomic<long long> m_commandDelayMs{0};
    bool m_truncating = false;
    uint64_t m_truncateAfter = 0;
    uint64_t m_frameBytes = 0;
    FaultCounts m_counts;
    std::thread m_thread;
};

}  // namespace mote::test
