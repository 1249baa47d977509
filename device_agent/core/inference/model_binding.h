#pragma once
// Wires the code generator's model (mote_model.h) into a port's agent: the
// model identity the board reports in Capabilities, the RunModel runner, the
// live inference engine when the model carries an impulse, and the boot
// self-test report. Every port that carries a model includes this one
// header, so ports differ only in their link, clock and sensors.
// Include it only in builds with a generated model (MOTE_HAS_MODEL).
// Portable: no heap, no exceptions.
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "agent/agent.h"
#include "inference/generated_model.h"
#include "mote_model.h"
#ifdef MOTE_MODEL_HAS_IMPULSE
#include "inference/live_engine.h"
#endif

namespace mote::agent {

class ModelBinding {
public:
    // `sensors` must outlive the binding; the live engine reads them.
    ModelBinding(Clock& clock, Sensor* const* sensors, uint8_t sensorCount)
        : m_clock(clock),
          m_runner({mote_model_input, mote_model_output, mote_model_invoke,
                    static_cast<uint32_t>(kMoteModelInputBytes), static_cast<uint32_t>(kMoteModelOutputBytes)})
#ifdef MOTE_MODEL_HAS_IMPULSE
          ,
          m_engine(kMoteImpulse, m_runner, clock, sensors, sensorCount)
#endif
    {
        (void)sensors;
        (void)sensorCount;
    }

    // The identity to put in BoardInfo::model before the agent is built.
    static const ModelSpec* spec() {
        static const ModelSpec model{kMoteModelId, kMoteModelHash, kMoteModelLabels,
                                     static_cast<uint8_t>(kMoteModelLabelCount)};
        return &model;
    }

    // RunModel (host-supplied inputs) and, with an impulse, live inference.
    void attach(Agent& agent) {
        agent.setModelRunner(&m_runner);
#ifdef MOTE_MODEL_HAS_IMPULSE
        agent.setInferenceEngine(&m_engine);
#endif
    }

    // Runs the model once on its embedded self-test input and returns the
    // report line "selftest ticks=N out=<hex>" (N: clock cycles, 0 on ports
    // without a cycle counter), or nullptr when the generated code has no
    // self-test input. A host compares the output with its own byte for byte.
    const char* runSelfTest() {
        if (!kMoteModelHasSelfTest)
            return nullptr;
        std::memcpy(mote_model_input(), mote_model_selftest_input, kMoteModelInputBytes);
        const uint64_t start = m_clock.cycles();
        mote_model_invoke();
        const uint64_t ticks = m_clock.cycles() - start;
        int n = std::snprintf(m_selfTest, sizeof m_selfTest, "selftest ticks=%lu out=",
                              static_cast<unsigned long>(ticks));
        const uint8_t* out = mote_model_output();
        for (size_t i = 0; i < kMoteModelOutputBytes && n + 3 < static_cast<int>(sizeof m_selfTest); ++i)
            n += std::snprintf(m_selfTest + n, sizeof m_selfTest - static_cast<size_t>(n), "%02x", out[i]);
        return m_selfTest;
    }

private:
    Clock& m_clock;
    GeneratedModel m_runner;
#ifdef MOTE_MODEL_HAS_IMPULSE
    LiveEngine m_engine;
#endif
    char m_selfTest[600] = {};
};

}  // namespace mote::agent
