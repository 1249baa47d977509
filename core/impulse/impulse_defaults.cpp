#include "impulse/impulse_defaults.h"

#include <cstdio>

#include "dsp/dsp_config_json.h"

namespace mote::impulse {
namespace {

nn::LayerSpec dense(int units) {
    nn::LayerSpec l;
    l.type = nn::LayerType::Dense;
    l.units = units;
    l.activation = nn::Activation::Relu;
    return l;
}

nn::LayerSpec conv1d(int filters, int kernel) {
    nn::LayerSpec l;
    l.type = nn::LayerType::Conv1D;
    l.filters = filters;
    l.kernel = {1, kernel};
    l.padding = nn::Padding::Same;
    l.activation = nn::Activation::Relu;
    return l;
}

nn::LayerSpec maxPool1d(int size) {
    nn::LayerSpec l;
    l.type = nn::LayerType::MaxPool1D;
    l.kernel = {1, size};
    l.stride = {1, size};
    l.padding = nn::Padding::Same;
    return l;
}

nn::LayerSpec simple(nn::LayerType type, float rate = 0.0f) {
    nn::LayerSpec l;
    l.type = type;
    l.rate = rate;
    return l;
}

}  // namespace

nlohmann::json defaultDspJson(SensorType sensor, double sampleRateHz) {
    const auto rate = static_cast<float>(sampleRateHz);
    switch (sensor) {
        case SensorType::Motion: return dsp::dspConfigToJson(dsp::defaultSpectral(rate));
        case SensorType::Audio: return dsp::dspConfigToJson(dsp::defaultMfcc(rate));
        case SensorType::Other: {
            auto raw = dsp::defaultRaw(rate);
            raw.raw.normalize = true;
            return dsp::dspConfigToJson(raw);
        }
    }
    return nlohmann::json::object();
}

Result<nlohmann::json> dspJsonForBlock(const std::string& block, double sampleRateHz) {
    const auto rate = static_cast<float>(sampleRateHz);
    if (block == "raw") return dsp::dspConfigToJson(dsp::defaultRaw(rate));
    if (block == "spectral") return dsp::dspConfigToJson(dsp::defaultSpectral(rate));
    if (block == "mfe") return dsp::dspConfigToJson(dsp::defaultMfe(rate));
    if (block == "mfcc") return dsp::dspConfigToJson(dsp::defaultMfcc(rate));
    return makeError("unknown DSP block '" + block + "' (use raw, spectral, mfe or mfcc)");
}

std::string describeLayer(const nn::LayerSpec& l) {
    std::string s = nn::layerTypeName(l.type);
    std::vector<std::string> parts;
    auto k = [&](const std::array<int, 2>& p, bool oneD) {
        return oneD || p[0] == 1 ? std::to_string(p[1]) : std::to_string(p[0]) + "x" + std::to_string(p[1]);
    };
    const bool oneD = l.type == nn::LayerType::Conv1D || l.type == nn::LayerType::MaxPool1D ||
                      l.type == nn::LayerType::AvgPool1D;
    switch (l.type) {
        case nn::LayerType::Dense: parts.push_back(std::to_string(l.units)); break;
        case nn::LayerType::Conv1D:
        case nn::LayerType::Conv2D:
        case nn::LayerType::DepthwiseConv2D:
            // std::string(1, c).append(...), not "literal" + std::string: GCC 12
            // -O2 warns falsely (-Wrestrict) on that form.
            parts.push_back(l.type == nn::LayerType::DepthwiseConv2D
                                ? std::string(1, 'x').append(std::to_string(l.depthMultiplier))
                                : std::to_string(l.filters));
            parts.push_back(std::string(1, 'k').append(k(l.kernel, oneD)));
            if (l.stride != std::array<int, 2>{1, 1}) parts.push_back(std::string(1, 's').append(k(l.stride, oneD)));
            parts.push_back(nn::paddingName(l.padding));
            break;
        case nn::LayerType::AvgPool1D:
        case nn::LayerType::MaxPool1D:
        case nn::LayerType::AvgPool2D:
        case nn::LayerType::MaxPool2D:
            parts.push_back(k(l.kernel, oneD));
            if (l.stride != l.kernel) parts.push_back(std::string(1, 's').append(k(l.stride, oneD)));
            if (l.padding == nn::Padding::Same) parts.push_back("same");
            break;
        case nn::LayerType::Dropout: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", static_cast<double>(l.rate));
            parts.push_back(buf);
            break;
        }
        case nn::LayerType::Reshape: parts.push_back(nn::shapeToString(l.shape)); break;
        default: break;
    }
    if ((l.type == nn::LayerType::Dense || l.type == nn::LayerType::Conv1D || l.type == nn::LayerType::Conv2D ||
         l.type == nn::LayerType::DepthwiseConv2D) &&
        l.activation != nn::Activation::None)
        parts.push_back(nn::activationName(l.activation));
    if (parts.empty()) return s;
    s += "(";
    for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
    return s + ")";
}

ImpulseConfig defaultImpulse(SensorType sensor, double sampleRateHz) {
    ImpulseConfig c;
    c.sensorType = sensor;
    if (sampleRateHz <= 0) sampleRateHz = sensor == SensorType::Audio ? 16000.0 : 100.0;
    c.input.sampleRateHz = sampleRateHz;
    c.dsp = defaultDspJson(sensor, sampleRateHz);
    switch (sensor) {
        case SensorType::Motion:
        case SensorType::Other:
            c.window = {2000, 500, true};
            c.layers = {dense(20), dense(10)};
            c.training.epochs = 30;
            c.training.learningRate = 0.005;
            break;
        case SensorType::Audio:
            c.window = {1000, 500, true};
            // MFCC gives [frames, coefficients]: convolve over time.
            c.layers = {conv1d(8, 3),  maxPool1d(2), simple(nn::LayerType::Dropout, 0.25f),
                        conv1d(16, 3), maxPool1d(2), simple(nn::LayerType::Dropout, 0.25f),
                        simple(nn::LayerType::Flatten)};
            c.training.epochs = 50;
            c.training.learningRate = 0.005;
            c.training.augmentation = {0.05, 2, 2};
            break;
    }
    return c;
}

}  // namespace mote::impulse
