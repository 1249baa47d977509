#pragma once
// In-memory TFLite model (subgraph 0), decoupled from flatbuffers. Produced
// by readModel() (validated: every index, shape, buffer size and
// quantization parameter has been checked) and consumed by the planner, the
// runtime and writeModel(). Plain value type: owns all its bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mote::nn {

// Values are TFLite's TensorType.
enum class DType : int8_t {
    Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, String = 5, Bool = 6,
    Int16 = 7, Complex64 = 8, Int8 = 9, Float64 = 10,
};

// Bytes per element, 0 for types Mote cannot size (string...).
size_t dtypeSize(DType type);
const char* dtypeName(DType type);

struct Quantization {
    std::vector<float> scales;       // empty: not quantized
    std::vector<int64_t> zeroPoints;  // same length as scales
    int32_t quantizedDimension = 0;
    bool quantized() const { return !scales.empty(); }
    float scale() const { return scales.empty() ? 0.0f : scales[0]; }
    int32_t zeroPoint() const { return zeroPoints.empty() ? 0 : static_cast<int32_t>(zeroPoints[0]); }
};

struct Tensor {
    std::string name;
    DType type = DType::Float32;
    std::vector<int32_t> shape;
    Quantization quant;
    std::vector<uint8_t> data;  // constant contents (weights); empty for activations
    bool isVariable = false;

    bool isConstant() const { return !data.empty(); }
    int64_t elements() const;
    size_t bytes() const { return static_cast<size_t>(elements()) * dtypeSize(type); }
};

// Builtin operator codes used by name in Mote (TFLite's values).
enum class BuiltinOp : int32_t {
    Add = 0, AveragePool2D = 1, Concatenation = 2, Conv2D = 3, DepthwiseConv2D = 4,
    Dequantize = 6, FullyConnected = 9, Logistic = 14, MaxPool2D = 17, Mul = 18,
    Reshape = 22, Softmax = 25, Svdf = 27, Tanh = 28, Custom = 32, Pad = 34, Mean = 40,
    UnidirectionalSequenceLstm = 44, Quantize = 114,
};

// TFLite schema name of a builtin code ("BUILTIN_<n>" when unknown to Mote).
std::string builtinName(int32_t code);

// The union of the options of the supported ops (TFLite's field meanings;
// defaults are TFLite's defaults).
struct OpOptions {
    int8_t padding = 0;     // 0 SAME, 1 VALID
    int8_t activation = 0;  // ActivationFunctionType
    int32_t strideW = 1, strideH = 1;
    int32_t dilationW = 1, dilationH = 1;
    int32_t depthMultiplier = 1;
    int32_t filterW = 1, filterH = 1;
    float beta = 1.0f;
    int32_t axis = 0;
    bool keepDims = false;
    bool keepNumDims = false;
    int8_t weightsFormat = 0;
    std::vector<int32_t> newShape;
    uint8_t optionsType = 0;  // BuiltinOptions union type as found in the file
};

struct Operator {
    int32_t builtin = 0;     // BuiltinOp value (any int: unknown ops are kept)
    std::string customCode;  // for CUSTOM
    int32_t version = 1;
    std::vector<int32_t> inputs;   // tensor indices, -1 = optional input absent
    std::vector<int32_t> outputs;
    OpOptions options;
    std::string name() const;
};

struct Metadata {
    std::string name;
    std::vector<uint8_t> data;
};

struct Model {
    uint32_t version = 3;
    std::string description;
    std::vector<Tensor> tensors;
    std::vector<Operator> operators;
    std::vector<int32_t> inputs;
    std::vector<int32_t> outputs;
    std::vector<Metadata> metadata;
    size_t subgraphCount = 1;  // subgraphs beyond 0 are not loaded

    // Total bytes of constant tensors.
    size_t weightsBytes() const;
};

}  // namespace mote::nn
