#include "plot_decimator.h"

#include <algorithm>

namespace mote::studio {

std::vector<ColumnRange> decimateMinMax(const float* data, std::size_t stride, std::size_t channel,
                                        std::size_t begin, std::size_t end, int columns) {
    std::vector<ColumnRange> out(columns > 0 ? static_cast<std::size_t>(columns) : 0);
    if (columns <= 0 || end <= begin || data == nullptr || channel >= stride)
        return out;
    const std::size_t count = end - begin;
    const auto cols = static_cast<std::size_t>(columns);
    for (std::size_t c = 0; c < cols; ++c) {
        std::size_t first = begin + c * count / cols;
        std::size_t last = begin + (c + 1) * count / cols;
        if (last <= first)
            last = first + 1;  // fewer frames than columns: show the frame under this column
        if (first >= end)
            continue;
        last = std::min(last, end);
        const float* p = data + first * stride + channel;
        float lo = *p;
        float hi = *p;
        for (std::size_t i = first + 1; i < last; ++i) {
            p += stride;
            lo = std::min(lo, *p);
            hi = std::max(hi, *p);
        }
        out[c] = ColumnRange{lo, hi, false};
    }
    return out;
}

std::pair<float, float> valueRange(const float* data, std::size_t stride, std::size_t channels,
                                   std::size_t begin, std::size_t end) {
    if (end <= begin || data == nullptr || channels == 0)
        return {0.0f, 0.0f};
    float lo = data[begin * stride];
    float hi = lo;
    for (std::size_t i = begin; i < end; ++i) {
        const float* frame = data + i * stride;
        for (std::size_t c = 0; c < channels; ++c) {
            lo = std::min(lo, frame[c]);
            hi = std::max(hi, frame[c]);
        }
    }
    return {lo, hi};
}

}  // namespace mote::studio
