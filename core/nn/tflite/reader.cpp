#include "nn/tflite/reader.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <vector>

#include "nn/tflite/tflite_subset_generated.h"

namespace mote::nn {
namespace {

namespace fb = mote::tflite::fb;

Error fail(const std::string& what) { return Error{"invalid .tflite model: " + what}; }

std::string tensorLabel(size_t index, const fb::Tensor* t) {
    std::string s = "tensor " + std::to_string(index);
    if (t && t->name() && t->name()->size() > 0) s += " ('" + t->name()->str() + "')";
    return s;
}

Result<std::vector<uint8_t>> bufferBytes(const fb::Buffer* b, const uint8_t* file, size_t fileSize,
                                         size_t index) {
    std::vector<uint8_t> out;
    if (!b) return out;
    if (b->offset() > 1) {
        // Large models keep buffers after the flatbuffer, at absolute offsets.
        const uint64_t off = b->offset();
        const uint64_t size = b->size();
        if (off > fileSize || size > fileSize - off)
            return fail("buffer " + std::to_string(index) + " points past the end of the file (offset " +
                        std::to_string(off) + ", size " + std::to_string(size) + ", file " +
                        std::to_string(fileSize) + " bytes)");
        out.assign(file + off, file + off + size);
        return out;
    }
    if (b->data()) out.assign(b->data()->begin(), b->data()->end());
    return out;
}

Status readQuantization(const fb::QuantizationParameters* q, const Tensor& t, size_t index,
                        const fb::Tensor* ft, Quantization* out) {
    if (!q) return {};
    const size_t ns = q->scale() ? q->scale()->size() : 0;
    const size_t nz = q->zero_point() ? q->zero_point()->size() : 0;
    if (ns == 0 && nz == 0) return {};
    if (ns != nz)
        return fail(tensorLabel(index, ft) + " has " + std::to_string(ns) + " scales but " +
                    std::to_string(nz) + " zero points");
    if (q->details_type() != fb::QuantizationDetails::NONE)
        return fail(tensorLabel(index, ft) + " uses custom quantization, which Mote does not support");
    for (size_t i = 0; i < ns; ++i) {
        const float s = q->scale()->Get(static_cast<flatbuffers::uoffset_t>(i));
        if (!std::isfinite(s) || s < 0.0f)
            return fail(tensorLabel(index, ft) + " has an invalid quantization scale (" + std::to_string(s) + ")");
        const int64_t zp = q->zero_point()->Get(static_cast<flatbuffers::uoffset_t>(i));
        int64_t lo = INT32_MIN, hi = INT32_MAX;
        if (t.type == DType::Int8) lo = -128, hi = 127;
        if (t.type == DType::UInt8) lo = 0, hi = 255;
        if (t.type == DType::Int16) lo = -32768, hi = 32767;
        if (zp < lo || zp > hi)
            return fail(tensorLabel(index, ft) + " has zero point " + std::to_string(zp) +
                        " outside the range of " + dtypeName(t.type));
        out->scales.push_back(s);
        out->zeroPoints.push_back(zp);
    }
    out->quantizedDimension = q->quantized_dimension();
    if (ns > 1) {
        int32_t qd = out->quantizedDimension;
        // Real converters emit per-channel biases (rank 1) that keep the
        // weights' quantized_dimension (e.g. 3); the only sane reading is 0.
        if (t.shape.size() == 1 && (qd < 0 || qd >= 1) && t.shape[0] == static_cast<int32_t>(ns))
            qd = out->quantizedDimension = 0;
        if (qd < 0 || qd >= static_cast<int32_t>(t.shape.size()))
            return fail(tensorLabel(index, ft) + " has quantized_dimension " + std::to_string(qd) +
                        " outside its rank " + std::to_string(t.shape.size()));
        if (t.shape[static_cast<size_t>(qd)] != static_cast<int32_t>(ns))
            return fail(tensorLabel(index, ft) + " has " + std::to_string(ns) +
                        " per-channel scales but dimension " + std::to_string(qd) + " is " +
                        std::to_string(t.shape[static_cast<size_t>(qd)]));
    }
    return {};
}

Status readOptions(const fb::Operator* op, int32_t builtin, size_t index, Operator* out) {
    OpOptions& o = out->options;
    o.optionsType = static_cast<uint8_t>(op->builtin_options_type());
    auto wrongType = [&](const char* expected) {
        return fail("operator " + std::to_string(index) + " (" + builtinName(builtin) +
                    ") carries options of union type " + std::to_string(o.optionsType) +
                    ", expected " + expected);
    };
    auto absentOr = [&](fb::BuiltinOptions expected) {
        const auto t = op->builtin_options_type();
        return t == fb::BuiltinOptions::NONE || t == expected;
    };
    switch (static_cast<BuiltinOp>(builtin)) {
        case BuiltinOp::Conv2D: {
            if (!absentOr(fb::BuiltinOptions::Conv2DOptions)) return wrongType("Conv2DOptions");
            if (const auto* c = op->builtin_options_as_Conv2DOptions()) {
                o.padding = static_cast<int8_t>(c->padding());
                o.strideW = c->stride_w();
                o.strideH = c->stride_h();
                o.activation = static_cast<int8_t>(c->fused_activation_function());
                o.dilationW = c->dilation_w_factor();
                o.dilationH = c->dilation_h_factor();
            }
            break;
        }
        case BuiltinOp::DepthwiseConv2D: {
            if (!absentOr(fb::BuiltinOptions::DepthwiseConv2DOptions))
                return wrongType("DepthwiseConv2DOptions");
            if (const auto* c = op->builtin_options_as_DepthwiseConv2DOptions()) {
                o.padding = static_cast<int8_t>(c->padding());
                o.strideW = c->stride_w();
                o.strideH = c->stride_h();
                o.depthMultiplier = c->depth_multiplier();
                o.activation = static_cast<int8_t>(c->fused_activation_function());
                o.dilationW = c->dilation_w_factor();
                o.dilationH = c->dilation_h_factor();
            }
            break;
        }
        case BuiltinOp::AveragePool2D:
        case BuiltinOp::MaxPool2D: {
            if (!absentOr(fb::BuiltinOptions::Pool2DOptions)) return wrongType("Pool2DOptions");
            if (const auto* c = op->builtin_options_as_Pool2DOptions()) {
                o.padding = static_cast<int8_t>(c->padding());
                o.strideW = c->stride_w();
                o.strideH = c->stride_h();
                o.filterW = c->filter_width();
                o.filterH = c->filter_height();
                o.activation = static_cast<int8_t>(c->fused_activation_function());
            }
            break;
        }
        case BuiltinOp::FullyConnected: {
            if (!absentOr(fb::BuiltinOptions::FullyConnectedOptions))
                return wrongType("FullyConnectedOptions");
            if (const auto* c = op->builtin_options_as_FullyConnectedOptions()) {
                o.activation = static_cast<int8_t>(c->fused_activation_function());
                o.weightsFormat = static_cast<int8_t>(c->weights_format());
                o.keepNumDims = c->keep_num_dims();
            }
            break;
        }
        case BuiltinOp::Softmax: {
            if (!absentOr(fb::BuiltinOptions::SoftmaxOptions)) return wrongType("SoftmaxOptions");
            if (const auto* c = op->builtin_options_as_SoftmaxOptions()) o.beta = c->beta();
            break;
        }
        case BuiltinOp::Concatenation: {
            if (!absentOr(fb::BuiltinOptions::ConcatenationOptions))
                return wrongType("ConcatenationOptions");
            if (const auto* c = op->builtin_options_as_ConcatenationOptions()) {
                o.axis = c->axis();
                o.activation = static_cast<int8_t>(c->fused_activation_function());
            }
            break;
        }
        case BuiltinOp::Add: {
            if (!absentOr(fb::BuiltinOptions::AddOptions)) return wrongType("AddOptions");
            if (const auto* c = op->builtin_options_as_AddOptions())
                o.activation = static_cast<int8_t>(c->fused_activation_function());
            break;
        }
        case BuiltinOp::Mul: {
            if (!absentOr(fb::BuiltinOptions::MulOptions)) return wrongType("MulOptions");
            if (const auto* c = op->builtin_options_as_MulOptions())
                o.activation = static_cast<int8_t>(c->fused_activation_function());
            break;
        }
        case BuiltinOp::Reshape: {
            if (!absentOr(fb::BuiltinOptions::ReshapeOptions)) return wrongType("ReshapeOptions");
            if (const auto* c = op->builtin_options_as_ReshapeOptions())
                if (c->new_shape()) o.newShape.assign(c->new_shape()->begin(), c->new_shape()->end());
            break;
        }
        case BuiltinOp::Mean: {
            if (!absentOr(fb::BuiltinOptions::ReducerOptions)) return wrongType("ReducerOptions");
            if (const auto* c = op->builtin_options_as_ReducerOptions()) o.keepDims = c->keep_dims();
            break;
        }
        default:
            break;  // options of ops Mote does not run are not interpreted
    }
    return {};
}

}  // namespace

Result<Model> readModel(const uint8_t* data, size_t size) {
    if (!data || size < 8)
        return fail("file is too small to be a TFLite model (" + std::to_string(size) + " bytes)");
    if (!fb::ModelBufferHasIdentifier(data)) {
        std::string id(reinterpret_cast<const char*>(data) + 4, 4);
        for (char& c : id)
            if (c < 32 || c > 126) c = '?';
        return fail("file identifier is '" + id + "', expected 'TFL3' (not a TFLite flatbuffer)");
    }
    flatbuffers::Verifier verifier(data, size);
    if (!fb::VerifyModelBuffer(verifier))
        return fail("the flatbuffer failed verification (truncated or corrupt file)");
    const fb::Model* m = fb::GetModel(data);

    Model model;
    model.version = m->version();
    if (model.version != 3)
        return fail("schema version " + std::to_string(model.version) + ", Mote reads version 3");
    if (m->description()) model.description = m->description()->str();
    if (!m->subgraphs() || m->subgraphs()->size() == 0) return fail("the model has no subgraph");
    model.subgraphCount = m->subgraphs()->size();
    const fb::SubGraph* sg = m->subgraphs()->Get(0);
    const size_t numBuffers = m->buffers() ? m->buffers()->size() : 0;

    if (m->metadata()) {
        for (flatbuffers::uoffset_t i = 0; i < m->metadata()->size(); ++i) {
            const fb::Metadata* md = m->metadata()->Get(i);
            if (md->buffer() >= numBuffers)
                return fail("metadata " + std::to_string(i) + " points at buffer " +
                            std::to_string(md->buffer()) + " but there are " + std::to_string(numBuffers));
            auto bytes = bufferBytes(m->buffers()->Get(md->buffer()), data, size, md->buffer());
            if (!bytes) return bytes.error();
            model.metadata.push_back({md->name() ? md->name()->str() : "", std::move(*bytes)});
        }
    }

    // Tensors.
    const size_t numTensors = sg->tensors() ? sg->tensors()->size() : 0;
    for (size_t i = 0; i < numTensors; ++i) {
        const fb::Tensor* ft = sg->tensors()->Get(static_cast<flatbuffers::uoffset_t>(i));
        Tensor t;
        if (ft->name()) t.name = ft->name()->str();
        t.type = static_cast<DType>(ft->type());
        if (dtypeSize(t.type) == 0)
            return fail(tensorLabel(i, ft) + " has tensor type " + std::to_string(static_cast<int>(ft->type())) +
                        ", which Mote does not support");
        if (ft->sparsity()) return fail(tensorLabel(i, ft) + " is sparse, which Mote does not support");
        if (ft->shape()) {
            if (ft->shape()->size() > static_cast<size_t>(kMaxTensorRank))
                return fail(tensorLabel(i, ft) + " has rank " + std::to_string(ft->shape()->size()) +
                            " (at most " + std::to_string(kMaxTensorRank) + ")");
            uint64_t bytes = dtypeSize(t.type);
            for (int32_t d : *ft->shape()) {
                if (d < 0)
                    return fail(tensorLabel(i, ft) + " has a negative dimension (" + std::to_string(d) +
                                "); dynamic shapes are not supported");
                bytes *= static_cast<uint64_t>(d);
                if (bytes > kMaxTensorBytes)
                    return fail(tensorLabel(i, ft) + " has an absurd shape (more than " +
                                std::to_string(kMaxTensorBytes) + " bytes)");
                t.shape.push_back(d);
            }
        }
        t.isVariable = ft->is_variable();
        if (ft->buffer() >= numBuffers)
            return fail(tensorLabel(i, ft) + " points at buffer " + std::to_string(ft->buffer()) +
                        " but the model has " + std::to_string(numBuffers) + " buffers");
        auto bytes = bufferBytes(m->buffers()->Get(ft->buffer()), data, size, ft->buffer());
        if (!bytes) return bytes.error();
        if (!bytes->empty() && bytes->size() != t.bytes())
            return fail(tensorLabel(i, ft) + " needs " + std::to_string(t.bytes()) + " bytes but its buffer " +
                        std::to_string(ft->buffer()) + " holds " + std::to_string(bytes->size()));
        t.data = std::move(*bytes);
        if (auto st = readQuantization(ft->quantization(), t, i, ft, &t.quant); !st) return st.error();
        model.tensors.push_back(std::move(t));
    }

    auto checkTensorList = [&](const flatbuffers::Vector<int32_t>* list, const std::string& what,
                               bool allowOptional, std::vector<int32_t>* out) -> Status {
        if (!list) return {};
        for (int32_t idx : *list) {
            if (idx == -1 && allowOptional) {
                out->push_back(-1);
                continue;
            }
            if (idx < 0 || static_cast<size_t>(idx) >= numTensors)
                return fail(what + " refers to tensor " + std::to_string(idx) + " but there are " +
                            std::to_string(numTensors) + " tensors");
            out->push_back(idx);
        }
        return {};
    };
    if (auto st = checkTensorList(sg->inputs(), "the subgraph input list", false, &model.inputs); !st)
        return st.error();
    if (auto st = checkTensorList(sg->outputs(), "the subgraph output list", false, &model.outputs); !st)
        return st.error();
    if (model.outputs.empty()) return fail("the subgraph has no outputs");

    // Operators.
    const size_t numCodes = m->operator_codes() ? m->operator_codes()->size() : 0;
    const size_t numOps = sg->operators() ? sg->operators()->size() : 0;
    std::vector<int> producer(numTensors, -1);
    for (size_t i = 0; i < numOps; ++i) {
        const fb::Operator* fop = sg->operators()->Get(static_cast<flatbuffers::uoffset_t>(i));
        if (fop->opcode_index() >= numCodes)
            return fail("operator " + std::to_string(i) + " uses opcode " + std::to_string(fop->opcode_index()) +
                        " but the model has " + std::to_string(numCodes) + " operator codes");
        const fb::OperatorCode* code = m->operator_codes()->Get(fop->opcode_index());
        Operator op;
        // The newer 32-bit field wins; old files only fill the 8-bit one.
        const int32_t deprecated = code->deprecated_builtin_code();
        const int32_t current = static_cast<int32_t>(code->builtin_code());
        op.builtin = current > deprecated ? current : deprecated;
        if (code->custom_code()) op.customCode = code->custom_code()->str();
        op.version = code->version();
        const std::string label = "operator " + std::to_string(i) + " (" + op.name() + ")";
        if (auto st = checkTensorList(fop->inputs(), label + " input", true, &op.inputs); !st) return st.error();
        if (auto st = checkTensorList(fop->outputs(), label + " output", false, &op.outputs); !st)
            return st.error();
        for (int32_t o : op.outputs) {
            if (producer[static_cast<size_t>(o)] >= 0)
                return fail("tensor " + std::to_string(o) + " is written by both operator " +
                            std::to_string(producer[static_cast<size_t>(o)]) + " and operator " + std::to_string(i));
            if (model.tensors[static_cast<size_t>(o)].isConstant())
                return fail(label + " writes tensor " + std::to_string(o) + ", which holds constant data");
            producer[static_cast<size_t>(o)] = static_cast<int>(i);
        }
        if (auto st = readOptions(fop, op.builtin, i, &op); !st) return st.error();
        model.operators.push_back(std::move(op));
    }
    return model;
}

Result<Model> readModelFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot open model file '" + path + "'"};
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto model = readModel(bytes.data(), bytes.size());
    if (!model) return Error{path + ": " + model.message()};
    return model;
}

}  // namespace mote::nn
