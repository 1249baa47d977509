#pragma once
// Writing a Model as a .tflite flatbuffer: file identifier TFL3, schema
// version 3, buffer 0 empty, one buffer per constant tensor, operator codes
// with the deprecated 8-bit code rule (codes < 127 are also stored in the
// 8-bit field, larger codes store the 127 placeholder there), quantization
// parameters, tensor names, description and metadata. Thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "nn/tflite/model.h"

namespace mote::nn {

Result<std::vector<uint8_t>> writeModel(const Model& model);
Status writeModelFile(const Model& model, const std::string& path);

// Sets the description to name Mote Studio and adds (or replaces) the
// metadata entries "mote_studio" (version), "mote_impulse" (impulse JSON)
// and "mote_labels" (labels, one per line).
void stampMoteMetadata(Model& model, const std::string& impulseJson,
                       const std::vector<std::string>& labels);

}  // namespace mote::nn
