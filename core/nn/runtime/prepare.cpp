#include "nn/runtime/prepare.h"

#include <cmath>
#include <set>

#include "nn/kernels/quant_util.h"

namespace mote::nn {
namespace k = kernels;

const char* kernelKindName(KernelKind kind) {
    switch (kind) {
        case KernelKind::ConvInt8: return "conv_int8";
        case KernelKind::ConvFloat: return "conv_float";
        case KernelKind::DepthwiseInt8: return "depthwise_int8";
        case KernelKind::DepthwiseFloat: return "depthwise_float";
        case KernelKind::FullyConnectedInt8: return "fully_connected_int8";
        case KernelKind::FullyConnectedFloat: return "fully_connected_float";
        case KernelKind::AveragePoolInt8: return "average_pool_int8";
        case KernelKind::AveragePoolFloat: return "average_pool_float";
        case KernelKind::MaxPoolInt8: return "max_pool_int8";
        case KernelKind::MaxPoolFloat: return "max_pool_float";
        case KernelKind::SoftmaxInt8: return "softmax_int8";
        case KernelKind::SoftmaxFloat: return "softmax_float";
        case KernelKind::LogisticInt8: return "logistic_int8";
        case KernelKind::LogisticFloat: return "logistic_float";
        case KernelKind::TanhInt8: return "tanh_int8";
        case KernelKind::TanhFloat: return "tanh_float";
        case KernelKind::AddInt8: return "add_int8";
        case KernelKind::AddFloat: return "add_float";
        case KernelKind::MulInt8: return "mul_int8";
        case KernelKind::MulFloat: return "mul_float";
        case KernelKind::Copy: return "copy";
        case KernelKind::Pad: return "pad";
        case KernelKind::Concatenation: return "concatenation";
        case KernelKind::MeanInt8: return "mean_int8";
        case KernelKind::MeanFloat: return "mean_float";
        case KernelKind::QuantizeFloatToInt8: return "quantize_float_to_int8";
        case KernelKind::RequantizeInt8: return "requantize_int8";
        case KernelKind::DequantizeInt8: return "dequantize_int8";
    }
    return "unknown";
}

bool isSupportedBuiltin(int32_t builtin) {
    switch (static_cast<BuiltinOp>(builtin)) {
        case BuiltinOp::Add: case BuiltinOp::AveragePool2D: case BuiltinOp::Concatenation:
        case BuiltinOp::Conv2D: case BuiltinOp::DepthwiseConv2D: case BuiltinOp::Dequantize:
        case BuiltinOp::FullyConnected: case BuiltinOp::Logistic: case BuiltinOp::MaxPool2D:
        case BuiltinOp::Mul: case BuiltinOp::Reshape: case BuiltinOp::Softmax: case BuiltinOp::Tanh:
        case BuiltinOp::Pad: case BuiltinOp::Mean: case BuiltinOp::Quantize:
            return true;
        default:
            return false;
    }
}

std::vector<std::string> unsupportedOps(const Model& model) {
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const Operator& op : model.operators)
        if (!isSupportedBuiltin(op.builtin) && seen.insert(op.name()).second) names.push_back(op.name());
    return names;
}

namespace {

struct Ctx {
    const Model& model;
    const Operator& op;
    int index;
    std::string label() const { return "operator " + std::to_string(index) + " (" + op.name() + ")"; }
    Error fail(const std::string& what) const { return Error{label() + ": " + what}; }
    const Tensor* input(size_t i) const {
        if (i >= op.inputs.size() || op.inputs[i] < 0) return nullptr;
        return &model.tensors[static_cast<size_t>(op.inputs[i])];
    }
    const Tensor* output(size_t i) const {
        if (i >= op.outputs.size()) return nullptr;
        return &model.tensors[static_cast<size_t>(op.outputs[i])];
    }
};

bool is4d(const Tensor* t) { return t && t->shape.size() == 4; }
k::Dims4 dims4(const Tensor& t) { return {t.shape[0], t.shape[1], t.shape[2], t.shape[3]}; }

// int8 tensors need per-tensor quantization to be usable by the kernels.
bool perTensorInt8(const Tensor* t) {
    return t && t->type == DType::Int8 && t->quant.quantized() && t->quant.scale() > 0.0f;
}

Status checkActivation(const Ctx& c) {
    const int a = c.op.options.activation;
    if (a < 0 || a > 3) return c.fail("fused activation " + std::to_string(a) + " is not supported");
    return {};
}

void int8Clamp(const Ctx& c, const Tensor& out, int32_t* lo, int32_t* hi) {
    k::activationRangeQuantized(static_cast<k::Activation>(c.op.options.activation), out.quant.scale(),
                                out.quant.zeroPoint(), -128, 127, lo, hi);
}

Status perChannelMultipliers(const Ctx& c, const Tensor& in, const Tensor& filter, const Tensor& out,
                             int32_t channels, PreparedOp* p) {
    const size_t n = filter.quant.scales.size();
    if (n != 1 && n != static_cast<size_t>(channels))
        return c.fail("weights have " + std::to_string(n) + " scales for " + std::to_string(channels) + " output channels");
    for (int64_t zp : filter.quant.zeroPoints)
        if (zp != 0) return c.fail("int8 weights must be symmetric (zero point 0)");
    p->multipliers.resize(static_cast<size_t>(channels));
    p->shifts.resize(static_cast<size_t>(channels));
    for (int32_t ch = 0; ch < channels; ++ch) {
        const double fs = static_cast<double>(filter.quant.scales[n == 1 ? 0 : static_cast<size_t>(ch)]);
        const double eff = static_cast<double>(in.quant.scale()) * fs / static_cast<double>(out.quant.scale());
        int shift = 0;
        k::quantizeMultiplier(eff, &p->multipliers[static_cast<size_t>(ch)], &shift);
        p->shifts[static_cast<size_t>(ch)] = shift;
    }
    return {};
}

Status checkBias(const Ctx& c, const Tensor* bias, DType type, int32_t channels) {
    if (!bias) return {};
    if (bias->type != type)
        return c.fail(std::string("bias must be ") + dtypeName(type) + ", found " + dtypeName(bias->type));
    if (bias->elements() != channels)
        return c.fail("bias has " + std::to_string(bias->elements()) + " values for " + std::to_string(channels) + " channels");
    if (!bias->isConstant()) return c.fail("bias must be a constant tensor");
    return {};
}

Result<PreparedOp> prepareConvLike(const Ctx& c, PreparedOp p, bool depthwise) {
    const Tensor* in = c.input(0);
    const Tensor* f = c.input(1);
    const Tensor* bias = c.input(2);
    const Tensor* out = c.output(0);
    if (!is4d(in) || !is4d(f) || !is4d(out)) return c.fail("input, weights and output must be 4-D");
    if (!f->isConstant()) return c.fail("weights must be constant");
    if (auto st = checkActivation(c); !st) return st.error();
    const OpOptions& o = c.op.options;
    if (o.strideW < 1 || o.strideH < 1 || o.dilationW < 1 || o.dilationH < 1)
        return c.fail("stride and dilation must be >= 1");
    p.in = dims4(*in);
    p.filter = dims4(*f);
    p.out = dims4(*out);
    const int32_t outC = p.out.c;
    if (depthwise) {
        if (p.filter.n != 1) return c.fail("depthwise weights must be [1, KH, KW, C]");
        if (o.depthMultiplier < 1) return c.fail("depth multiplier must be >= 1");
        if (p.in.c * o.depthMultiplier != outC || p.filter.c != outC)
            return c.fail("channels do not match: input " + std::to_string(p.in.c) + " x multiplier " +
                          std::to_string(o.depthMultiplier) + " != output " + std::to_string(outC));
    } else {
        if (p.filter.n != outC) return c.fail("weights have " + std::to_string(p.filter.n) + " filters for " + std::to_string(outC) + " output channels");
        if (p.filter.c != p.in.c) return c.fail("grouped convolution (weights depth " + std::to_string(p.filter.c) + " != input channels " + std::to_string(p.in.c) + ") is not supported");
    }
    if (p.in.n != p.out.n) return c.fail("batch sizes of input and output differ");
    const auto pad = static_cast<k::Padding>(o.padding);
    const int32_t oh = k::computeOutSize(pad, p.in.h, p.filter.h, o.strideH, o.dilationH);
    const int32_t ow = k::computeOutSize(pad, p.in.w, p.filter.w, o.strideW, o.dilationW);
    if (oh != p.out.h || ow != p.out.w)
        return c.fail("output is " + std::to_string(p.out.h) + "x" + std::to_string(p.out.w) + " but the geometry gives " +
                      std::to_string(oh) + "x" + std::to_string(ow));
    k::Window w;
    w.strideH = o.strideH;
    w.strideW = o.strideW;
    w.dilationH = o.dilationH;
    w.dilationW = o.dilationW;
    w.padH = k::computePadding(o.strideH, o.dilationH, p.in.h, p.filter.h, oh);
    w.padW = k::computePadding(o.strideW, o.dilationW, p.in.w, p.filter.w, ow);
    p.macs = static_cast<int64_t>(p.out.elements()) * p.filter.h * p.filter.w * (depthwise ? 1 : p.in.c);

    if (in->type == DType::Float32 && f->type == DType::Float32 && out->type == DType::Float32) {
        if (auto st = checkBias(c, bias, DType::Float32, outC); !st) return st.error();
        float lo, hi;
        k::activationRangeFloat(static_cast<k::Activation>(o.activation), &lo, &hi);
        if (depthwise) {
            p.kind = KernelKind::DepthwiseFloat;
            p.dwF = {w, o.depthMultiplier, lo, hi};
        } else {
            p.kind = KernelKind::ConvFloat;
            p.convF = {w, lo, hi};
        }
        return p;
    }
    if (perTensorInt8(in) && f->type == DType::Int8 && f->quant.quantized() && perTensorInt8(out)) {
        if (auto st = checkBias(c, bias, DType::Int32, outC); !st) return st.error();
        if (auto st = perChannelMultipliers(c, *in, *f, *out, outC, &p); !st) return st.error();
        int32_t lo, hi;
        int8Clamp(c, *out, &lo, &hi);
        if (depthwise) {
            p.kind = KernelKind::DepthwiseInt8;
            p.dw.window = w;
            p.dw.depthMultiplier = o.depthMultiplier;
            p.dw.inputOffset = -in->quant.zeroPoint();
            p.dw.outputOffset = out->quant.zeroPoint();
            p.dw.actMin = lo;
            p.dw.actMax = hi;
        } else {
            p.kind = KernelKind::ConvInt8;
            p.conv.window = w;
            p.conv.inputOffset = -in->quant.zeroPoint();
            p.conv.outputOffset = out->quant.zeroPoint();
            p.conv.actMin = lo;
            p.conv.actMax = hi;
        }
        return p;
    }
    return c.fail(std::string("unsupported type combination (input ") + dtypeName(in->type) + ", weights " +
                  dtypeName(f->type) + ", output " + dtypeName(out->type) +
                  "); Mote runs float32 or quantized int8");
}

Result<PreparedOp> prepareFullyConnected(const Ctx& c, PreparedOp p) {
    const Tensor* in = c.input(0);
    const Tensor* w = c.input(1);
    const Tensor* bias = c.input(2);
    const Tensor* out = c.output(0);
    if (!in || !w || !out) return c.fail("needs input, weights and output");
    if (w->shape.size() != 2) return c.fail("weights must be 2-D [units, depth]");
    if (!w->isConstant()) return c.fail("weights must be constant");
    if (c.op.options.weightsFormat != 0) return c.fail("shuffled weights format is not supported");
    if (auto st = checkActivation(c); !st) return st.error();
    p.units = w->shape[0];
    p.depth = w->shape[1];
    if (p.depth <= 0 || in->elements() % p.depth != 0)
        return c.fail("input has " + std::to_string(in->elements()) + " values, not a multiple of depth " + std::to_string(p.depth));
    p.batches = static_cast<int32_t>(in->elements() / p.depth);
    if (out->elements() != static_cast<int64_t>(p.batches) * p.units)
        return c.fail("output has " + std::to_string(out->elements()) + " values, expected " +
                      std::to_string(static_cast<int64_t>(p.batches) * p.units));
    p.macs = static_cast<int64_t>(out->elements()) * p.depth;
    if (in->type == DType::Float32 && w->type == DType::Float32 && out->type == DType::Float32) {
        if (auto st = checkBias(c, bias, DType::Float32, p.units); !st) return st.error();
        k::activationRangeFloat(static_cast<k::Activation>(c.op.options.activation), &p.actMinF, &p.actMaxF);
        p.kind = KernelKind::FullyConnectedFloat;
        return p;
    }
    if (perTensorInt8(in) && w->type == DType::Int8 && w->quant.quantized() && perTensorInt8(out)) {
        if (auto st = checkBias(c, bias, DType::Int32, p.units); !st) return st.error();
        if (auto st = perChannelMultipliers(c, *in, *w, *out, p.units, &p); !st) return st.error();
        p.kind = KernelKind::FullyConnectedInt8;
        p.fc.inputOffset = -in->quant.zeroPoint();
        p.fc.filterOffset = 0;
        p.fc.outputOffset = out->quant.zeroPoint();
        p.fc.perChannel = w->quant.scales.size() > 1;
        int8Clamp(c, *out, &p.fc.actMin, &p.fc.actMax);
        return p;
    }
    return c.fail(std::string("unsupported type combination (input ") + dtypeName(in->type) + ", weights " +
                  dtypeName(w->type) + ", output " + dtypeName(out->type) + ")");
}

Result<PreparedOp> preparePool(const Ctx& c, PreparedOp p, bool average) {
    const Tensor* in = c.input(0);
    const Tensor* out = c.output(0);
    if (!is4d(in) || !is4d(out)) return c.fail("input and output must be 4-D");
    if (auto st = checkActivation(c); !st) return st.error();
    const OpOptions& o = c.op.options;
    if (o.strideW < 1 || o.strideH < 1 || o.filterW < 1 || o.filterH < 1)
        return c.fail("stride and filter size must be >= 1");
    p.in = dims4(*in);
    p.out = dims4(*out);
    if (p.in.n != p.out.n || p.in.c != p.out.c) return c.fail("batch or channels differ between input and output");
    const auto pad = static_cast<k::Padding>(o.padding);
    const int32_t oh = k::computeOutSize(pad, p.in.h, o.filterH, o.strideH, 1);
    const int32_t ow = k::computeOutSize(pad, p.in.w, o.filterW, o.strideW, 1);
    if (oh != p.out.h || ow != p.out.w) return c.fail("output size does not match the pooling geometry");
    p.pool.window.strideH = o.strideH;
    p.pool.window.strideW = o.strideW;
    p.pool.window.padH = k::computePadding(o.strideH, 1, p.in.h, o.filterH, oh);
    p.pool.window.padW = k::computePadding(o.strideW, 1, p.in.w, o.filterW, ow);
    p.pool.filterH = o.filterH;
    p.pool.filterW = o.filterW;
    if (in->type == DType::Float32 && out->type == DType::Float32) {
        k::activationRangeFloat(static_cast<k::Activation>(o.activation), &p.pool.actMinFloat, &p.pool.actMaxFloat);
        p.kind = average ? KernelKind::AveragePoolFloat : KernelKind::MaxPoolFloat;
        return p;
    }
    if (perTensorInt8(in) && perTensorInt8(out)) {
        if (in->quant.scale() != out->quant.scale() || in->quant.zeroPoint() != out->quant.zeroPoint())
            return c.fail("int8 pooling needs identical input and output quantization");
        int8Clamp(c, *out, &p.pool.actMinInt, &p.pool.actMaxInt);
        p.kind = average ? KernelKind::AveragePoolInt8 : KernelKind::MaxPoolInt8;
        return p;
    }
    return c.fail("unsupported types (float32 or quantized int8 expected)");
}

Result<PreparedOp> prepareSoftmax(const Ctx& c, PreparedOp p) {
    const Tensor* in = c.input(0);
    const Tensor* out = c.output(0);
    if (!in || !out || in->shape.empty()) return c.fail("needs an input of rank >= 1 and an output");
    if (in->elements() != out->elements()) return c.fail("input and output sizes differ");
    p.depth = in->shape.back();
    p.batches = p.depth > 0 ? static_cast<int32_t>(in->elements() / p.depth) : 0;
    p.beta = c.op.options.beta;
    if (in->type == DType::Float32 && out->type == DType::Float32) {
        p.kind = KernelKind::SoftmaxFloat;
        return p;
    }
    if (perTensorInt8(in) && perTensorInt8(out)) {
        if (out->quant.zeroPoint() != -128 || std::fabs(out->quant.scale() - 1.0f / 256) > 0.001f / 256)
            return c.fail("int8 softmax output must have scale 1/256 and zero point -128");
        p.softmax = k::prepareSoftmaxInt8(static_cast<double>(p.beta), static_cast<double>(in->quant.scale()));
        p.kind = KernelKind::SoftmaxInt8;
        return p;
    }
    return c.fail("unsupported types (float32 or quantized int8 expected)");
}

Result<PreparedOp> prepareSigmoid(const Ctx& c, PreparedOp p, bool logistic) {
    const Tensor* in = c.input(0);
    const Tensor* out = c.output(0);
    if (!in || !out || in->elements() != out->elements()) return c.fail("input and output sizes differ");
    p.size = static_cast<int32_t>(in->elements());
    if (in->type == DType::Float32 && out->type == DType::Float32) {
        p.kind = logistic ? KernelKind::LogisticFloat : KernelKind::TanhFloat;
        return p;
    }
    if (perTensorInt8(in) && perTensorInt8(out)) {
        const int32_t zp = logistic ? -128 : 0;
        const float scale = logistic ? 1.0f / 256 : 1.0f / 128;
        if (out->quant.zeroPoint() != zp || std::fabs(out->quant.scale() - scale) > 0.001f * scale)
            return c.fail(std::string("int8 ") + (logistic ? "logistic output must have scale 1/256 and zero point -128"
                                                          : "tanh output must have scale 1/128 and zero point 0"));
        p.sigmoid = k::prepareSigmoidInt8(static_cast<double>(in->quant.scale()), in->quant.zeroPoint());
        p.kind = logistic ? KernelKind::LogisticInt8 : KernelKind::TanhInt8;
        return p;
    }
    return c.fail("unsupported types (float32 or quantized int8 expected)");
}

Result<PreparedOp> prepareBinary(const Ctx& c, PreparedOp p, bool isAdd) {
    const Tensor* a = c.input(0);
    const Tensor* b = c.input(1);
    const Tensor* out = c.output(0);
    if (!a || !b || !out) return c.fail("needs two inputs and an output");
    if (auto st = checkActivation(c); !st) return st.error();
    if (!k::makeBroadcast(static_cast<int>(a->shape.size()), a->shape.data(), static_cast<int>(b->shape.size()),
                          b->shape.data(), &p.broadcast))
        return c.fail("input shapes cannot be broadcast together (rank <= 6)");
    int64_t n = 1;
    for (int32_t d : p.broadcast.dims) n *= d;
    if (n != out->elements()) return c.fail("output size does not match the broadcast shape");
    if (a->type == DType::Float32 && b->type == DType::Float32 && out->type == DType::Float32) {
        k::activationRangeFloat(static_cast<k::Activation>(c.op.options.activation), &p.actMinF, &p.actMaxF);
        p.kind = isAdd ? KernelKind::AddFloat : KernelKind::MulFloat;
        return p;
    }
    if (perTensorInt8(a) && perTensorInt8(b) && perTensorInt8(out)) {
        const double s1 = a->quant.scale(), s2 = b->quant.scale(), so = out->quant.scale();
        if (isAdd) {
            p.add = k::prepareAddInt8(s1, a->quant.zeroPoint(), s2, b->quant.zeroPoint(), so, out->quant.zeroPoint());
            int8Clamp(c, *out, &p.add.actMin, &p.add.actMax);
            p.kind = KernelKind::AddInt8;
        } else {
            p.mul = k::prepareMulInt8(s1, a->quant.zeroPoint(), s2, b->quant.zeroPoint(), so, out->quant.zeroPoint());
            int8Clamp(c, *out, &p.mul.actMin, &p.mul.actMax);
            p.kind = KernelKind::MulInt8;
        }
        return p;
    }
    return c.fail("unsupported types (float32 or quantized int8 expected)");
}

Result<std::vector<int32_t>> constInt32s(const Ctx& c, const Tensor* t, const char* what) {
    if (!t || t->type != DType::Int32 || !t->isConstant())
        return c.fail(std::string(what) + " must be a constant int32 tensor");
    std::vector<int32_t> v(static_cast<size_t>(t->elements()));
    for (size_t i = 0; i < v.size(); ++i) {
        const uint8_t* b = t->data.data() + i * 4;
        v[i] = static_cast<int32_t>(uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24);
    }
    return v;
}

bool sameQuant(const Tensor& a, const Tensor& b) {
    return a.quant.scale() == b.quant.scale() && a.quant.zeroPoint() == b.quant.zeroPoint();
}

Result<PreparedOp> preparePad(const Ctx& c, PreparedOp p) {
    const Tensor* in = c.input(0);
    const Tensor* out = c.output(0);
    if (!in || !out) return c.fail("needs an input and an output");
    auto pads = constInt32s(c, c.input(1), "paddings");
    if (!pads) return pads.error();
    const size_t rank = in->shape.size();
    if (rank > static_cast<size_t>(k::kMaxCopyRank) || pads->size() != rank * 2)
        return c.fail("paddings must be [rank, 2] with rank <= 6");
    if (in->type != out->type) return c.fail("input and output types differ");
    p.rank = static_cast<int>(rank);
    for (size_t d = 0; d < rank; ++d) {
        const int32_t lo = (*pads)[2 * d], hi = (*pads)[2 * d + 1];
        if (lo < 0 || hi < 0) return c.fail("negative padding");
        p.dims[d] = in->shape[d];
        p.before[d] = lo;
        p.outDims[d] = in->shape[d] + lo + hi;
        if (out->shape.size() != rank || out->shape[d] != p.outDims[d]) return c.fail("output shape does not match the paddings");
    }
    p.elementSize = dtypeSize(in->type);
    if (in->type == DType::Int8) {
        if (!sameQuant(*in, *out)) return c.fail("int8 pad needs identical input and output quantization");
        p.padValue[0] = static_cast<uint8_t>(static_cast<int8_t>(out->quant.zeroPoint()));
    } else if (in->type != DType::Float32) {
        return c.fail("unsupported type (float32 or int8 expected)");
    }
    p.kind = KernelKind::Pad;
    return p;
}

Result<PreparedOp> prepareConcatenation(const Ctx& c, PreparedOp p) {
    const Tensor* out = c.output(0);
    if (!out || c.op.inputs.empty()) return c.fail("needs inputs and an output");
    const int rank = static_cast<int>(out->shape.size());
    int axis = c.op.options.axis;
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) return c.fail("axis out of range");
    if (auto st = checkActivation(c); !st) return st.error();
    if (c.op.options.activation != 0) return c.fail("fused activation on concatenation is not supported");
    p.outer = 1;
    for (int d = 0; d < axis; ++d) p.outer *= out->shape[static_cast<size_t>(d)];
    int64_t axisTotal = 0;
    for (size_t i = 0; i < c.op.inputs.size(); ++i) {
        const Tensor* in = c.input(i);
        if (!in || in->type != out->type || static_cast<int>(in->shape.size()) != rank)
            return c.fail("input " + std::to_string(i) + " has a different type or rank than the output");
        for (int d = 0; d < rank; ++d)
            if (d != axis && in->shape[static_cast<size_t>(d)] != out->shape[static_cast<size_t>(d)])
                return c.fail("input " + std::to_string(i) + " differs from the output outside the axis");
        if (in->type == DType::Int8 && !sameQuant(*in, *out))
            return c.fail("int8 inputs must share the output's scale and zero point");
        axisTotal += in->shape[static_cast<size_t>(axis)];
        p.chunkBytes.push_back(p.outer ? in->bytes() / static_cast<size_t>(p.outer) : 0);
    }
    if (axisTotal != out->shape[static_cast<size_t>(axis)]) return c.fail("input sizes along the axis do not add up");
    p.kind = KernelKind::Concatenation;
    return p;
}

Result<PreparedOp> prepareMean(const Ctx& c, PreparedOp p) {
    const Tensor* in = c.input(0);
    const Tensor* out = c.output(0);
    if (!in || !out) return c.fail("needs an input and an output");
    auto axes = constInt32s(c, c.input(1), "axis");
    if (!axes) return axes.error();
    const int rank = static_cast<int>(in->shape.size());
    if (rank > k::kMaxCopyRank) return c.fail("rank above 6");
    p.rank = rank;
    int64_t outputs = 1, count = 1;
    for (int d = 0; d < rank; ++d) p.dims[d] = in->shape[static_cast<size_t>(d)];
    for (int32_t a : *axes) {
        const int d = a < 0 ? a + rank : a;
        if (d < 0 || d >= rank) return c.fail("axis " + std::to_string(a) + " out of range");
        p.reduce[d] = true;
    }
    for (int d = 0; d < rank; ++d) (p.reduce[d] ? count : outputs) *= p.dims[d];
    if (out->elements() != outputs) return c.fail("output size does not match the reduced shape");
    if (in->type == DType::Float32 && out->type == DType::Float32) {
        p.kind = KernelKind::MeanFloat;
        return p;
    }
    if (perTensorInt8(in) && perTensorInt8(out)) {
        p.mean.inputZeroPoint = in->quant.zeroPoint();
        p.mean.outputZeroPoint = out->quant.zeroPoint();
        k::quantizeMultiplier(static_cast<double>(in->quant.scale()) /
                                  (static_cast<double>(out->quant.scale()) * static_cast<double>(count)),
                              &p.mean.multiplier, &p.mean.shift);
        p.kind = KernelKind::MeanInt8;
        return p;
    }
    return c.fail("unsupported types (float32 or quantized int8 expected)");
}

Result<PreparedOp> prepareQuantize(const Ctx& c, PreparedOp p, bool quantize) {
    const Tensor* in = c.input(0);
    const Tensor* out = c.output(0);
    if (!in || !out || in->elements() != out->elements()) return c.fail("input and output sizes differ");
    p.size = static_cast<int32_t>(in->elements());
    if (quantize) {
        if (in->type == DType::Float32 && perTensorInt8(out)) {
            p.scale = out->quant.scale();
            p.zeroPoint = out->quant.zeroPoint();
            p.kind = KernelKind::QuantizeFloatToInt8;
            return p;
        }
        if (perTensorInt8(in) && perTensorInt8(out)) {
            p.requant = k::prepareRequantize(in->quant.scale(), in->quant.zeroPoint(), out->quant.scale(),
                                             out->quant.zeroPoint());
            p.kind = KernelKind::RequantizeInt8;
            return p;
        }
        return c.fail(std::string("quantizing ") + dtypeName(in->type) + " to " + dtypeName(out->type) + " is not supported");
    }
    if (perTensorInt8(in) && out->type == DType::Float32) {
        p.scale = in->quant.scale();
        p.zeroPoint = in->quant.zeroPoint();
        p.kind = KernelKind::DequantizeInt8;
        return p;
    }
    return c.fail(std::string("dequantizing ") + dtypeName(in->type) + " to " + dtypeName(out->type) + " is not supported");
}

}  // namespace

Result<PreparedOp> prepareOp(const Model& model, int opIndex) {
    const Operator& op = model.operators[static_cast<size_t>(opIndex)];
    Ctx c{model, op, opIndex};
    if (!isSupportedBuiltin(op.builtin))
        return c.fail("operator " + op.name() + " is not supported by Mote's kernels");
    if (op.outputs.empty()) return c.fail("has no output");
    for (int32_t t : op.outputs)
        if (model.tensors[static_cast<size_t>(t)].isConstant()) return c.fail("writes a constant tensor");
    PreparedOp p;
    p.opIndex = opIndex;
    p.inputs = op.inputs;
    p.outputs = op.outputs;
    switch (static_cast<BuiltinOp>(op.builtin)) {
        case BuiltinOp::Conv2D: return prepareConvLike(c, std::move(p), false);
        case BuiltinOp::DepthwiseConv2D: return prepareConvLike(c, std::move(p), true);
        case BuiltinOp::FullyConnected: return prepareFullyConnected(c, std::move(p));
        case BuiltinOp::AveragePool2D: return preparePool(c, std::move(p), true);
        case BuiltinOp::MaxPool2D: return preparePool(c, std::move(p), false);
        case BuiltinOp::Softmax: return prepareSoftmax(c, std::move(p));
        case BuiltinOp::Logistic: return prepareSigmoid(c, std::move(p), true);
        case BuiltinOp::Tanh: return prepareSigmoid(c, std::move(p), false);
        case BuiltinOp::Add: return prepareBinary(c, std::move(p), true);
        case BuiltinOp::Mul: return prepareBinary(c, std::move(p), false);
        case BuiltinOp::Pad: return preparePad(c, std::move(p));
        case BuiltinOp::Concatenation: return prepareConcatenation(c, std::move(p));
        case BuiltinOp::Mean: return prepareMean(c, std::move(p));
        case BuiltinOp::Quantize: return prepareQuantize(c, std::move(p), true);
        case BuiltinOp::Dequantize: return prepareQuantize(c, std::move(p), false);
        case BuiltinOp::Reshape: {
            const Tensor* in = c.input(0);
            const Tensor* out = c.output(0);
            if (!in || !out || in->bytes() != out->bytes()) return c.fail("input and output sizes differ");
            p.kind = KernelKind::Copy;
            return p;
        }
        default:
            return c.fail("operator " + op.name() + " is not supported by Mote's kernels");
    }
}

Result<std::vector<PreparedOp>> prepareOps(const Model& model, const std::vector<int>& order) {
    std::vector<PreparedOp> ops;
    ops.reserve(order.size());
    for (int i : order) {
        auto p = prepareOp(model, i);
        if (!p) return p.error();
        ops.push_back(std::move(*p));
    }
    return ops;
}

}  // namespace mote::nn
