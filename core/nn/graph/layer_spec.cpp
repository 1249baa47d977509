#include "nn/graph/layer_spec.h"

#include <nlohmann/json.hpp>

namespace mote::nn {
namespace {

struct TypeName {
    LayerType type;
    const char* name;
};
constexpr TypeName kTypeNames[] = {
    {LayerType::Dense, "dense"},
    {LayerType::Conv1D, "conv1d"},
    {LayerType::Conv2D, "conv2d"},
    {LayerType::DepthwiseConv2D, "depthwise_conv2d"},
    {LayerType::AvgPool1D, "avg_pool1d"},
    {LayerType::MaxPool1D, "max_pool1d"},
    {LayerType::AvgPool2D, "avg_pool2d"},
    {LayerType::MaxPool2D, "max_pool2d"},
    {LayerType::Flatten, "flatten"},
    {LayerType::Dropout, "dropout"},
    {LayerType::BatchNorm, "batch_norm"},
    {LayerType::Reshape, "reshape"},
    {LayerType::Softmax, "softmax"},
};

bool isOneD(LayerType t) {
    return t == LayerType::Conv1D || t == LayerType::AvgPool1D || t == LayerType::MaxPool1D;
}

std::string where(const LayerSpec& layer, int index) {
    return std::string("layer ") + std::to_string(index) + " (" + layerTypeName(layer.type) + ")";
}

// Reads an int or [h, w] pair; 1-D layers take a single int (or a 1-element list).
Result<std::array<int, 2>> readPair(const nlohmann::json& value, bool oneD, const std::string& what) {
    if (value.is_number_integer()) {
        const int v = value.get<int>();
        if (v < 1) return makeError(what + " must be >= 1");
        return oneD ? std::array<int, 2>{1, v} : std::array<int, 2>{v, v};
    }
    if (value.is_array()) {
        if (oneD && value.size() == 1 && value[0].is_number_integer()) return readPair(value[0], true, what);
        if (!oneD && value.size() == 2 && value[0].is_number_integer() && value[1].is_number_integer()) {
            std::array<int, 2> p{value[0].get<int>(), value[1].get<int>()};
            if (p[0] < 1 || p[1] < 1) return makeError(what + " must be >= 1");
            return p;
        }
    }
    return makeError(what + (oneD ? " must be an integer" : " must be an integer or [height, width]"));
}

Result<Activation> activationFromName(const std::string& name, const std::string& what) {
    if (name == "none" || name == "linear") return Activation::None;
    if (name == "relu") return Activation::Relu;
    if (name == "relu6") return Activation::Relu6;
    if (name == "tanh") return Activation::Tanh;
    if (name == "sigmoid") return Activation::Sigmoid;
    return makeError(what + ": unknown activation '" + name + "' (use none, relu, relu6, tanh or sigmoid)");
}

int outSize(int in, int k, int s, Padding p) {
    if (p == Padding::Same) return (in + s - 1) / s;
    return in < k ? 0 : (in - k) / s + 1;
}

}  // namespace

const char* layerTypeName(LayerType type) {
    for (const auto& tn : kTypeNames)
        if (tn.type == type) return tn.name;
    return "?";
}

Result<LayerType> layerTypeFromName(const std::string& name) {
    for (const auto& tn : kTypeNames)
        if (name == tn.name) return tn.type;
    std::string all;
    for (const auto& tn : kTypeNames) all += std::string(all.empty() ? "" : ", ") + tn.name;
    return makeError("unknown layer type '" + name + "' (known: " + all + ")");
}

const char* activationName(Activation activation) {
    switch (activation) {
        case Activation::None: return "none";
        case Activation::Relu: return "relu";
        case Activation::Relu6: return "relu6";
        case Activation::Tanh: return "tanh";
        case Activation::Sigmoid: return "sigmoid";
    }
    return "none";
}

const char* paddingName(Padding padding) { return padding == Padding::Same ? "same" : "valid"; }

std::string shapeToString(const std::vector<int>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

nlohmann::json layerToJson(const LayerSpec& layer) {
    nlohmann::json params = nlohmann::json::object();
    const bool oneD = isOneD(layer.type);
    auto pair = [&](const std::array<int, 2>& p) -> nlohmann::json {
        if (oneD) return p[1];
        return nlohmann::json::array({p[0], p[1]});
    };
    switch (layer.type) {
        case LayerType::Dense:
            params["units"] = layer.units;
            params["activation"] = activationName(layer.activation);
            break;
        case LayerType::Conv1D:
        case LayerType::Conv2D:
        case LayerType::DepthwiseConv2D:
            if (layer.type == LayerType::DepthwiseConv2D)
                params["depth_multiplier"] = layer.depthMultiplier;
            else
                params["filters"] = layer.filters;
            params["kernel_size"] = pair(layer.kernel);
            params["stride"] = pair(layer.stride);
            params["padding"] = paddingName(layer.padding);
            params["activation"] = activationName(layer.activation);
            break;
        case LayerType::AvgPool1D:
        case LayerType::MaxPool1D:
        case LayerType::AvgPool2D:
        case LayerType::MaxPool2D:
            params["pool_size"] = pair(layer.kernel);
            params["stride"] = pair(layer.stride);
            params["padding"] = paddingName(layer.padding);
            break;
        case LayerType::Dropout: params["rate"] = layer.rate; break;
        case LayerType::BatchNorm:
            params["epsilon"] = layer.epsilon;
            params["momentum"] = layer.momentum;
            break;
        case LayerType::Reshape: params["shape"] = layer.shape; break;
        case LayerType::Flatten:
        case LayerType::Softmax: break;
    }
    return {{"type", layerTypeName(layer.type)}, {"params", params}};
}

Result<LayerSpec> layerFromJson(const nlohmann::json& json, int index) {
    const std::string at = "layer " + std::to_string(index);
    if (!json.is_object() || !json.contains("type") || !json["type"].is_string())
        return makeError(at + ": expected an object with a \"type\" string");
    auto type = layerTypeFromName(json["type"].get<std::string>());
    if (!type) return makeError(at + ": " + type.message());
    LayerSpec layer;
    layer.type = *type;
    const std::string here = where(layer, index);
    const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json& params = json.contains("params") ? json["params"] : empty;
    if (!params.is_object()) return makeError(here + ": \"params\" must be an object");

    auto getInt = [&](const char* key, int& out, bool required) -> Status {
        if (!params.contains(key)) {
            if (required) return makeError(here + ": missing parameter \"" + key + "\"");
            return {};
        }
        if (!params[key].is_number_integer() || params[key].get<int>() < 1)
            return makeError(here + ": \"" + key + "\" must be a positive integer");
        out = params[key].get<int>();
        return {};
    };
    auto getFloat = [&](const char* key, float& out) -> Status {
        if (!params.contains(key)) return {};
        if (!params[key].is_number()) return makeError(here + ": \"" + key + "\" must be a number");
        out = params[key].get<float>();
        return {};
    };
    auto getActivation = [&]() -> Status {
        if (!params.contains("activation")) return {};
        if (!params["activation"].is_string()) return makeError(here + ": \"activation\" must be a string");
        auto a = activationFromName(params["activation"].get<std::string>(), here);
        if (!a) return a.error();
        layer.activation = *a;
        return {};
    };
    auto getPadding = [&]() -> Status {
        if (!params.contains("padding")) return {};
        const auto& p = params["padding"];
        if (p == "same") layer.padding = Padding::Same;
        else if (p == "valid") layer.padding = Padding::Valid;
        else return makeError(here + ": \"padding\" must be \"same\" or \"valid\"");
        return {};
    };
    const bool oneD = isOneD(layer.type);
    auto getPair = [&](const char* key, std::array<int, 2>& out, bool required) -> Status {
        if (!params.contains(key)) {
            if (required) return makeError(here + ": missing parameter \"" + key + "\"");
            return {};
        }
        auto p = readPair(params[key], oneD, here + ": \"" + key + "\"");
        if (!p) return p.error();
        out = *p;
        return {};
    };

    Status s;
    switch (layer.type) {
        case LayerType::Dense:
            if (!(s = getInt("units", layer.units, true))) return s.error();
            if (!(s = getActivation())) return s.error();
            break;
        case LayerType::Conv1D:
        case LayerType::Conv2D:
        case LayerType::DepthwiseConv2D:
            if (layer.type == LayerType::DepthwiseConv2D) {
                if (!(s = getInt("depth_multiplier", layer.depthMultiplier, false))) return s.error();
            } else if (!(s = getInt("filters", layer.filters, true))) {
                return s.error();
            }
            if (!(s = getPair("kernel_size", layer.kernel, true))) return s.error();
            if (!(s = getPair("stride", layer.stride, false))) return s.error();
            if (!(s = getPadding())) return s.error();
            if (!(s = getActivation())) return s.error();
            break;
        case LayerType::AvgPool1D:
        case LayerType::MaxPool1D:
        case LayerType::AvgPool2D:
        case LayerType::MaxPool2D:
            if (!(s = getPair("pool_size", layer.kernel, true))) return s.error();
            layer.stride = layer.kernel;
            if (!(s = getPair("stride", layer.stride, false))) return s.error();
            if (!(s = getPadding())) return s.error();
            break;
        case LayerType::Dropout:
            if (!(s = getFloat("rate", layer.rate))) return s.error();
            if (layer.rate < 0.0f || layer.rate >= 1.0f) return makeError(here + ": \"rate\" must be in [0, 1)");
            break;
        case LayerType::BatchNorm:
            if (!(s = getFloat("epsilon", layer.epsilon))) return s.error();
            if (!(s = getFloat("momentum", layer.momentum))) return s.error();
            if (layer.epsilon <= 0.0f) return makeError(here + ": \"epsilon\" must be > 0");
            break;
        case LayerType::Reshape: {
            if (!params.contains("shape") || !params["shape"].is_array() || params["shape"].empty())
                return makeError(here + ": \"shape\" must be a non-empty list of integers");
            for (const auto& d : params["shape"]) {
                if (!d.is_number_integer() || (d.get<int>() < 1 && d.get<int>() != -1))
                    return makeError(here + ": \"shape\" entries must be positive integers or one -1");
                layer.shape.push_back(d.get<int>());
            }
            break;
        }
        case LayerType::Flatten:
        case LayerType::Softmax: break;
    }
    return layer;
}

nlohmann::json layersToJson(const std::vector<LayerSpec>& layers) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& layer : layers) out.push_back(layerToJson(layer));
    return out;
}

Result<std::vector<LayerSpec>> layersFromJson(const nlohmann::json& json) {
    if (!json.is_array()) return makeError("\"layers\" must be a list of layer objects");
    std::vector<LayerSpec> layers;
    for (size_t i = 0; i < json.size(); ++i) {
        auto layer = layerFromJson(json[i], static_cast<int>(i));
        if (!layer) return layer.error();
        layers.push_back(std::move(*layer));
    }
    return layers;
}

Result<std::vector<std::vector<int>>> inferShapes(const ModelSpec& spec) {
    if (spec.inputShape.empty() || spec.inputShape.size() > 3)
        return makeError("input shape " + shapeToString(spec.inputShape) + " must have 1 to 3 dimensions");
    for (int d : spec.inputShape)
        if (d < 1) return makeError("input shape " + shapeToString(spec.inputShape) + " has a non-positive dimension");
    if (spec.layers.empty()) return makeError("the network has no layers: add at least a dense layer and softmax");

    std::vector<std::vector<int>> shapes;
    std::vector<int> cur = spec.inputShape;
    for (size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const std::string here = where(l, static_cast<int>(i));
        auto needRank = [&](size_t rank, const char* what, const char* hint) -> Status {
            if (cur.size() != rank)
                return makeError(here + " needs a " + what + " input, got " + shapeToString(cur) + hint);
            return {};
        };
        Status s;
        std::vector<int> out;
        switch (l.type) {
            case LayerType::Dense:
                if (!(s = needRank(1, "1-D [features]", ": add a flatten layer before it"))) return s.error();
                out = {l.units};
                break;
            case LayerType::Conv1D:
            case LayerType::AvgPool1D:
            case LayerType::MaxPool1D: {
                if (!(s = needRank(2, "2-D [time, channels]", ": add a reshape layer before it"))) return s.error();
                const int t = outSize(cur[0], l.kernel[1], l.stride[1], l.padding);
                if (t < 1) return makeError(here + ": kernel " + std::to_string(l.kernel[1]) +
                                            " is longer than the input " + shapeToString(cur) + " (use padding \"same\")");
                out = {t, l.type == LayerType::Conv1D ? l.filters : cur[1]};
                break;
            }
            case LayerType::Conv2D:
            case LayerType::DepthwiseConv2D:
            case LayerType::AvgPool2D:
            case LayerType::MaxPool2D: {
                if (!(s = needRank(3, "3-D [height, width, channels]", ": add a reshape layer before it")))
                    return s.error();
                const int h = outSize(cur[0], l.kernel[0], l.stride[0], l.padding);
                const int w = outSize(cur[1], l.kernel[1], l.stride[1], l.padding);
                if (h < 1 || w < 1)
                    return makeError(here + ": kernel " + shapeToString({l.kernel[0], l.kernel[1]}) +
                                     " is larger than the input " + shapeToString(cur) + " (use padding \"same\")");
                int c = cur[2];
                if (l.type == LayerType::Conv2D) c = l.filters;
                if (l.type == LayerType::DepthwiseConv2D) c = cur[2] * l.depthMultiplier;
                out = {h, w, c};
                break;
            }
            case LayerType::Flatten: {
                int n = 1;
                for (int d : cur) n *= d;
                out = {n};
                break;
            }
            case LayerType::Dropout:
            case LayerType::BatchNorm: out = cur; break;
            case LayerType::Reshape: {
                int total = 1, known = 1, unknown = -1;
                for (int d : cur) total *= d;
                out = l.shape;
                if (out.size() > 3) return makeError(here + ": target shape " + shapeToString(out) + " has more than 3 dimensions");
                for (size_t k = 0; k < out.size(); ++k) {
                    if (out[k] == -1) {
                        if (unknown >= 0) return makeError(here + ": only one -1 is allowed in the target shape");
                        unknown = static_cast<int>(k);
                    } else {
                        known *= out[k];
                    }
                }
                if (unknown >= 0) {
                    if (total % known != 0)
                        return makeError(here + ": cannot reshape " + shapeToString(cur) + " to " + shapeToString(out));
                    out[static_cast<size_t>(unknown)] = total / known;
                }
                int product = 1;
                for (int d : out) product *= d;
                if (product != total)
                    return makeError(here + ": cannot reshape " + shapeToString(cur) + " (" + std::to_string(total) +
                                     " values) to " + shapeToString(out));
                break;
            }
            case LayerType::Softmax:
                if (!(s = needRank(1, "1-D [classes]", ": add a flatten and a dense layer before it")))
                    return s.error();
                if (i + 1 != spec.layers.size())
                    return makeError(here + ": softmax must be the last layer");
                out = cur;
                break;
        }
        shapes.push_back(out);
        cur = std::move(out);
    }
    return shapes;
}

}  // namespace mote::nn
