#pragma once
// Code generation: turns a quantized .tflite into C++ for the firmware —
// weights and requantization tables as const arrays (flash), one tensor
// arena sized by nn's memory planner (RAM), and the operator sequence as
// direct kernel calls with every parameter precomputed (no interpreter).
// Also the model's identity (id, SHA-256 hash, labels) that the agent
// reports in Capabilities, and optionally a self-test input the board runs
// at boot so tests can compare its output with the host byte for byte.
//
// Generated symbol names follow the size report's convention
// (mote_model_const_*, mote_model_arena). Pure function; thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::firmware {

struct CodegenOptions {
    std::string modelId;                   // shown to the user ("motion-v3")
    std::vector<std::string> labels;       // class names, in output order
    std::string generator;                 // stamped in the header comment ("mote 0.1.0")
    std::vector<uint8_t> selfTestInput;    // empty: no self-test; else bytes of input tensor 0
    // Impulse for on-device live inference (impulse JSON). Empty: taken
    // from the model's "mote_impulse" metadata when present, else the
    // firmware carries the model only (RunModel, no live inference).
    // Labels likewise default to the "mote_labels" metadata.
    std::string impulseJson;
};

struct GeneratedModel {
    std::string header;        // mote_model.h
    std::string source;        // mote_model.cpp
    std::string hash;          // SHA-256 of the .tflite bytes (hex)
    size_t weightsBytes = 0;   // constant tensors + requantization tables
    size_t arenaBytes = 0;     // planner's arena
    size_t lowerBoundBytes = 0;
    int64_t macs = 0;
    size_t inputBytes = 0;
    size_t outputBytes = 0;
    std::vector<std::string> ops;  // kernel names in execution order
    bool hasImpulse = false;       // live inference engine generated (kMoteImpulse)
    size_t impulseBufferBytes = 0; // its RAM: ring + window + features + DSP scratch
    std::vector<std::string> labels;  // labels generated (options or metadata)
};

// Errors name the unsupported operator or the planning problem.
Result<GeneratedModel> generateModel(const std::vector<uint8_t>& tflite, const CodegenOptions& options);

// SHA-256 hex of a model file's bytes (what the board must report).
std::string modelHash(const std::vector<uint8_t>& tflite);

}  // namespace mote::firmware
