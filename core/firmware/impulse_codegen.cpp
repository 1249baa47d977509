#include "firmware/impulse_codegen.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "dsp/dsp_block.h"
#include "dsp/dsp_config_json.h"
#include "impulse/impulse_config.h"

namespace mote::firmware {
namespace {

// Exact float literal (hex float, C++17).
std::string f32(float v) {
    if (v == 0.0f)
        return "0.0f";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%af", static_cast<double>(v));
    return buf;
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out + "\"";
}

std::string dspInitializer(const dsp::DspConfig& c) {
    std::ostringstream s;
    const auto& sp = c.spectral;
    const auto& a = c.audio;
    s << "{static_cast<mote::dsp::BlockKind>(" << int(c.kind) << "), " << f32(c.sampleRateHz) << ", "
      << f32(c.inputScale) << ",\n    {" << (c.raw.normalize ? "true" : "false") << "},\n"
      << "    {static_cast<mote::dsp::FilterType>(" << int(sp.filter) << "), " << f32(sp.filterCutoffHz) << ", "
      << sp.filterOrder << "u, " << sp.fftLength << "u, static_cast<mote::dsp::SpectralMode>(" << int(sp.mode)
      << "), " << (sp.logPower ? "true" : "false") << ", " << sp.peakCount << "u},\n"
      << "    {" << f32(a.frameLengthS) << ", " << f32(a.frameStrideS) << ", " << a.fftLength << "u, " << a.numFilters
      << "u, " << f32(a.lowHz) << ", " << f32(a.highHz) << ", " << f32(a.preEmphasis)
      << ", static_cast<mote::dsp::FrameWindow>(" << int(a.window) << "), " << f32(a.noiseFloorDb) << ", "
      << a.numCoefficients << "u, " << f32(a.lifter) << "}}";
    return s.str();
}

}  // namespace

Result<GeneratedImpulse> generateImpulse(const ImpulseCodegenInput& in) {
    auto config = impulse::impulseFromJson(in.impulse);
    if (!config)
        return makeError("the model's impulse is invalid: " + config.message());
    auto dspConfig = dsp::dspConfigFromJson(config->dsp);
    if (!dspConfig)
        return makeError("the model's DSP configuration is invalid: " + dspConfig.message());
    dsp::DspConfig dsp = *dspConfig;
    dsp.sampleRateHz = static_cast<float>(config->input.sampleRateHz);

    GeneratedImpulse gen;
    gen.sensor = config->input.sensor;
    gen.sampleRateHz = dsp.sampleRateHz;
    const double frames = std::round(config->window.sizeMs * config->input.sampleRateHz / 1000.0);
    const double stride = std::round(config->window.strideMs * config->input.sampleRateHz / 1000.0);
    if (!(frames >= 1 && frames < 1e7))
        return makeError("the impulse's window is empty");
    gen.windowFrames = static_cast<uint32_t>(frames);
    gen.strideFrames = stride >= 1 ? static_cast<uint32_t>(stride) : 1;

    // Axis count: the impulse's list, else the one whose DSP output matches
    // the model input (the impulse said "every axis of the sample").
    const auto& axisNames = config->input.axes;
    uint32_t axes = static_cast<uint32_t>(axisNames.size());
    if (axes == 0) {
        for (uint32_t n = 1; n <= dsp::kMaxAxes && axes == 0; ++n) {
            dsp::OutputShape shape;
            if (dsp::outputShape(dsp, gen.windowFrames, n, &shape) == dsp::DspStatus::kOk &&
                shape.size() == in.modelInputElements)
                axes = n;
        }
        if (axes == 0)
            return makeError("no axis count makes the impulse's DSP output match the model's " +
                             std::to_string(in.modelInputElements) + " inputs");
    }
    dsp::OutputShape shape;
    if (auto st = dsp::outputShape(dsp, gen.windowFrames, axes, &shape); st != dsp::DspStatus::kOk)
        return makeError("the impulse's DSP block cannot run on " + std::to_string(gen.windowFrames) + " frames x " +
                         std::to_string(axes) + " axes: " + dsp::dspStatusMessage(st));
    if (shape.size() != in.modelInputElements)
        return makeError("the impulse's DSP gives " + std::to_string(shape.size()) + " features, the model takes " +
                         std::to_string(in.modelInputElements));
    gen.axisCount = axes;
    gen.featureCount = shape.size();
    const size_t scratch = dsp::scratchBytes(dsp, gen.windowFrames, axes);
    const size_t values = static_cast<size_t>(gen.windowFrames) * axes;
    gen.bufferBytes = values * 2 + values * 4 + gen.featureCount * 4 + scratch;

    std::ostringstream h;
    h << "\n// Impulse (DSP + window) for on-device live inference: " << dsp::blockKindName(dsp.kind) << ", "
      << gen.windowFrames << " frames x " << axes << " axes at " << dsp.sampleRateHz << " Hz, stride "
      << gen.strideFrames << ".\n"
      << "#define MOTE_MODEL_HAS_IMPULSE 1\n"
      << "namespace mote::agent { struct ImpulseSpec; }\n"
      << "extern const mote::agent::ImpulseSpec kMoteImpulse;\n";
    gen.header = h.str();

    std::ostringstream s;
    s << "\n// ---- impulse ----\n#include \"dsp/dsp_config.h\"\n#include \"inference/live_engine.h\"\n\nnamespace {\n"
      << "const mote::dsp::DspConfig kImpulseDsp = " << dspInitializer(dsp) << ";\n";
    if (!axisNames.empty()) {
        s << "const char* const kImpulseAxes[] = {";
        for (const auto& a : axisNames)
            s << quoted(a) << ", ";
        s << "};\n";
    }
    s << "int16_t gImpulseRing[" << values << "];\n"
      << "float gImpulseWindow[" << values << "];\n"
      << "float gImpulseFeatures[" << gen.featureCount << "];\n"
      << "alignas(8) uint8_t gImpulseScratch[" << (scratch ? scratch : 4) << "];\n"
      << "}  // namespace\n\n"
      << "const mote::agent::ImpulseSpec kMoteImpulse = {\n"
      << "    &kImpulseDsp, " << quoted(config->input.sensor) << ", "
      << (axisNames.empty() ? "nullptr" : "kImpulseAxes") << ", " << axes << ",\n"
      << "    " << gen.windowFrames << "u, " << gen.strideFrames << "u, " << f32(dsp.sampleRateHz) << ", "
      << gen.featureCount << "u,\n"
      << "    " << f32(in.inputScale) << ", " << in.inputZeroPoint << ", " << f32(in.outputScale) << ", "
      << in.outputZeroPoint << ", " << in.labelCount << ",\n"
      << "    gImpulseRing, gImpulseWindow, gImpulseFeatures, gImpulseScratch, sizeof gImpulseScratch};\n";
    gen.source = s.str();
    return gen;
}

}  // namespace mote::firmware
