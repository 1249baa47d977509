#include "nn/runtime/executor.h"

#include <cstring>

#include "nn/runtime/prepare.h"

namespace mote::nn {
namespace k = kernels;

Result<std::unique_ptr<Executor>> Executor::create(Model model, size_t alignment) {
    // Name unsupported operators first: it is the one thing the user must know.
    for (size_t i = 0; i < model.operators.size(); ++i)
        if (!isSupportedBuiltin(model.operators[i].builtin))
            return Error{"operator " + std::to_string(i) + " (" + model.operators[i].name() +
                         ") is not supported by Mote's kernels; unsupported in this model: " +
                         [&] {
                             std::string s;
                             for (const std::string& n : unsupportedOps(model)) s += (s.empty() ? "" : ", ") + n;
                             return s;
                         }()};
    auto plan = planModel(model, alignment);
    if (!plan) return plan.error();
    auto ops = prepareOps(model, plan->order);
    if (!ops) return ops.error();
    std::unique_ptr<Executor> ex(new Executor());
    ex->m_model = std::move(model);
    ex->m_plan = std::move(*plan);
    ex->m_ops = std::move(*ops);
    // Over-allocate so the arena base itself is aligned.
    const size_t align = alignment < 16 ? 16 : alignment;
    ex->m_arenaStorage.assign(ex->m_plan.arenaBytes + align, 0);
    auto base = reinterpret_cast<uintptr_t>(ex->m_arenaStorage.data());
    ex->m_arena = ex->m_arenaStorage.data() + ((align - base % align) % align);
    return ex;
}

const Tensor& Executor::inputTensor(size_t i) const {
    return m_model.tensors[static_cast<size_t>(m_model.inputs[i])];
}
const Tensor& Executor::outputTensor(size_t j) const {
    return m_model.tensors[static_cast<size_t>(m_model.outputs[j])];
}
uint8_t* Executor::inputData(size_t i) { return mut(m_model.inputs[i]); }
const uint8_t* Executor::outputData(size_t j) const { return tensorData(m_model.outputs[j]); }

const uint8_t* Executor::tensorData(int32_t t) const {
    if (t < 0) return nullptr;
    const Tensor& tensor = m_model.tensors[static_cast<size_t>(t)];
    if (tensor.isConstant()) return tensor.data.data();
    const int64_t off = m_plan.offsets[static_cast<size_t>(t)];
    return off < 0 ? nullptr : m_arena + off;
}

uint8_t* Executor::mut(int32_t t) { return const_cast<uint8_t*>(tensorData(t)); }

int64_t Executor::macs() const {
    int64_t total = 0;
    for (const PreparedOp& op : m_ops) total += op.macs;
    return total;
}

void Executor::invoke() {
    for (const PreparedOp& op : m_ops) run(op);
}

void Executor::invoke(const std::function<void(const PreparedOp&)>& afterEach) {
    for (const PreparedOp& op : m_ops) {
        run(op);
        afterEach(op);
    }
}

namespace {
template <typename T>
const T* as(const uint8_t* p) { return reinterpret_cast<const T*>(p); }
template <typename T>
T* asMut(uint8_t* p) { return reinterpret_cast<T*>(p); }
}  // namespace

void Executor::run(const PreparedOp& op) {
    const auto in = [&](size_t i) -> const uint8_t* {
        return i < op.inputs.size() ? tensorData(op.inputs[i]) : nullptr;
    };
    uint8_t* out = mut(op.outputs[0]);
    switch (op.kind) {
        case KernelKind::ConvInt8: {
            k::ConvInt8Params p = op.conv;
            p.multipliers = op.multipliers.data();
            p.shifts = op.shifts.data();
            k::convInt8(p, op.in, as<int8_t>(in(0)), op.filter, as<int8_t>(in(1)), as<int32_t>(in(2)), op.out,
                        asMut<int8_t>(out));
            break;
        }
        case KernelKind::ConvFloat:
            k::convFloat(op.convF, op.in, as<float>(in(0)), op.filter, as<float>(in(1)), as<float>(in(2)), op.out,
                         asMut<float>(out));
            break;
        case KernelKind::DepthwiseInt8: {
            k::DepthwiseInt8Params p = op.dw;
            p.multipliers = op.multipliers.data();
            p.shifts = op.shifts.data();
            k::depthwiseConvInt8(p, op.in, as<int8_t>(in(0)), op.filter, as<int8_t>(in(1)), as<int32_t>(in(2)),
                                 op.out, asMut<int8_t>(out));
            break;
        }
        case KernelKind::DepthwiseFloat:
            k::depthwiseConvFloat(op.dwF, op.in, as<float>(in(0)), op.filter, as<float>(in(1)), as<float>(in(2)),
                                  op.out, asMut<float>(out));
            break;
        case KernelKind::FullyConnectedInt8: {
            k::FullyConnectedInt8Params p = op.fc;
            p.multipliers = op.multipliers.data();
            p.shifts = op.shifts.data();
            k::fullyConnectedInt8(p, op.batches, op.depth, op.units, as<int8_t>(in(0)), as<int8_t>(in(1)),
                                  as<int32_t>(in(2)), asMut<int8_t>(out));
            break;
        }
        case KernelKind::FullyConnectedFloat:
            k::fullyConnectedFloat(op.actMinF, op.actMaxF, op.batches, op.depth, op.units, as<float>(in(0)),
                                   as<float>(in(1)), as<float>(in(2)), asMut<float>(out));
            break;
        case KernelKind::AveragePoolInt8:
            k::averagePoolInt8(op.pool, op.in, as<int8_t>(in(0)), op.out, asMut<int8_t>(out));
            break;
        case KernelKind::AveragePoolFloat:
            k::averagePoolFloat(op.pool, op.in, as<float>(in(0)), op.out, asMut<float>(out));
            break;
        case KernelKind::MaxPoolInt8:
            k::maxPoolInt8(op.pool, op.in, as<int8_t>(in(0)), op.out, asMut<int8_t>(out));
            break;
        case KernelKind::MaxPoolFloat:
            k::maxPoolFloat(op.pool, op.in, as<float>(in(0)), op.out, asMut<float>(out));
            break;
        case KernelKind::SoftmaxInt8:
            k::softmaxInt8(op.softmax, op.batches, op.depth, as<int8_t>(in(0)), asMut<int8_t>(out));
            break;
        case KernelKind::SoftmaxFloat:
            k::softmaxFloat(op.beta, op.batches, op.depth, as<float>(in(0)), asMut<float>(out));
            break;
        case KernelKind::LogisticInt8:
            k::logisticInt8(op.sigmoid, op.size, as<int8_t>(in(0)), asMut<int8_t>(out));
            break;
        case KernelKind::LogisticFloat:
            k::logisticFloat(op.size, as<float>(in(0)), asMut<float>(out));
            break;
        case KernelKind::TanhInt8:
            k::tanhInt8(op.sigmoid, op.size, as<int8_t>(in(0)), asMut<int8_t>(out));
            break;
        case KernelKind::TanhFloat:
            k::tanhFloat(op.size, as<float>(in(0)), asMut<float>(out));
            break;
        case KernelKind::AddInt8:
            k::addInt8(op.add, op.broadcast, as<int8_t>(in(0)), as<int8_t>(in(1)), asMut<int8_t>(out));
            break;
        case KernelKind::AddFloat:
            k::addFloat(op.actMinF, op.actMaxF, op.broadcast, as<float>(in(0)), as<float>(in(1)), asMut<float>(out));
            break;
        case KernelKind::MulInt8:
            k::mulInt8(op.mul, op.broadcast, as<int8_t>(in(0)), as<int8_t>(in(1)), asMut<int8_t>(out));
            break;
        case KernelKind::MulFloat:
            k::mulFloat(op.actMinF, op.actMaxF, op.broadcast, as<float>(in(0)), as<float>(in(1)), asMut<float>(out));
            break;
        case KernelKind::Copy: {
            const uint8_t* src = in(0);
            const size_t n = m_model.tensors[static_cast<size_t>(op.outputs[0])].bytes();
            if (src != out) std::memmove(out, src, n);
            break;
        }
        case KernelKind::Pad:
            k::padBytes(op.rank, op.dims, op.before, op.outDims, op.elementSize, op.padValue, in(0), out);
            break;
        case KernelKind::Concatenation: {
            std::vector<const uint8_t*> inputs;
            for (size_t i = 0; i < op.inputs.size(); ++i) inputs.push_back(in(i));
            k::concatenateBytes(static_cast<int>(inputs.size()), inputs.data(), op.chunkBytes.data(), op.outer, out);
            break;
        }
        case KernelKind::MeanInt8:
            k::meanInt8(op.mean, op.rank, op.dims, op.reduce, as<int8_t>(in(0)), asMut<int8_t>(out));
            break;
        case KernelKind::MeanFloat:
            k::meanFloat(op.rank, op.dims, op.reduce, as<float>(in(0)), asMut<float>(out));
            break;
        case KernelKind::QuantizeFloatToInt8:
            k::quantizeFloatToInt8(op.size, as<float>(in(0)), op.scale, op.zeroPoint, asMut<int8_t>(out));
            break;
        case KernelKind::RequantizeInt8:
            k::requantizeInt8(op.requant, op.size, as<int8_t>(in(0)), asMut<int8_t>(out));
            break;
        case KernelKind::DequantizeInt8:
            k::dequantizeInt8ToFloat(op.size, as<int8_t>(in(0)), op.scale, op.zeroPoint, asMut<float>(out));
            break;
    }
}

}  // namespace mote::nn
