#include "nn/quantize/float_io.h"

namespace mote::nn {

Result<Model> wrapFloatIo(const Model& int8Model) {
    Model m = int8Model;
    auto check = [&](int32_t index, const char* what) -> Status {
        const Tensor& t = m.tensors[static_cast<size_t>(index)];
        if (t.type != DType::Int8 || !t.quant.quantized())
            return makeError(std::string("float I/O needs a quantized int8 ") + what + ", tensor '" + t.name +
                             "' is " + dtypeName(t.type));
        return {};
    };
    for (int32_t i : m.inputs)
        if (auto s = check(i, "input"); !s) return s.error();
    for (int32_t o : m.outputs)
        if (auto s = check(o, "output"); !s) return s.error();

    auto floatTwin = [&](int32_t index, const char* suffix) {
        Tensor t;
        t.name = m.tensors[static_cast<size_t>(index)].name + suffix;
        t.type = DType::Float32;
        t.shape = m.tensors[static_cast<size_t>(index)].shape;
        m.tensors.push_back(std::move(t));
        return static_cast<int32_t>(m.tensors.size() - 1);
    };
    std::vector<Operator> front, back;
    for (int32_t& i : m.inputs) {
        Operator q;
        q.builtin = static_cast<int32_t>(BuiltinOp::Quantize);
        q.inputs = {floatTwin(i, "_float")};
        q.outputs = {i};
        i = q.inputs[0];
        front.push_back(std::move(q));
    }
    for (int32_t& o : m.outputs) {
        Operator d;
        d.builtin = static_cast<int32_t>(BuiltinOp::Dequantize);
        d.inputs = {o};
        d.outputs = {floatTwin(o, "_float")};
        o = d.outputs[0];
        back.push_back(std::move(d));
    }
    front.insert(front.end(), m.operators.begin(), m.operators.end());
    front.insert(front.end(), back.begin(), back.end());
    m.operators = std::move(front);
    return m;
}

}  // namespace mote::nn
