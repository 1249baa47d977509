#include "impulse/impulse_config.h"

#include "impulse/impulse_defaults.h"

#include "dsp/dsp_config_json.h"

namespace mote::impulse {

const char* sensorTypeName(SensorType type) {
    switch (type) {
        case SensorType::Motion: return "motion";
        case SensorType::Audio: return "audio";
        case SensorType::Other: return "other";
    }
    return "other";
}

Result<SensorType> sensorTypeFromName(const std::string& name) {
    if (name == "motion") return SensorType::Motion;
    if (name == "audio") return SensorType::Audio;
    if (name == "other") return SensorType::Other;
    return makeError("unknown sensor type '" + name + "' (use motion, audio or other)");
}

Result<dsp::DspConfig> ImpulseConfig::dspConfig() const {
    auto config = dsp::dspConfigFromJson(dsp);
    if (!config) return config.error();
    // One source of truth for the rate: the input's (the DSP JSON repeats it).
    config->sampleRateHz = static_cast<float>(input.sampleRateHz);
    return config;
}

Result<nn::ModelSpec> ImpulseConfig::modelSpec(const std::vector<int>& inputShape, int classCount) const {
    if (classCount < 2) return makeError("training needs at least 2 labels, the dataset has " + std::to_string(classCount));
    nn::ModelSpec spec{inputShape, layers};
    nn::LayerSpec head;
    head.type = nn::LayerType::Dense;
    head.units = classCount;
    spec.layers.push_back(head);
    nn::LayerSpec softmax;
    softmax.type = nn::LayerType::Softmax;
    spec.layers.push_back(softmax);
    auto shapes = nn::inferShapes(spec);
    if (!shapes) return makeError("the network does not fit features of shape " + nn::shapeToString(inputShape) + ": " +
                                  shapes.message());
    return spec;
}

nlohmann::json trainingToJson(const TrainingSettings& t) {
    return {{"epochs", t.epochs},
            {"learning_rate", t.learningRate},
            {"batch_size", t.batchSize},
            {"seed", t.seed},
            {"validation_fraction", t.validationFraction},
            {"class_weighting", t.classWeighting == ClassWeighting::Balanced ? "balanced" : "none"},
            {"augmentation",
             {{"noise", t.augmentation.noise}, {"time_shift", t.augmentation.timeShift}, {"mask", t.augmentation.mask}}}};
}

namespace {

template <typename T>
Status readNumber(const nlohmann::json& obj, const char* key, T& out, const std::string& where) {
    if (!obj.contains(key)) return {};
    const auto& v = obj[key];
    if constexpr (std::is_integral_v<T>) {
        if (!v.is_number_integer()) return makeError(where + "." + key + " must be an integer");
    } else {
        if (!v.is_number()) return makeError(where + "." + key + " must be a number");
    }
    out = v.get<T>();
    return {};
}

#define MOTE_TRY(expr)               \
    do {                             \
        if (auto s_ = (expr); !s_)   \
            return s_.error();       \
    } while (0)

}  // namespace

Result<TrainingSettings> trainingFromJson(const nlohmann::json& j, const TrainingSettings& defaults) {
    TrainingSettings t = defaults;
    if (!j.is_object()) return makeError("training must be an object");
    MOTE_TRY(readNumber(j, "epochs", t.epochs, "training"));
    MOTE_TRY(readNumber(j, "learning_rate", t.learningRate, "training"));
    MOTE_TRY(readNumber(j, "batch_size", t.batchSize, "training"));
    MOTE_TRY(readNumber(j, "seed", t.seed, "training"));
    MOTE_TRY(readNumber(j, "validation_fraction", t.validationFraction, "training"));
    if (j.contains("class_weighting")) {
        const auto& w = j["class_weighting"];
        if (w == "none") t.classWeighting = ClassWeighting::None;
        else if (w == "balanced") t.classWeighting = ClassWeighting::Balanced;
        else return makeError("training.class_weighting must be \"none\" or \"balanced\"");
    }
    if (j.contains("augmentation")) {
        const auto& a = j["augmentation"];
        if (!a.is_object()) return makeError("training.augmentation must be an object");
        MOTE_TRY(readNumber(a, "noise", t.augmentation.noise, "training.augmentation"));
        MOTE_TRY(readNumber(a, "time_shift", t.augmentation.timeShift, "training.augmentation"));
        MOTE_TRY(readNumber(a, "mask", t.augmentation.mask, "training.augmentation"));
    }
    return t;
}

nlohmann::json toJson(const ImpulseConfig& c) {
    return {{"format_version", kImpulseFormatVersion},
            {"name", c.name},
            {"sensor", sensorTypeName(c.sensorType)},
            {"input", {{"sensor", c.input.sensor}, {"axes", c.input.axes}, {"sample_rate_hz", c.input.sampleRateHz}}},
            {"window", {{"size_ms", c.window.sizeMs}, {"stride_ms", c.window.strideMs}, {"zero_pad", c.window.zeroPad}}},
            {"dsp", c.dsp},
            {"network", {{"layers", nn::layersToJson(c.layers)}}},
            {"training", trainingToJson(c.training)}};
}

Result<ImpulseConfig> impulseFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError("an impulse must be a JSON object");
    if (j.contains("format_version") && j["format_version"] != kImpulseFormatVersion)
        return makeError("impulse format_version " + j["format_version"].dump() + " is not supported (expected " +
                         std::to_string(kImpulseFormatVersion) + ")");
    SensorType sensor = SensorType::Motion;
    if (j.contains("sensor")) {
        if (!j["sensor"].is_string()) return makeError("impulse.sensor must be a string");
        auto s = sensorTypeFromName(j["sensor"].get<std::string>());
        if (!s) return s.error();
        sensor = *s;
    }
    double rate = 0;
    if (j.contains("input") && j["input"].is_object() && j["input"].contains("sample_rate_hz") &&
        j["input"]["sample_rate_hz"].is_number())
        rate = j["input"]["sample_rate_hz"].get<double>();
    ImpulseConfig c = defaultImpulse(sensor, rate);
    if (j.contains("name")) {
        if (!j["name"].is_string() || j["name"].get<std::string>().empty())
            return makeError("impulse.name must be a non-empty string");
        c.name = j["name"].get<std::string>();
    }
    if (j.contains("input")) {
        const auto& in = j["input"];
        if (!in.is_object()) return makeError("impulse.input must be an object");
        if (in.contains("sensor")) {
            if (!in["sensor"].is_string()) return makeError("input.sensor must be a string");
            c.input.sensor = in["sensor"].get<std::string>();
        }
        if (in.contains("axes")) {
            if (!in["axes"].is_array()) return makeError("input.axes must be a list of axis names");
            c.input.axes.clear();
            for (const auto& a : in["axes"]) {
                if (!a.is_string()) return makeError("input.axes must be a list of axis names");
                c.input.axes.push_back(a.get<std::string>());
            }
        }
        MOTE_TRY(readNumber(in, "sample_rate_hz", c.input.sampleRateHz, "input"));
    }
    if (j.contains("window")) {
        const auto& w = j["window"];
        if (!w.is_object()) return makeError("impulse.window must be an object");
        MOTE_TRY(readNumber(w, "size_ms", c.window.sizeMs, "window"));
        MOTE_TRY(readNumber(w, "stride_ms", c.window.strideMs, "window"));
        if (w.contains("zero_pad")) {
            if (!w["zero_pad"].is_boolean()) return makeError("window.zero_pad must be true or false");
            c.window.zeroPad = w["zero_pad"].get<bool>();
        }
    }
    if (j.contains("dsp")) {
        if (!j["dsp"].is_object()) return makeError("impulse.dsp must be an object");
        c.dsp = j["dsp"];
    }
    if (j.contains("network")) {
        const auto& n = j["network"];
        if (!n.is_object() || !n.contains("layers")) return makeError("impulse.network must be {\"layers\": [...]}");
        auto layers = nn::layersFromJson(n["layers"]);
        if (!layers) return makeError("network: " + layers.message());
        c.layers = std::move(*layers);
    }
    if (j.contains("training")) {
        auto t = trainingFromJson(j["training"], c.training);
        if (!t) return t.error();
        c.training = *t;
    }
    MOTE_TRY(validate(c));
    return c;
}

Result<ImpulseConfig> impulseFromJsonText(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return makeError("the impulse is not valid JSON");
    return impulseFromJson(j);
}

Status validate(const ImpulseConfig& c) {
    if (c.input.sampleRateHz <= 0) return makeError("input.sample_rate_hz must be > 0");
    if (c.window.sizeMs <= 0) return makeError("window.size_ms must be > 0");
    if (c.window.strideMs <= 0) return makeError("window.stride_ms must be > 0");
    if (auto d = c.dspConfig(); !d) return d.error();
    const auto& t = c.training;
    if (t.epochs < 1 || t.epochs > 10000) return makeError("training.epochs must be between 1 and 10000");
    if (!(t.learningRate > 0) || t.learningRate > 10) return makeError("training.learning_rate must be in (0, 10]");
    if (t.batchSize < 1 || t.batchSize > 65536) return makeError("training.batch_size must be between 1 and 65536");
    if (t.validationFraction < 0 || t.validationFraction >= 1)
        return makeError("training.validation_fraction must be in [0, 1)");
    if (t.augmentation.noise < 0 || t.augmentation.timeShift < 0 || t.augmentation.mask < 0)
        return makeError("training.augmentation values must be >= 0");
    for (size_t i = 0; i < c.layers.size(); ++i)
        if (c.layers[i].type == nn::LayerType::Softmax)
            return makeError("network: layer " + std::to_string(i) +
                             " is softmax; leave it out, the studio adds the output layer and softmax itself");
    return {};
}

}  // namespace mote::impulse
