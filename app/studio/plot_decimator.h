#pragma once
// Min/max decimation of one channel of interleaved frames down to a fixed
// number of pixel columns. This is what keeps the scope fluid at 16 kHz: the
// painter draws at most 2 points per column whatever the sample count, and
// every peak in the data stays visible (a plain stride would drop them).
#include <cstddef>
#include <vector>

namespace mote::studio {

struct ColumnRange {
    float min = 0.0f;
    float max = 0.0f;
    bool empty = true;  // no frame falls into this column (zoomed past the data)
};

// Reduces frames [begin, end) of channel `channel` of `data` (interleaved,
// `stride` values per frame) to `columns` min/max pairs. Column c covers
// frames [begin + c*n/columns, begin + (c+1)*n/columns). When there are fewer
// frames than columns, several columns repeat the same frame. Pure function,
// any thread.
std::vector<ColumnRange> decimateMinMax(const float* data, std::size_t stride, std::size_t channel,
                                        std::size_t begin, std::size_t end, int columns);

// Min and max over every channel of frames [begin, end); {0,0} when empty.
std::pair<float, float> valueRange(const float* data, std::size_t stride, std::size_t channels,
                                   std::size_t begin, std::size_t end);

}  // namespace mote::studio
