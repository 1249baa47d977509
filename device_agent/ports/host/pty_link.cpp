#include "pty_link.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

namespace mote::boardsim {

PtyLink::~PtyLink() {
    if (m_slave >= 0)
        ::close(m_slave);
    if (m_master >= 0)
        ::close(m_master);
}

bool PtyLink::open(std::string& error) {
    m_master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0) {
        error = std::string("cannot create a pseudo-terminal: ") + std::strerror(errno);
        return false;
    }
    const char* name = ::ptsname(m_master);
    if (!name) {
        error = std::string("ptsname failed: ") + std::strerror(errno);
        return false;
    }
    m_slavePath = name;
    m_slave = ::open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (m_slave < 0) {
        error = "cannot open " + m_slavePath + ": " + std::strerror(errno);
        return false;
    }
    // Raw bytes on the line discipline (it lives on the slave side): no
    // echo, no CR/LF translation, no signals from 0x03.
    termios tio{};
    if (::tcgetattr(m_slave, &tio) == 0) {
        ::cfmakeraw(&tio);
        ::tcsetattr(m_slave, TCSANOW, &tio);
    }
    return true;
}

size_t PtyLink::write(const uint8_t* data, size_t size) {
    const ssize_t n = ::write(m_master, data, size);
    return n > 0 ? static_cast<size_t>(n) : 0;  // EAGAIN: pty buffer full
}

size_t PtyLink::read(uint8_t* data, size_t capacity) {
    const ssize_t n = ::read(m_master, data, capacity);
    return n > 0 ? static_cast<size_t>(n) : 0;
}

}  // namespace mote::boardsim
