#include "nn/quantize/layer_error.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "nn/quantize/tensor_float.h"
#include "nn/runtime/executor.h"

namespace mote::nn {
namespace {

struct Accumulator {
    double signal = 0, noise = 0, maxAbs = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    int64_t count = 0;
};

}  // namespace

Result<std::vector<TensorError>> compareLayers(const Model& floatModel, const Model& int8Model,
                                               const std::vector<std::vector<float>>& windows) {
    if (floatModel.inputs.size() != 1 || int8Model.inputs.size() != 1)
        return makeError("the quantization debugger needs single-input models");
    auto fx = Executor::create(floatModel);
    if (!fx) return makeError("cannot run the float model: " + fx.message());
    auto qx = Executor::create(int8Model);
    if (!qx) return makeError("cannot run the int8 model: " + qx.message());

    // Which int8 op outputs have a float twin (same index, same size)?
    const size_t nt = floatModel.tensors.size();
    std::vector<int> slot(int8Model.tensors.size(), -1);
    std::vector<TensorError> rows;
    for (const PreparedOp& op : (*qx)->ops()) {
        for (int32_t t : op.outputs) {
            if (t < 0 || static_cast<size_t>(t) >= nt) continue;
            const Tensor& ft = floatModel.tensors[static_cast<size_t>(t)];
            const Tensor& qt = int8Model.tensors[static_cast<size_t>(t)];
            if (ft.type != DType::Float32 || qt.type != DType::Int8 || ft.elements() != qt.elements()) continue;
            if (slot[static_cast<size_t>(t)] >= 0) continue;
            TensorError row;
            row.opIndex = op.opIndex;
            row.op = int8Model.operators[static_cast<size_t>(op.opIndex)].name();
            row.tensor = t;
            row.tensorName = qt.name;
            row.scale = qt.quant.scale();
            row.zeroPoint = qt.quant.zeroPoint();
            slot[static_cast<size_t>(t)] = static_cast<int>(rows.size());
            rows.push_back(std::move(row));
        }
    }
    if (rows.empty()) return makeError("the int8 model has no activation that pairs with the float model's");

    std::vector<Accumulator> acc(rows.size());
    std::vector<std::vector<float>> floatValues(rows.size());
    const Tensor& fin = (*fx)->inputTensor(0);
    const Tensor& qin = (*qx)->inputTensor(0);
    for (size_t w = 0; w < windows.size(); ++w) {
        if (auto s = storeFloats(fin, windows[w], (*fx)->inputData(0)); !s)
            return makeError("window " + std::to_string(w) + ": " + s.message());
        (*fx)->invoke([&](const PreparedOp& op) {
            for (int32_t t : op.outputs)
                if (t >= 0 && static_cast<size_t>(t) < slot.size() && slot[static_cast<size_t>(t)] >= 0)
                    floatValues[static_cast<size_t>(slot[static_cast<size_t>(t)])] =
                        loadFloats(floatModel.tensors[static_cast<size_t>(t)], (*fx)->tensorData(t));
        });
        if (auto s = storeFloats(qin, windows[w], (*qx)->inputData(0)); !s)
            return makeError("window " + std::to_string(w) + ": " + s.message());
        (*qx)->invoke([&](const PreparedOp& op) {
            for (int32_t t : op.outputs) {
                if (t < 0 || static_cast<size_t>(t) >= slot.size() || slot[static_cast<size_t>(t)] < 0) continue;
                const size_t r = static_cast<size_t>(slot[static_cast<size_t>(t)]);
                const std::vector<float> q = loadFloats(int8Model.tensors[static_cast<size_t>(t)], (*qx)->tensorData(t));
                const std::vector<float>& f = floatValues[r];
                if (f.size() != q.size()) continue;  // the float model never wrote it (cannot happen for paired models)
                Accumulator& a = acc[r];
                for (size_t i = 0; i < q.size(); ++i) {
                    const double fv = f[i], e = static_cast<double>(q[i]) - fv;
                    a.signal += fv * fv;
                    a.noise += e * e;
                    a.maxAbs = std::max(a.maxAbs, std::fabs(e));
                    a.lo = std::min(a.lo, fv);
                    a.hi = std::max(a.hi, fv);
                }
                a.count += static_cast<int64_t>(q.size());
            }
        });
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        const Accumulator& a = acc[r];
        if (a.count == 0) continue;
        rows[r].rmse = std::sqrt(a.noise / static_cast<double>(a.count));
        rows[r].maxAbsError = a.maxAbs;
        rows[r].floatMin = a.lo;
        rows[r].floatMax = a.hi;
        if (a.noise <= 0) rows[r].snrDb = kPerfectSnrDb;
        else if (a.signal <= 0) rows[r].snrDb = -kPerfectSnrDb;
        else rows[r].snrDb = std::clamp(10.0 * std::log10(a.signal / a.noise), -kPerfectSnrDb, kPerfectSnrDb);
    }
    return rows;
}

}  // namespace mote::nn
