#include "impulse/impulse_defaults.h"

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
    switch (sensor) {
        case SensorType::Motion: return {{"block", "spectral"}, {"sample_rate_hz", sampleRateHz}};
        case SensorType::Audio: return {{"block", "mfcc"}, {"sample_rate_hz", sampleRateHz}};
        case SensorType::Other: return {{"block", "raw"}, {"sample_rate_hz", sampleRateHz}};
    }
    return nlohmann::json::object();
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
