#pragma once
// The simulated board's UART: the master side of a pseudo-terminal. The
// board keeps its own descriptor on the slave side too, in raw mode, so the
// path stays valid while hosts come and go, and when no host reads, writes
// fill the pty buffer and then stop (back-pressure reaches the agent).
#include <cstddef>
#include <cstdint>
#include <string>

#include "agent/port.h"

namespace mote::boardsim {

class PtyLink final : public mote::agent::Link {
public:
    PtyLink() = default;
    ~PtyLink();
    PtyLink(const PtyLink&) = delete;
    PtyLink& operator=(const PtyLink&) = delete;

    // Opens the pty; on failure returns false and sets `error`.
    bool open(std::string& error);
    const std::string& slavePath() const { return m_slavePath; }
    int fd() const { return m_master; }

    size_t write(const uint8_t* data, size_t size) override;
    size_t read(uint8_t* data, size_t capacity) override;

private:
    int m_master = -1;
    int m_slave = -1;
    std::string m_slavePath;
};

}  // namespace mote::boardsim
