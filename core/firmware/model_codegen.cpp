#include "firmware/model_codegen.h"

#include <cstdio>
#include <sstream>

#include "dataset/sha256.h"
#include "firmware/impulse_codegen.h"
#include "nn/plan/plan.h"
#include "nn/runtime/prepare.h"
#include "nn/tflite/reader.h"

namespace mote::firmware {
namespace {

using nn::KernelKind;

std::string cString(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) < 0x20)
            continue;
        out += c;
    }
    return out + "\"";
}

void emitBytes(std::ostringstream& out, const std::string& name, const uint8_t* data, size_t size) {
    out << "alignas(16) const uint8_t " << name << "[" << (size ? size : 1) << "] = {";
    char buf[8];
    for (size_t i = 0; i < size; ++i) {
        if (i % 24 == 0)
            out << "\n    ";
        std::snprintf(buf, sizeof buf, "%u,", data[i]);
        out << buf;
    }
    out << "\n};\n";
}

void emitInts(std::ostringstream& out, const std::string& name, const std::vector<int32_t>& values) {
    out << "const int32_t " << name << "[" << (values.empty() ? 1 : values.size()) << "] = {";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i % 12 == 0)
            out << "\n    ";
        out << values[i] << ",";
    }
    out << "\n};\n";
}

std::string dims(const nn::kernels::Dims4& d) {
    return "k::Dims4{" + std::to_string(d.n) + ", " + std::to_string(d.h) + ", " + std::to_string(d.w) + ", " +
           std::to_string(d.c) + "}";
}

std::string window(const std::string& var, const nn::kernels::Window& w) {
    std::ostringstream s;
    s << "    " << var << ".window.strideH = " << w.strideH << "; " << var << ".window.strideW = " << w.strideW << ";\n"
      << "    " << var << ".window.dilationH = " << w.dilationH << "; " << var << ".window.dilationW = "
      << w.dilationW << ";\n"
      << "    " << var << ".window.padH = " << w.padH << "; " << var << ".window.padW = " << w.padW << ";\n";
    return s.str();
}

}  // namespace

std::string modelHash(const std::vector<uint8_t>& tflite) {
    return dataset::sha256Hex(std::string_view(reinterpret_cast<const char*>(tflite.data()), tflite.size()));
}

Result<GeneratedModel> generateModel(const std::vector<uint8_t>& tflite, const CodegenOptions& options) {
    auto model = nn::readModel(tflite.data(), tflite.size());
    if (!model)
        return model.error();
    if (model->inputs.size() != 1 || model->outputs.size() != 1)
        return makeError("code generation supports models with one input and one output (this one has " +
                         std::to_string(model->inputs.size()) + " and " + std::to_string(model->outputs.size()) + ")");
    auto plan = nn::planModel(*model);
    if (!plan)
        return plan.error();
    auto ops = nn::prepareOps(*model, plan->order);
    if (!ops)
        return ops.error();

    GeneratedModel gen;
    gen.hash = modelHash(tflite);
    gen.arenaBytes = plan->arenaBytes;
    gen.lowerBoundBytes = plan->lowerBoundBytes;
    const auto& inTensor = model->tensors[static_cast<size_t>(model->inputs[0])];
    const auto& outTensor = model->tensors[static_cast<size_t>(model->outputs[0])];
    gen.inputBytes = inTensor.bytes();
    gen.outputBytes = outTensor.bytes();
    if (!options.selfTestInput.empty() && options.selfTestInput.size() != gen.inputBytes)
        return makeError("self-test input has " + std::to_string(options.selfTestInput.size()) +
                         " bytes, the model's input tensor has " + std::to_string(gen.inputBytes));

    std::ostringstream body, data;
    std::vector<bool> constantUsed(model->tensors.size(), false);
    auto tensorPtr = [&](int32_t index, const char* type) -> std::string {
        if (index < 0)
            return "nullptr";
        const auto& t = model->tensors[static_cast<size_t>(index)];
        if (t.isConstant()) {
            constantUsed[static_cast<size_t>(index)] = true;
            return std::string("reinterpret_cast<const ") + type + "*>(mote_model_const_t" + std::to_string(index) + ")";
        }
        const int64_t offset = plan->offsets[static_cast<size_t>(index)];
        return std::string("reinterpret_cast<") + type + "*>(mote_model_arena + " + std::to_string(offset) + ")";
    };
    auto outPtr = [&](const nn::PreparedOp& op, const char* type) { return tensorPtr(op.outputs[0], type); };
    auto in = [&](const nn::PreparedOp& op, size_t i, const char* type) {
        return i < op.inputs.size() ? tensorPtr(op.inputs[i], type) : std::string("nullptr");
    };

    int step = 0;
    for (const auto& op : *ops) {
        const std::string tag = "op" + std::to_string(step);
        gen.ops.push_back(nn::kernelKindName(op.kind));
        gen.macs += op.macs;
        body << "    // " << step << ": " << nn::kernelKindName(op.kind) << " (model op " << op.opIndex << ")\n    {\n";
        auto tables = [&]() {
            emitInts(data, "mote_model_const_" + tag + "_mult", op.multipliers);
            emitInts(data, "mote_model_const_" + tag + "_shift", op.shifts);
            gen.weightsBytes += (op.multipliers.size() + op.shifts.size()) * sizeof(int32_t);
        };
        switch (op.kind) {
        case KernelKind::ConvInt8:
            tables();
            body << "    k::ConvInt8Params p;\n" << window("p", op.conv.window)
                 << "    p.inputOffset = " << op.conv.inputOffset << "; p.outputOffset = " << op.conv.outputOffset
                 << ";\n    p.actMin = " << op.conv.actMin << "; p.actMax = " << op.conv.actMax << ";\n"
                 << "    p.multipliers = mote_model_const_" << tag << "_mult; p.shifts = mote_model_const_" << tag
                 << "_shift;\n"
                 << "    k::convInt8(p, " << dims(op.in) << ", " << in(op, 0, "int8_t") << ", " << dims(op.filter)
                 << ", " << in(op, 1, "int8_t") << ", " << in(op, 2, "int32_t") << ", " << dims(op.out) << ", "
                 << outPtr(op, "int8_t") << ");\n";
            break;
        case KernelKind::DepthwiseInt8:
            tables();
            body << "    k::DepthwiseInt8Params p;\n" << window("p", op.dw.window)
                 << "    p.depthMultiplier = " << op.dw.depthMultiplier << ";\n"
                 << "    p.inputOffset = " << op.dw.inputOffset << "; p.outputOffset = " << op.dw.outputOffset
                 << ";\n    p.actMin = " << op.dw.actMin << "; p.actMax = " << op.dw.actMax << ";\n"
                 << "    p.multipliers = mote_model_const_" << tag << "_mult; p.shifts = mote_model_const_" << tag
                 << "_shift;\n"
                 << "    k::depthwiseConvInt8(p, " << dims(op.in) << ", " << in(op, 0, "int8_t") << ", "
                 << dims(op.filter) << ", " << in(op, 1, "int8_t") << ", " << in(op, 2, "int32_t") << ", "
                 << dims(op.out) << ", " << outPtr(op, "int8_t") << ");\n";
            break;
        case KernelKind::FullyConnectedInt8:
            tables();
            body << "    k::FullyConnectedInt8Params p;\n"
                 << "    p.inputOffset = " << op.fc.inputOffset << "; p.filterOffset = " << op.fc.filterOffset
                 << "; p.outputOffset = " << op.fc.outputOffset << ";\n"
                 << "    p.actMin = " << op.fc.actMin << "; p.actMax = " << op.fc.actMax << ";\n"
                 << "    p.perChannel = " << (op.fc.perChannel ? "true" : "false") << ";\n"
                 << "    p.multipliers = mote_model_const_" << tag << "_mult; p.shifts = mote_model_const_" << tag
                 << "_shift;\n"
                 << "    k::fullyConnectedInt8(p, " << op.batches << ", " << op.depth << ", " << op.units << ", "
                 << in(op, 0, "int8_t") << ", " << in(op, 1, "int8_t") << ", " << in(op, 2, "int32_t") << ", "
                 << outPtr(op, "int8_t") << ");\n";
            break;
        case KernelKind::AveragePoolInt8:
        case KernelKind::MaxPoolInt8:
            body << "    k::PoolParams p;\n" << window("p", op.pool.window)
                 << "    p.filterH = " << op.pool.filterH << "; p.filterW = " << op.pool.filterW << ";\n"
                 << "    p.actMinInt = " << op.pool.actMinInt << "; p.actMaxInt = " << op.pool.actMaxInt << ";\n"
                 << "    k::" << (op.kind == KernelKind::AveragePoolInt8 ? "averagePoolInt8" : "maxPoolInt8") << "(p, "
                 << dims(op.in) << ", " << in(op, 0, "int8_t") << ", " << dims(op.out) << ", " << outPtr(op, "int8_t")
                 << ");\n";
            break;
        case KernelKind::SoftmaxInt8:
            body << "    k::SoftmaxInt8Params p;\n"
                 << "    p.inputMultiplier = " << op.softmax.inputMultiplier << "; p.inputLeftShift = "
                 << op.softmax.inputLeftShift << "; p.diffMin = " << op.softmax.diffMin << ";\n"
                 << "    k::softmaxInt8(p, " << op.batches << ", " << op.depth << ", " << in(op, 0, "int8_t") << ", "
                 << outPtr(op, "int8_t") << ");\n";
            break;
        case KernelKind::Copy: {
            const size_t n = model->tensors[static_cast<size_t>(op.outputs[0])].bytes();
            const std::string src = in(op, 0, "uint8_t");
            const std::string dst = outPtr(op, "uint8_t");
            if (src != dst)
                body << "    std::memmove(" << dst << ", " << src << ", " << n << ");\n";
            break;
        }
        default:
            return makeError(std::string("code generation does not support ") + nn::kernelKindName(op.kind) +
                             " (model operator " + std::to_string(op.opIndex) +
                             ") yet; supported: int8 CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE_POOL_2D, "
                             "MAX_POOL_2D, SOFTMAX, RESHAPE");
        }
        body << "    }\n";
        ++step;
    }

    std::ostringstream consts;
    for (size_t i = 0; i < model->tensors.size(); ++i) {
        if (!constantUsed[i])
            continue;
        const auto& t = model->tensors[i];
        emitBytes(consts, "mote_model_const_t" + std::to_string(i), t.data.data(), t.data.size());
        gen.weightsBytes += t.data.size();
    }

    const std::string stamp = "Generated by " + (options.generator.empty() ? std::string("mote") : options.generator) +
                              " from model '" + options.modelId + "' (sha256 " + gen.hash +
                              "). Do not edit: regenerate from the studio.";
    // Labels and impulse: the options, else Mote's metadata in the model.
    std::vector<std::string> labels = options.labels;
    std::string impulseJson = options.impulseJson;
    for (const auto& m : model->metadata) {
        const std::string text(m.data.begin(), m.data.end());
        if (m.name == "mote_labels" && labels.empty()) {
            std::istringstream lines(text);
            for (std::string line; std::getline(lines, line);)
                if (!line.empty())
                    labels.push_back(line);
        } else if (m.name == "mote_impulse" && impulseJson.empty()) {
            impulseJson = text;
        }
    }
    gen.labels = labels;
    GeneratedImpulse impulse;
    if (!impulseJson.empty() && inTensor.type == nn::DType::Int8 && outTensor.type == nn::DType::Int8) {
        ImpulseCodegenInput input;
        input.impulse = nlohmann::json::parse(impulseJson, nullptr, false);
        input.modelInputElements = static_cast<uint32_t>(inTensor.elements());
        input.inputScale = inTensor.quant.scale();
        input.inputZeroPoint = inTensor.quant.zeroPoint();
        input.outputScale = outTensor.quant.scale();
        input.outputZeroPoint = outTensor.quant.zeroPoint();
        input.labelCount = static_cast<uint32_t>(labels.size() ? labels.size() : outTensor.elements());
        auto generated = generateImpulse(input);
        if (!generated)
            return generated.error();
        impulse = *generated;
        gen.hasImpulse = true;
        gen.impulseBufferBytes = impulse.bufferBytes;
    }

    std::ostringstream h;
    h << "#pragma once\n// " << stamp << "\n"
      << "// Direct kernel calls over one static arena; not reentrant, call from one thread.\n"
      << "#include <cstddef>\n#include <cstdint>\n\n"
      << "constexpr size_t kMoteModelArenaBytes = " << gen.arenaBytes << ";\n"
      << "constexpr size_t kMoteModelInputBytes = " << gen.inputBytes << ";\n"
      << "constexpr size_t kMoteModelOutputBytes = " << gen.outputBytes << ";\n"
      << "constexpr int kMoteModelLabelCount = " << labels.size() << ";\n"
      << "constexpr long long kMoteModelMacs = " << gen.macs << ";\n"
      << "extern const char* const kMoteModelId;\n"
      << "extern const char* const kMoteModelHash;\n"
      << "extern const char* const kMoteModelLabels[];\n"
      << "extern const bool kMoteModelHasSelfTest;\n"
      << "extern const uint8_t mote_model_selftest_input[];\n"
      << "// The input tensor (write kMoteModelInputBytes) and output tensor, inside the arena.\n"
      << "uint8_t* mote_model_input();\n"
      << "const uint8_t* mote_model_output();\n"
      << "void mote_model_invoke();\n"
      << impulse.header;
    gen.header = h.str();

    std::ostringstream s;
    s << "// " << stamp << "\n"
      << "// Ops: " << ops->size() << ", MACs: " << gen.macs << ", arena: " << gen.arenaBytes
      << " B (liveness lower bound " << gen.lowerBoundBytes << " B).\n"
      << "#include \"mote_model.h\"\n\n#include <cstring>\n\n"
      << "#include \"nn/kernels/conv.h\"\n#include \"nn/kernels/depthwise_conv.h\"\n"
      << "#include \"nn/kernels/fully_connected.h\"\n#include \"nn/kernels/pooling.h\"\n"
      << "#include \"nn/kernels/softmax.h\"\n\n"
      << "namespace k = mote::nn::kernels;\n\n"
      << "alignas(16) uint8_t mote_model_arena[" << (gen.arenaBytes ? gen.arenaBytes : 1) << "];\n\n"
      << "const char* const kMoteModelId = " << cString(options.modelId) << ";\n"
      << "const char* const kMoteModelHash = " << cString(gen.hash) << ";\n"
      << "const char* const kMoteModelLabels[] = {";
    for (const auto& label : labels)
        s << cString(label) << ", ";
    s << "nullptr};\n"
      << "const bool kMoteModelHasSelfTest = " << (options.selfTestInput.empty() ? "false" : "true") << ";\n";
    emitBytes(s, "mote_model_selftest_input", options.selfTestInput.data(), options.selfTestInput.size());
    s << "\nnamespace {\n" << consts.str() << data.str() << "}  // namespace\n\n"
      << "uint8_t* mote_model_input() { return mote_model_arena + "
      << plan->offsets[static_cast<size_t>(model->inputs[0])] << "; }\n"
      << "const uint8_t* mote_model_output() { return mote_model_arena + "
      << plan->offsets[static_cast<size_t>(model->outputs[0])] << "; }\n\n"
      << "void mote_model_invoke() {\n" << body.str() << "}\n"
      << impulse.source;
    gen.source = s.str();
    return gen;
}

}  // namespace mote::firmware
