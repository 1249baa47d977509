#include "nn/plan/plan.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>

namespace mote::nn {
namespace {

Result<std::vector<int>> topologicalOrder(const Model& model) {
    const size_t nt = model.tensors.size();
    const size_t no = model.operators.size();
    std::vector<bool> available(nt, false);
    std::vector<int> producer(nt, -1);
    for (size_t t = 0; t < nt; ++t)
        available[t] = model.tensors[t].isConstant() || model.tensors[t].isVariable;
    for (int32_t t : model.inputs) available[static_cast<size_t>(t)] = true;
    for (size_t o = 0; o < no; ++o)
        for (int32_t t : model.operators[o].outputs) producer[static_cast<size_t>(t)] = static_cast<int>(o);

    std::vector<int> missing(no, 0);
    std::vector<std::vector<int>> consumers(nt);
    for (size_t o = 0; o < no; ++o)
        for (int32_t t : model.operators[o].inputs) {
            if (t < 0 || available[static_cast<size_t>(t)]) continue;
            if (producer[static_cast<size_t>(t)] < 0)
                return Error{"operator " + std::to_string(o) + " (" + model.operators[o].name() + ") reads tensor " +
                             std::to_string(t) + ", which is neither a model input, a constant, nor written by any operator"};
            ++missing[o];
            consumers[static_cast<size_t>(t)].push_back(static_cast<int>(o));
        }
    // Kahn's algorithm, lowest operator index first: file order is kept when
    // it already is topological (it always is in valid TFLite files).
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (size_t o = 0; o < no; ++o)
        if (missing[o] == 0) ready.push(static_cast<int>(o));
    std::vector<int> order;
    while (!ready.empty()) {
        const int o = ready.top();
        ready.pop();
        order.push_back(o);
        for (int32_t t : model.operators[static_cast<size_t>(o)].outputs)
            for (int c : consumers[static_cast<size_t>(t)])
                if (--missing[static_cast<size_t>(c)] == 0) ready.push(c);
    }
    if (order.size() != no) return Error{"the operator graph has a cycle; it cannot be executed"};
    return order;
}

size_t alignUp(size_t v, size_t a) { return (v + a - 1) / a * a; }

}  // namespace

namespace {

bool sameShape(const Tensor& a, const Tensor& b) { return a.shape == b.shape && a.type == b.type; }

// Input index whose bytes the operator's output 0 may overwrite, or -1.
int inPlaceInput(const Model& model, const Operator& op) {
    if (op.outputs.size() != 1 || op.inputs.empty() || op.outputs[0] < 0) return -1;
    const Tensor& out = model.tensors[static_cast<size_t>(op.outputs[0])];
    auto input = [&](size_t i) -> const Tensor* {
        if (i >= op.inputs.size() || op.inputs[i] < 0) return nullptr;
        return &model.tensors[static_cast<size_t>(op.inputs[i])];
    };
    switch (static_cast<BuiltinOp>(op.builtin)) {
        case BuiltinOp::Reshape:
            return input(0) && input(0)->bytes() == out.bytes() ? 0 : -1;
        case BuiltinOp::Add:
        case BuiltinOp::Mul: {
            // No broadcasting: element i of the output reads element i of each input.
            const Tensor* a = input(0);
            const Tensor* b = input(1);
            if (!a || !b || !sameShape(*a, out) || a->shape != b->shape) return -1;
            if (!a->isConstant()) return 0;
            return b->isConstant() ? -1 : 1;
        }
        case BuiltinOp::Logistic:
        case BuiltinOp::Tanh:
            return input(0) && sameShape(*input(0), out) ? 0 : -1;
        case BuiltinOp::Quantize:
            return input(0) && input(0)->type == DType::Int8 && sameShape(*input(0), out) ? 0 : -1;
        default:
            return -1;
    }
}

}  // namespace

Result<Plan> planModel(const Model& model, size_t alignment, bool inPlace) {
    if (alignment == 0) alignment = 1;
    auto order = topologicalOrder(model);
    if (!order) return order.error();
    Plan plan;
    plan.alignment = alignment;
    plan.order = std::move(*order);
    const size_t nt = model.tensors.size();
    const int steps = static_cast<int>(plan.order.size());
    const int lastStep = steps > 0 ? steps - 1 : 0;
    plan.lifetimes.assign(nt, {});
    plan.offsets.assign(nt, -1);

    auto touch = [&](int32_t t, int step) {
        if (t < 0 || model.tensors[static_cast<size_t>(t)].isConstant()) return;
        TensorLifetime& l = plan.lifetimes[static_cast<size_t>(t)];
        if (l.firstStep < 0 || step < l.firstStep) l.firstStep = step;
        if (step > l.lastStep) l.lastStep = step;
    };
    for (int s = 0; s < steps; ++s) {
        const Operator& op = model.operators[static_cast<size_t>(plan.order[static_cast<size_t>(s)])];
        for (int32_t t : op.inputs) touch(t, s);
        for (int32_t t : op.outputs) touch(t, s);
    }
    for (int32_t t : model.inputs) {
        touch(t, 0);
        touch(t, plan.lifetimes[static_cast<size_t>(t)].lastStep < 0 ? 0 : plan.lifetimes[static_cast<size_t>(t)].lastStep);
    }
    for (int32_t t : model.outputs) touch(t, lastStep);
    for (size_t t = 0; t < nt; ++t)
        if (model.tensors[t].isVariable && !model.tensors[t].isConstant()) {
            touch(static_cast<int32_t>(t), 0);
            touch(static_cast<int32_t>(t), lastStep);
        }

    // Lower bound: the heaviest step.
    for (int s = 0; s <= lastStep; ++s) {
        size_t live = 0;
        for (size_t t = 0; t < nt; ++t) {
            const TensorLifetime& l = plan.lifetimes[t];
            if (l.firstStep >= 0 && l.firstStep <= s && s <= l.lastStep) live += model.tensors[t].bytes();
        }
        plan.lowerBoundBytes = std::max(plan.lowerBoundBytes, live);
    }

    // In-place groups (see plan.h): the group's lifetime is the union of its
    // members'; a member joins only when the group is dead after this step.
    plan.sharedWith.assign(nt, -1);
    for (size_t t = 0; t < nt; ++t)
        if (plan.lifetimes[t].firstStep >= 0) plan.sharedWith[t] = static_cast<int>(t);
    std::vector<TensorLifetime> groupLife = plan.lifetimes;  // valid at group roots
    auto isModelInput = [&](int32_t t) {
        return std::find(model.inputs.begin(), model.inputs.end(), t) != model.inputs.end();
    };
    for (int s = 0; inPlace && s < steps; ++s) {
        const Operator& op = model.operators[static_cast<size_t>(plan.order[static_cast<size_t>(s)])];
        const int k = inPlaceInput(model, op);
        if (k < 0) continue;
        const int32_t in = op.inputs[static_cast<size_t>(k)];
        const int32_t out = op.outputs[0];
        if (in == out || plan.sharedWith[static_cast<size_t>(in)] < 0 || plan.sharedWith[static_cast<size_t>(out)] != out)
            continue;
        if (model.tensors[static_cast<size_t>(in)].isVariable || model.tensors[static_cast<size_t>(out)].isVariable)
            continue;
        if (isModelInput(in) && static_cast<BuiltinOp>(op.builtin) != BuiltinOp::Reshape) continue;
        const size_t root = static_cast<size_t>(plan.sharedWith[static_cast<size_t>(in)]);
        if (groupLife[root].lastStep != s || model.tensors[static_cast<size_t>(out)].bytes() > model.tensors[root].bytes())
            continue;
        plan.sharedWith[static_cast<size_t>(out)] = static_cast<int>(root);
        groupLife[root].lastStep = std::max(groupLife[root].lastStep, plan.lifetimes[static_cast<size_t>(out)].lastStep);
    }
    for (int s = 0; s <= lastStep; ++s) {
        size_t live = 0;
        for (size_t t = 0; t < nt; ++t) {
            if (plan.sharedWith[t] != static_cast<int>(t)) continue;
            const TensorLifetime& l = groupLife[t];
            if (l.firstStep <= s && s <= l.lastStep) live += model.tensors[t].bytes();
        }
        plan.inPlaceLowerBoundBytes = std::max(plan.inPlaceLowerBoundBytes, live);
    }

    // Greedy placement: each tensor goes at the lowest offset that fits
    // beside every already placed tensor whose lifetime overlaps. The result
    // depends on the order tensors are placed in, so a few classic orders
    // are tried (biggest first; biggest-and-longest first; by first use) and
    // the smallest arena is kept. Cost: O(orders * n^2), n = activations.
    // Only group roots are placed (with the group's lifetime); members take
    // their root's offset afterwards.
    std::vector<size_t> live;
    for (size_t t = 0; t < nt; ++t)
        if (plan.sharedWith[t] == static_cast<int>(t)) live.push_back(t);
    auto bytesOf = [&](size_t t) { return model.tensors[t].bytes(); };
    auto duration = [&](size_t t) {
        return static_cast<size_t>(groupLife[t].lastStep - groupLife[t].firstStep + 1);
    };
    using Less = std::function<bool(size_t, size_t)>;
    const std::vector<Less> orders = {
        [&](size_t a, size_t b) { return bytesOf(a) > bytesOf(b); },
        [&](size_t a, size_t b) { return bytesOf(a) * duration(a) > bytesOf(b) * duration(b); },
        [&](size_t a, size_t b) {
            return duration(a) != duration(b) ? duration(a) > duration(b) : bytesOf(a) > bytesOf(b);
        },
        [&](size_t a, size_t b) {
            return groupLife[a].firstStep != groupLife[b].firstStep
                       ? groupLife[a].firstStep < groupLife[b].firstStep
                       : bytesOf(a) > bytesOf(b);
        },
    };
    bool first = true;
    for (const Less& less : orders) {
        std::vector<size_t> placementOrder = live;
        std::stable_sort(placementOrder.begin(), placementOrder.end(), less);
        std::vector<int64_t> offsets(nt, -1);
        size_t arena = 0;
        std::vector<size_t> placed;
        for (size_t t : placementOrder) {
            const TensorLifetime& lt = groupLife[t];
            const size_t size = bytesOf(t);
            std::vector<std::pair<size_t, size_t>> busy;  // [begin, end) of overlapping tensors
            for (size_t p : placed) {
                const TensorLifetime& lp = groupLife[p];
                if (lp.firstStep <= lt.lastStep && lt.firstStep <= lp.lastStep)
                    busy.emplace_back(static_cast<size_t>(offsets[p]), static_cast<size_t>(offsets[p]) + bytesOf(p));
            }
            std::sort(busy.begin(), busy.end());
            size_t candidate = 0;
            for (const auto& [begin, end] : busy) {
                if (candidate + size <= begin) break;
                candidate = std::max(candidate, alignUp(end, alignment));
            }
            offsets[t] = static_cast<int64_t>(candidate);
            arena = std::max(arena, alignUp(candidate + size, alignment));
            placed.push_back(t);
        }
        if (first || arena < plan.arenaBytes) {
            for (size_t t = 0; t < nt; ++t)
                if (plan.sharedWith[t] >= 0 && plan.sharedWith[t] != static_cast<int>(t))
                    offsets[t] = offsets[static_cast<size_t>(plan.sharedWith[t])];
            plan.arenaBytes = arena;
            plan.offsets = std::move(offsets);
            first = false;
        }
    }
    return plan;
}

}  // namespace mote::nn
