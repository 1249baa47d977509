#include "nn/tflite/writer.h"

#include <fstream>
#include <map>

#include "nn/tflite/tflite_subset_generated.h"

namespace mote::nn {
namespace {

namespace fb = mote::tflite::fb;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

constexpr int32_t kPlaceholderForGreaterOpCodes = 127;

Offset<void> writeOptions(FlatBufferBuilder& b, const Operator& op, fb::BuiltinOptions* type) {
    const OpOptions& o = op.options;
    const auto act = static_cast<fb::ActivationFunctionType>(o.activation);
    const auto pad = static_cast<fb::Padding>(o.padding);
    *type = fb::BuiltinOptions::NONE;
    switch (static_cast<BuiltinOp>(op.builtin)) {
        case BuiltinOp::Conv2D:
            *type = fb::BuiltinOptions::Conv2DOptions;
            return fb::CreateConv2DOptions(b, pad, o.strideW, o.strideH, act, o.dilationW, o.dilationH).Union();
        case BuiltinOp::DepthwiseConv2D:
            *type = fb::BuiltinOptions::DepthwiseConv2DOptions;
            return fb::CreateDepthwiseConv2DOptions(b, pad, o.strideW, o.strideH, o.depthMultiplier, act,
                                                    o.dilationW, o.dilationH)
                .Union();
        case BuiltinOp::AveragePool2D:
        case BuiltinOp::MaxPool2D:
            *type = fb::BuiltinOptions::Pool2DOptions;
            return fb::CreatePool2DOptions(b, pad, o.strideW, o.strideH, o.filterW, o.filterH, act).Union();
        case BuiltinOp::FullyConnected:
            *type = fb::BuiltinOptions::FullyConnectedOptions;
            return fb::CreateFullyConnectedOptions(
                       b, act, static_cast<fb::FullyConnectedOptionsWeightsFormat>(o.weightsFormat), o.keepNumDims)
                .Union();
        case BuiltinOp::Softmax:
            *type = fb::BuiltinOptions::SoftmaxOptions;
            return fb::CreateSoftmaxOptions(b, o.beta).Union();
        case BuiltinOp::Concatenation:
            *type = fb::BuiltinOptions::ConcatenationOptions;
            return fb::CreateConcatenationOptions(b, o.axis, act).Union();
        case BuiltinOp::Add:
            *type = fb::BuiltinOptions::AddOptions;
            return fb::CreateAddOptions(b, act).Union();
        case BuiltinOp::Mul:
            *type = fb::BuiltinOptions::MulOptions;
            return fb::CreateMulOptions(b, act).Union();
        case BuiltinOp::Reshape: {
            *type = fb::BuiltinOptions::ReshapeOptions;
            auto shape = o.newShape.empty() ? 0 : b.CreateVector(o.newShape);
            return fb::CreateReshapeOptions(b, shape).Union();
        }
        case BuiltinOp::Pad:
            *type = fb::BuiltinOptions::PadOptions;
            return fb::CreatePadOptions(b).Union();
        case BuiltinOp::Mean:
            *type = fb::BuiltinOptions::ReducerOptions;
            return fb::CreateReducerOptions(b, o.keepDims).Union();
        case BuiltinOp::Dequantize:
            *type = fb::BuiltinOptions::DequantizeOptions;
            return fb::CreateDequantizeOptions(b).Union();
        case BuiltinOp::Quantize:
            *type = fb::BuiltinOptions::QuantizeOptions;
            return fb::CreateQuantizeOptions(b).Union();
        default:
            return 0;
    }
}

}  // namespace

Result<std::vector<uint8_t>> writeModel(const Model& model) {
    FlatBufferBuilder b(1024 + model.weightsBytes() * 2);

    // Buffers: 0 is the conventional empty buffer; constants and metadata follow.
    std::vector<Offset<fb::Buffer>> buffers;
    buffers.push_back(fb::CreateBuffer(b));
    auto addBuffer = [&](const std::vector<uint8_t>& bytes) {
        b.ForceVectorAlignment(bytes.size(), 1, 16);
        auto vec = b.CreateVector(bytes);
        buffers.push_back(fb::CreateBuffer(b, vec));
        return static_cast<uint32_t>(buffers.size() - 1);
    };

    std::vector<Offset<fb::Tensor>> tensors;
    for (size_t i = 0; i < model.tensors.size(); ++i) {
        const Tensor& t = model.tensors[i];
        if (t.isConstant() && t.data.size() != t.bytes())
            return Error{"cannot write tensor " + std::to_string(i) + " ('" + t.name + "'): " +
                         std::to_string(t.data.size()) + " data bytes for a shape needing " +
                         std::to_string(t.bytes())};
        const uint32_t buffer = t.isConstant() ? addBuffer(t.data) : 0;
        Offset<fb::QuantizationParameters> quant = 0;
        if (t.quant.quantized()) {
            if (t.quant.scales.size() != t.quant.zeroPoints.size())
                return Error{"cannot write tensor " + std::to_string(i) + ": scales and zero points differ in count"};
            quant = fb::CreateQuantizationParameters(b, 0, 0, b.CreateVector(t.quant.scales),
                                                     b.CreateVector(t.quant.zeroPoints),
                                                     fb::QuantizationDetails::NONE, 0,
                                                     t.quant.quantizedDimension);
        }
        tensors.push_back(fb::CreateTensor(b, b.CreateVector(t.shape), static_cast<fb::TensorType>(t.type), buffer,
                                           b.CreateString(t.name), quant, t.isVariable));
    }

    // Operator codes: one per distinct (builtin, custom code, version).
    std::map<std::tuple<int32_t, std::string, int32_t>, uint32_t> codeIndex;
    std::vector<Offset<fb::OperatorCode>> codes;
    std::vector<Offset<fb::Operator>> ops;
    for (size_t i = 0; i < model.operators.size(); ++i) {
        const Operator& op = model.operators[i];
        for (int32_t idx : op.inputs)
            if (idx < -1 || idx >= static_cast<int32_t>(model.tensors.size()))
                return Error{"cannot write operator " + std::to_string(i) + ": input tensor " + std::to_string(idx) + " out of range"};
        for (int32_t idx : op.outputs)
            if (idx < 0 || idx >= static_cast<int32_t>(model.tensors.size()))
                return Error{"cannot write operator " + std::to_string(i) + ": output tensor " + std::to_string(idx) + " out of range"};
        const auto key = std::make_tuple(op.builtin, op.customCode, op.version);
        auto it = codeIndex.find(key);
        if (it == codeIndex.end()) {
            const int8_t deprecated = static_cast<int8_t>(
                op.builtin < kPlaceholderForGreaterOpCodes ? op.builtin : kPlaceholderForGreaterOpCodes);
            auto custom = op.customCode.empty() ? 0 : b.CreateString(op.customCode);
            codes.push_back(fb::CreateOperatorCode(b, deprecated, custom, op.version,
                                                   static_cast<fb::BuiltinOperator>(op.builtin)));
            it = codeIndex.emplace(key, static_cast<uint32_t>(codes.size() - 1)).first;
        }
        fb::BuiltinOptions optionsType;
        auto options = writeOptions(b, op, &optionsType);
        ops.push_back(fb::CreateOperator(b, it->second, b.CreateVector(op.inputs), b.CreateVector(op.outputs),
                                         optionsType, options));
    }

    auto subgraph = fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(model.inputs),
                                       b.CreateVector(model.outputs), b.CreateVector(ops), b.CreateString("main"));

    std::vector<Offset<fb::Metadata>> metadata;
    for (const Metadata& md : model.metadata) {
        const uint32_t buffer = addBuffer(md.data);
        metadata.push_back(fb::CreateMetadata(b, b.CreateString(md.name), buffer));
    }

    auto root = fb::CreateModel(b, 3, b.CreateVector(codes), b.CreateVector(&subgraph, 1),
                                b.CreateString(model.description), b.CreateVector(buffers), 0,
                                b.CreateVector(metadata));
    fb::FinishModelBuffer(b, root);
    return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

Status writeModelFile(const Model& model, const std::string& path) {
    auto bytes = writeModel(model);
    if (!bytes) return bytes.error();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return Error{"cannot write model file '" + path + "'"};
    out.write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
    if (!out) return Error{"failed writing model file '" + path + "' (disk full?)"};
    return {};
}

void stampMoteMetadata(Model& model, const std::string& impulseJson, const std::vector<std::string>& labels) {
    model.description = "Mote Studio " MOTE_VERSION " int8/float TinyML model";
    auto set = [&](const std::string& name, const std::string& text) {
        for (Metadata& md : model.metadata)
            if (md.name == name) {
                md.data.assign(text.begin(), text.end());
                return;
            }
        model.metadata.push_back({name, std::vector<uint8_t>(text.begin(), text.end())});
    };
    std::string labelText;
    for (const std::string& l : labels) labelText += l + "\n";
    set("mote_studio", "Mote Studio " MOTE_VERSION);
    set("mote_impulse", impulseJson);
    set("mote_labels", labelText);
}

}  // namespace mote::nn
