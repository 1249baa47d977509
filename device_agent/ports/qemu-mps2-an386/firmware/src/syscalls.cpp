// The few newlib system calls the firmware can reach. There is no console
// or file system: the UART belongs to the wire protocol, so stdio output is
// dropped. _sbrk hands out the fixed .heap section and fails cleanly when it
// is used up (the agent itself never allocates after start-up).
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <sys/stat.h>

extern "C" {
extern uint8_t _sheap, _eheap;

void* _sbrk(ptrdiff_t increment) {
    static uint8_t* brk = &_sheap;
    if (increment > &_eheap - brk || increment < &_sheap - brk) {
        errno = ENOMEM;
        return reinterpret_cast<void*>(-1);
    }
    uint8_t* previous = brk;
    brk += increment;
    return previous;
}

int _write(int, const char*, int len) { return len; }
int _read(int, char*, int) { return 0; }
int _close(int) { return -1; }
int _lseek(int, int, int) { return 0; }
int _isatty(int) { return 1; }
int _fstat(int, struct stat* st) {
    st->st_mode = S_IFCHR;
    return 0;
}
int _getpid() { return 1; }
int _kill(int, int) {
    errno = EINVAL;
    return -1;
}
__attribute__((noreturn)) void _exit(int) {
    for (;;) {
    }
}
}
