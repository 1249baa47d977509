#pragma once
// ModelRunner over the code generator's output (mote_model.h): one input
// and one output tensor inside the model's static arena. Header-only so a
// port includes it only when it carries a model. Portable, no heap.
#include <cstdint>

#include "agent/port.h"

namespace mote::agent {

struct GeneratedModelFunctions {
    uint8_t* (*input)();
    const uint8_t* (*output)();
    void (*invoke)();
    uint32_t inputBytes;
    uint32_t outputBytes;
};

class GeneratedModel final : public ModelRunner {
public:
    explicit GeneratedModel(const GeneratedModelFunctions& functions) : m_f(functions) {}
    uint8_t inputCount() const override { return 1; }
    uint8_t outputCount() const override { return 1; }
    uint8_t* input(uint8_t index, uint32_t* bytes) override {
        *bytes = m_f.inputBytes;
        return index == 0 ? m_f.input() : nullptr;
    }
    const uint8_t* output(uint8_t index, uint32_t* bytes) override {
        *bytes = m_f.outputBytes;
        return index == 0 ? m_f.output() : nullptr;
    }
    void invoke() override { m_f.invoke(); }

private:
    GeneratedModelFunctions m_f;
};

}  // namespace mote::agent
