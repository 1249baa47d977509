#include "nn/kernels/pooling.h"

namespace mote::nn::kernels {
namespace {

struct Span {
    int32_t begin, end;
};

// The filter rows (or columns) that fall inside the input.
inline Span windowSpan(int32_t origin, int32_t filter, int32_t inSize) {
    Span s{origin < 0 ? -origin : 0, inSize - origin};
    if (s.end > filter) s.end = filter;
    return s;
}

template <typename T, typename Reduce>
void pool(const PoolParams& p, const Dims4& in, const T* input, const Dims4& out, T* output,
          Reduce reduce) {
    const Window& w = p.window;
    for (int32_t b = 0; b < out.n; ++b)
        for (int32_t oy = 0; oy < out.h; ++oy) {
            const int32_t y0 = oy * w.strideH - w.padH;
            const Span ys = windowSpan(y0, p.filterH, in.h);
            for (int32_t ox = 0; ox < out.w; ++ox) {
                const int32_t x0 = ox * w.strideW - w.padW;
                const Span xs = windowSpan(x0, p.filterW, in.w);
                for (int32_t c = 0; c < out.c; ++c)
                    output[((b * out.h + oy) * out.w + ox) * out.c + c] =
                        reduce(b, c, y0, x0, ys, xs);
            }
        }
    (void)input;
}

}  // namespace

void averagePoolInt8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                     int8_t* output) {
    pool(p, in, input, out, output, [&](int32_t b, int32_t c, int32_t y0, int32_t x0, Span ys, Span xs) {
        int32_t acc = 0;
        int32_t count = 0;
        for (int32_t fy = ys.begin; fy < ys.end; ++fy)
            for (int32_t fx = xs.begin; fx < xs.end; ++fx) {
                acc += input[((b * in.h + y0 + fy) * in.w + x0 + fx) * in.c + c];
                ++count;
            }
        if (count == 0) return static_cast<int8_t>(0);
        // Round half away from zero (TFLite's integer average).
        acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
        acc = acc < p.actMinInt ? p.actMinInt : (acc > p.actMaxInt ? p.actMaxInt : acc);
        return static_cast<int8_t>(acc);
    });
}

void maxPoolInt8(const PoolParams& p, const Dims4& in, const int8_t* input, const Dims4& out,
                 int8_t* output) {
    pool(p, in, input, out, output, [&](int32_t b, int32_t c, int32_t y0, int32_t x0, Span ys, Span xs) {
        int32_t m = -128;
        for (int32_t fy = ys.begin; fy < ys.end; ++fy)
            for (int32_t fx = xs.begin; fx < xs.end; ++fx) {
                const int32_t v = input[((b * in.h + y0 + fy) * in.w + x0 + fx) * in.c + c];
                if (v > m) m = v;
            }
        m = m < p.actMinInt ? p.actMinInt : (m > p.actMaxInt ? p.actMaxInt : m);
        return static_cast<int8_t>(m);
    });
}

void averagePoolFloat(const PoolParams& p, const Dims4& in, const float* input, const Dims4& out,
                      float* output) {
    pool(p, in, input, out, output, [&](int32_t b, int32_t c, int32_t y0, int32_t x0, Span ys, Span xs) {
        float total = 0.0f;
        int32_t count = 0;
        for (int32_t fy = ys.begin; fy < ys.end; ++fy)
            for (int32_t fx = xs.begin; fx < xs.end; ++fx) {
                total += input[((b * in.h + y0 + fy) * in.w + x0 + fx) * in.c + c];
                ++count;
            }
        const float v = count ? total / static_cast<float>(count) : 0.0f;
        return v < p.actMinFloat ? p.actMinFloat : (v > p.actMaxFloat ? p.actMaxFloat : v);
    });
}

void maxPoolFloat(const PoolParams& p, const Dims4& in, const float* input, const Dims4& out,
                  float* output) {
    pool(p, in, input, out, output, [&](int32_t b, int32_t c, int32_t y0, int32_t x0, Span ys, Span xs) {
        float m = p.actMinFloat;
        bool any = false;
        for (int32_t fy = ys.begin; fy < ys.end; ++fy)
            for (int32_t fx = xs.begin; fx < xs.end; ++fx) {
                const float v = input[((b * in.h + y0 + fy) * in.w + x0 + fx) * in.c + c];
                if (!any || v > m) m = v;
                any = true;
            }
        return m < p.actMinFloat ? p.actMinFloat : (m > p.actMaxFloat ? p.actMaxFloat : m);
    });
}

}  // namespace mote::nn::kernels
