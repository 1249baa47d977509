#include "serial/transport.h"

#include <filesystem>
#include <sys/stat.h>

#include "serial/pty_transport.h"
#include "serial/serialport_transport.h"

namespace mote::serial {

bool isPseudoTerminal(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::canonical(path, ec);
    if (ec)
        return false;
    const std::string s = real.string();
    if (s.rfind("/dev/pts/", 0) == 0 || s == "/dev/ptmx")
        return true;
    struct stat st {};
    if (::stat(s.c_str(), &st) != 0 || !S_ISCHR(st.st_mode))
        return false;
    // A character device libserialport cannot see (it only knows what
    // /sys/class/tty lists) is opened with termios.
    return !std::filesystem::exists(std::filesystem::path("/sys/class/tty") / real.filename(), ec);
}

Result<std::unique_ptr<Transport>> openTransport(const std::string& path, const SerialSettings& settings) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return makeError("no such port: " + path + " (run `mote devices` to list ports)");
    if (isPseudoTerminal(path))
        return PtyTransport::open(path);
    return SerialPortTransport::open(path, settings);
}

}  // namespace mote::serial
