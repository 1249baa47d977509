#include "dsp/dsp_config_json.h"

#include <cstdio>

namespace mote::dsp {
namespace {

using nlohmann::json;

const char* filterName(FilterType t) {
    switch (t) {
    case FilterType::kNone: return "none";
    case FilterType::kLowPass: return "lowpass";
    case FilterType::kHighPass: return "highpass";
    }
    return "none";
}

const char* windowName(FrameWindow w) {
    switch (w) {
    case FrameWindow::kRectangular: return "rectangular";
    case FrameWindow::kHamming: return "hamming";
    case FrameWindow::kHann: return "hann";
    }
    return "hamming";
}

// Reads optional members with type checks; the first problem is kept.
class Reader {
public:
    Reader(const json& object, std::string path) : m_object(object), m_path(std::move(path)) {}

    void number(const char* key, float* out) {
        const json* v = find(key);
        if (v == nullptr)
            return;
        if (!v->is_number())
            return fail(key, "expected a number");
        *out = v->get<float>();
    }
    void count(const char* key, uint32_t* out) {
        const json* v = find(key);
        if (v == nullptr)
            return;
        if (!v->is_number_integer() || v->get<int64_t>() < 0 || v->get<int64_t>() > 1000000)
            return fail(key, "expected a whole number between 0 and 1000000");
        *out = static_cast<uint32_t>(v->get<int64_t>());
    }
    void flag(const char* key, bool* out) {
        const json* v = find(key);
        if (v == nullptr)
            return;
        if (!v->is_boolean())
            return fail(key, "expected true or false");
        *out = v->get<bool>();
    }
    template <typename Enum, size_t N>
    void choice(const char* key, Enum* out, const char* const (&names)[N], const Enum (&values)[N]) {
        const json* v = find(key);
        if (v == nullptr)
            return;
        if (v->is_string()) {
            for (size_t i = 0; i < N; ++i) {
                if (v->get<std::string>() == names[i]) {
                    *out = values[i];
                    return;
                }
            }
        }
        std::string expected;
        for (size_t i = 0; i < N; ++i) {
            // append(), not "literal" + std::string: GCC 12 -O2 warns falsely
            // (-Wrestrict) on that form.
            if (i)
                expected += '|';
            expected += names[i];
        }
        fail(key, "expected one of " + expected);
    }
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }

private:
    const json* find(const char* key) const {
        if (!m_error.empty())
            return nullptr;
        auto it = m_object.find(key);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }
    void fail(const char* key, const std::string& what) {
        if (m_error.empty())
            m_error = m_path + "." + key + ": " + what;
    }

    const json& m_object;
    std::string m_path;
    std::string m_error;
};

}  // namespace

json dspConfigToJson(const DspConfig& c) {
    return json{
        {"block", blockKindName(c.kind)},
        {"sample_rate_hz", c.sampleRateHz},
        {"input_scale", c.inputScale},
        {"raw", {{"normalize", c.raw.normalize}}},
        {"spectral",
         {{"filter", filterName(c.spectral.filter)},
          {"filter_cutoff_hz", c.spectral.filterCutoffHz},
          {"filter_order", c.spectral.filterOrder},
          {"fft_length", c.spectral.fftLength},
          {"mode", c.spectral.mode == SpectralMode::kPeaks ? "peaks" : "bins"},
          {"log_power", c.spectral.logPower},
          {"peak_count", c.spectral.peakCount}}},
        {"audio",
         {{"frame_length_s", c.audio.frameLengthS},
          {"frame_stride_s", c.audio.frameStrideS},
          {"fft_length", c.audio.fftLength},
          {"num_filters", c.audio.numFilters},
          {"low_hz", c.audio.lowHz},
          {"high_hz", c.audio.highHz},
          {"pre_emphasis", c.audio.preEmphasis},
          {"window", windowName(c.audio.window)},
          {"noise_floor_db", c.audio.noiseFloorDb},
          {"num_coefficients", c.audio.numCoefficients},
          {"lifter", c.audio.lifter}}},
    };
}

Result<DspConfig> dspConfigFromJson(const json& j) {
    if (!j.is_object())
        return makeError("dsp: expected a JSON object with a \"block\" field");
    DspConfig c;
    auto block = j.find("block");
    if (block == j.end() || !block->is_string() || !parseBlockKind(block->get<std::string>().c_str(), &c.kind))
        return makeError("dsp.block: expected one of raw|spectral|mfe|mfcc");
    // Block defaults first, so a JSON naming only the block gets sensible values.
    Reader top(j, "dsp");
    float rate = c.sampleRateHz;
    top.number("sample_rate_hz", &rate);
    if (!top.ok())
        return makeError(top.error());
    const BlockKind kind = c.kind;
    switch (kind) {
    case BlockKind::kRaw: c = defaultRaw(rate); break;
    case BlockKind::kSpectral: c = defaultSpectral(rate); break;
    case BlockKind::kMfe: c = defaultMfe(rate); break;
    case BlockKind::kMfcc: c = defaultMfcc(rate); break;
    }
    top.number("input_scale", &c.inputScale);

    static const char* const filterNames[] = {"none", "lowpass", "highpass"};
    static const FilterType filterValues[] = {FilterType::kNone, FilterType::kLowPass, FilterType::kHighPass};
    static const char* const modeNames[] = {"bins", "peaks"};
    static const SpectralMode modeValues[] = {SpectralMode::kFftBins, SpectralMode::kPeaks};
    static const char* const windowNames[] = {"rectangular", "hamming", "hann"};
    static const FrameWindow windowValues[] = {FrameWindow::kRectangular, FrameWindow::kHamming, FrameWindow::kHann};

    for (const char* section : {"raw", "spectral", "audio"}) {
        auto it = j.find(section);
        if (it != j.end() && !it->is_null() && !it->is_object())
            return makeError(std::string("dsp.") + section + ": expected an object");
    }
    const json empty = json::object();
    auto sectionOf = [&](const char* name) -> const json& {
        auto it = j.find(name);
        return it != j.end() && it->is_object() ? *it : empty;
    };
    Reader raw(sectionOf("raw"), "dsp.raw");
    raw.flag("normalize", &c.raw.normalize);
    Reader sp(sectionOf("spectral"), "dsp.spectral");
    sp.choice("filter", &c.spectral.filter, filterNames, filterValues);
    sp.number("filter_cutoff_hz", &c.spectral.filterCutoffHz);
    sp.count("filter_order", &c.spectral.filterOrder);
    sp.count("fft_length", &c.spectral.fftLength);
    sp.choice("mode", &c.spectral.mode, modeNames, modeValues);
    sp.flag("log_power", &c.spectral.logPower);
    sp.count("peak_count", &c.spectral.peakCount);
    Reader au(sectionOf("audio"), "dsp.audio");
    au.number("frame_length_s", &c.audio.frameLengthS);
    au.number("frame_stride_s", &c.audio.frameStrideS);
    au.count("fft_length", &c.audio.fftLength);
    au.count("num_filters", &c.audio.numFilters);
    au.number("low_hz", &c.audio.lowHz);
    au.number("high_hz", &c.audio.highHz);
    au.number("pre_emphasis", &c.audio.preEmphasis);
    au.choice("window", &c.audio.window, windowNames, windowValues);
    au.number("noise_floor_db", &c.audio.noiseFloorDb);
    au.count("num_coefficients", &c.audio.numCoefficients);
    au.number("lifter", &c.audio.lifter);
    for (const Reader* r : {&top, &raw, &sp, &au})
        if (!r->ok())
            return makeError(r->error());
    return c;
}

Status validateDspConfig(const DspConfig& config, uint32_t axes) {
    // The window length only matters for the shape, not for parameter validity;
    // one long enough for any audio frame is used.
    const uint32_t frames = 1u << 20;
    const DspStatus status = validate(config, frames, axes);
    if (status != DspStatus::kOk)
        return dspError(status, std::string("DSP block '") + blockKindName(config.kind) + "'");
    return {};
}

Error dspError(DspStatus status, const std::string& context) {
    return Error{context + ": " + dspStatusMessage(status)};
}

std::string dspConfigHash(const DspConfig& config) {
    // nlohmann::json objects are sorted by key, so the dump is canonical.
    const std::string text = dspConfigToJson(config).dump();
    uint64_t h = 1469598103934665603ull;
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace mote::dsp
