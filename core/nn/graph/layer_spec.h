#pragma once
// The network architecture as the user edits it: an input shape and a list
// of layers. This is what an impulse stores, what job.json carries to the
// trainer (docs/trainer-contract.md) and what Graph builds from.
//
// Activations are channels-last and exclude the batch dimension:
//   rank 1 [features], rank 2 [time, channels] (NWC), rank 3 [h, w, channels] (NHWC).
// 1-D layers (conv1d, *_pool1d) work on [time, channels]; they are 2-D
// layers with height 1, which is how TFLite represents them.
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"

namespace mote::nn {

enum class LayerType {
    Dense,
    Conv1D,
    Conv2D,
    DepthwiseConv2D,
    AvgPool1D,
    MaxPool1D,
    AvgPool2D,
    MaxPool2D,
    Flatten,
    Dropout,
    BatchNorm,
    Reshape,
    Softmax,
};

enum class Activation { None, Relu, Relu6, Tanh, Sigmoid };
enum class Padding { Valid, Same };  // "same" follows TensorFlow: extra padding goes after

// JSON names: "dense", "conv1d", "conv2d", "depthwise_conv2d", "avg_pool1d",
// "max_pool1d", "avg_pool2d", "max_pool2d", "flatten", "dropout",
// "batch_norm", "reshape", "softmax".
const char* layerTypeName(LayerType type);
Result<LayerType> layerTypeFromName(const std::string& name);
const char* activationName(Activation activation);
const char* paddingName(Padding padding);

struct LayerSpec {
    LayerType type = LayerType::Dense;
    int units = 0;                      // dense
    int filters = 0;                    // conv1d, conv2d
    std::array<int, 2> kernel{1, 1};    // conv/pool [kh, kw]; 1-D layers use kh = 1
    std::array<int, 2> stride{1, 1};    // conv/pool [sh, sw]; pools default stride = kernel
    Padding padding = Padding::Valid;   // conv/pool
    Activation activation = Activation::None;  // dense, conv*
    int depthMultiplier = 1;            // depthwise_conv2d
    float rate = 0.0f;                  // dropout (training only)
    float epsilon = 1e-3f;              // batch_norm
    float momentum = 0.1f;              // batch_norm (torch convention: weight of the new batch)
    std::vector<int> shape;             // reshape target, may hold one -1

    bool operator==(const LayerSpec&) const = default;
};

struct ModelSpec {
    std::vector<int> inputShape;  // per window, no batch dimension
    std::vector<LayerSpec> layers;

    bool operator==(const ModelSpec&) const = default;
};

// JSON form of one layer: {"type": "conv1d", "params": {"filters": 8,
// "kernel_size": 3, "stride": 1, "padding": "same", "activation": "relu"}}.
// 2-D layers take "kernel_size"/"stride"/"pool_size" as [h, w] or one int.
nlohmann::json layerToJson(const LayerSpec& layer);
Result<LayerSpec> layerFromJson(const nlohmann::json& json, int index);

nlohmann::json layersToJson(const std::vector<LayerSpec>& layers);
Result<std::vector<LayerSpec>> layersFromJson(const nlohmann::json& json);

// Output shape of every layer (index i = output of layers[i]), or an error
// naming the first layer that cannot take its input (e.g. "layer 2 (dense)
// needs a 1-D input, got [50, 8]: add a flatten layer before it").
Result<std::vector<std::vector<int>>> inferShapes(const ModelSpec& spec);

std::string shapeToString(const std::vector<int>& shape);  // "[50, 8]"

}  // namespace mote::nn
