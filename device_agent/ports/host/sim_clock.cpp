#include "sim_clock.h"

#include <time.h>

namespace mote::boardsim {

uint64_t monotonicUs() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000ull + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

}  // namespace mote::boardsim
