// QuantizationReport <-> JSON (the `mote quantize --json` object, the
// .report.json file and the int8 model row's metrics), and layer ranking.
#include <algorithm>

#include "train/project_quantization.h"

namespace mote::train {
namespace {

nlohmann::json layerJson(const LayerError& l) {
    return {{"op_index", l.opIndex}, {"op", l.op},           {"tensor", l.tensor},
            {"scale", l.scale},      {"zero_point", l.zeroPoint}, {"float_min", l.floatMin},
            {"float_max", l.floatMax}, {"rmse", l.rmse},      {"max_abs_error", l.maxAbsError},
            {"snr_db", l.snrDb}};
}

nlohmann::json latencyJson(const LatencyEstimate& e) {
    nlohmann::json j = {{"board", e.board},       {"display_name", e.displayName}, {"core", e.core},
                        {"clock_hz", e.clockHz},   {"applicable", e.applicable},    {"estimate", true},
                        {"note", e.note}};
    if (e.applicable) {
        j["cycles_per_mac"] = e.cyclesPerMac;
        j["estimated_ms"] = e.estimatedMs;
    } else {
        j["cycles_per_mac"] = nullptr;
        j["estimated_ms"] = nullptr;
    }
    return j;
}

// The inverse of nn::metricsToJson.
Result<nn::ClassificationMetrics> metricsFromJson(const nlohmann::json& j, const char* key) {
    if (!j.is_object() || !j.contains("confusion") || !j["confusion"].is_array())
        return makeError(std::string(key) + " is missing or has no confusion matrix");
    nn::ClassificationMetrics m;
    m.accuracy = j.value("accuracy", 0.0);
    m.confusion = j["confusion"].get<std::vector<std::vector<int64_t>>>();
    for (size_t t = 0; t < m.confusion.size(); ++t)
        for (size_t p = 0; p < m.confusion[t].size(); ++p) {
            m.total += m.confusion[t][p];
            if (t == p) m.correct += m.confusion[t][p];
        }
    if (j.contains("per_class") && j["per_class"].is_array())
        for (const auto& c : j["per_class"])
            m.perClass.push_back({c.value("precision", 0.0), c.value("recall", 0.0), c.value("f1", 0.0),
                                  c.value("support", int64_t{0})});
    return m;
}

}  // namespace

nlohmann::json reportToJson(const QuantizationReport& r) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : r.layers) layers.push_back(layerJson(l));
    nlohmann::json latency = nlohmann::json::array();
    for (const auto& e : r.latency) latency.push_back(latencyJson(e));
    return {{"model_id", r.modelId},
            {"float_model_id", r.floatModelId},
            {"path", r.path},
            {"float_path", r.floatPath},
            {"run_id", r.runId},
            {"labels", r.labels},
            {"float_accuracy", r.floatAccuracy},
            {"int8_accuracy", r.int8Accuracy},
            {"accuracy_drop_pp", r.accuracyDropPp},
            {"evaluated_on", r.evaluatedOn},
            {"evaluated_windows", r.evaluatedWindows},
            {"calibration_windows", r.calibrationWindows},
            {"percentile", r.percentile},
            {"float_io", r.floatIo},
            {"input_quantization", {{"scale", r.inputScale}, {"zero_point", r.inputZeroPoint},
                                    {"formula", "q = clamp(round(x / scale) + zero_point, -128, 127)"}}},
            {"output_quantization", {{"scale", r.outputScale}, {"zero_point", r.outputZeroPoint},
                                     {"formula", "x = (q - zero_point) * scale"}}},
            {"confusion_float", nn::metricsToJson(r.floatMetrics, r.labels)},
            {"confusion_int8", nn::metricsToJson(r.int8Metrics, r.labels)},
            {"layers", layers},
            {"weights_bytes", r.weightsBytes},
            {"flash_bytes", r.flashBytes},
            {"float_flash_bytes", r.floatFlashBytes},
            {"arena_bytes", r.arenaBytes},
            {"arena_lower_bound_bytes", r.arenaLowerBoundBytes},
            {"macs", r.macs},
            {"host_inference_us", r.hostInferenceUs},
            {"latency_estimates", latency},
            {"warnings", r.warnings},
            {"created_ms", r.createdMs}};
}

Result<QuantizationReport> reportFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError("a quantization report must be a JSON object");
    for (const char* key : {"run_id", "labels", "float_accuracy", "int8_accuracy", "confusion_float", "confusion_int8",
                            "layers", "flash_bytes", "arena_bytes", "macs"})
        if (!j.contains(key)) return makeError(std::string("the report has no '") + key + "'");
    try {
        QuantizationReport r;
        r.modelId = j.value("model_id", int64_t{0});
        r.floatModelId = j.value("float_model_id", int64_t{0});
        r.path = j.value("path", "");
        r.floatPath = j.value("float_path", "");
        r.runId = j["run_id"].get<int64_t>();
        r.labels = j["labels"].get<std::vector<std::string>>();
        r.floatAccuracy = j["float_accuracy"].get<double>();
        r.int8Accuracy = j["int8_accuracy"].get<double>();
        r.accuracyDropPp = j.value("accuracy_drop_pp", (r.floatAccuracy - r.int8Accuracy) * 100.0);
        r.evaluatedOn = j.value("evaluated_on", "");
        r.evaluatedWindows = j.value("evaluated_windows", int64_t{0});
        r.calibrationWindows = j.value("calibration_windows", 0);
        r.percentile = j.value("percentile", 100.0);
        r.floatIo = j.value("float_io", false);
        if (j.contains("input_quantization")) {
            r.inputScale = j["input_quantization"].value("scale", 0.0f);
            r.inputZeroPoint = j["input_quantization"].value("zero_point", 0);
        }
        if (j.contains("output_quantization")) {
            r.outputScale = j["output_quantization"].value("scale", 0.0f);
            r.outputZeroPoint = j["output_quantization"].value("zero_point", 0);
        }
        auto fm = metricsFromJson(j["confusion_float"], "confusion_float");
        if (!fm) return fm.error();
        auto qm = metricsFromJson(j["confusion_int8"], "confusion_int8");
        if (!qm) return qm.error();
        r.floatMetrics = std::move(*fm);
        r.int8Metrics = std::move(*qm);
        for (const auto& l : j["layers"]) {
            LayerError e;
            e.opIndex = l.value("op_index", 0);
            e.op = l.value("op", "");
            e.tensor = l.value("tensor", "");
            e.scale = l.value("scale", 0.0f);
            e.zeroPoint = l.value("zero_point", 0);
            e.floatMin = l.value("float_min", 0.0);
            e.floatMax = l.value("float_max", 0.0);
            e.rmse = l.value("rmse", 0.0);
            e.maxAbsError = l.value("max_abs_error", 0.0);
            e.snrDb = l.value("snr_db", 0.0);
            r.layers.push_back(std::move(e));
        }
        r.weightsBytes = j.value("weights_bytes", size_t{0});
        r.flashBytes = j["flash_bytes"].get<size_t>();
        r.floatFlashBytes = j.value("float_flash_bytes", size_t{0});
        r.arenaBytes = j["arena_bytes"].get<size_t>();
        r.arenaLowerBoundBytes = j.value("arena_lower_bound_bytes", size_t{0});
        r.macs = j["macs"].get<int64_t>();
        r.hostInferenceUs = j.value("host_inference_us", 0.0);
        if (j.contains("latency_estimates"))
            for (const auto& e : j["latency_estimates"]) {
                LatencyEstimate l;
                l.board = e.value("board", "");
                l.displayName = e.value("display_name", "");
                l.core = e.value("core", "");
                l.clockHz = e.value("clock_hz", uint32_t{0});
                l.applicable = e.value("applicable", false);
                if (l.applicable) {
                    l.cyclesPerMac = e.value("cycles_per_mac", 0.0);
                    l.estimatedMs = e.value("estimated_ms", 0.0);
                }
                l.note = e.value("note", "");
                r.latency.push_back(std::move(l));
            }
        if (j.contains("warnings")) r.warnings = j["warnings"].get<std::vector<std::string>>();
        r.createdMs = j.value("created_ms", int64_t{0});
        return r;
    } catch (const nlohmann::json::exception& e) {
        return makeError(std::string("the report has a field of the wrong type: ") + e.what());
    }
}

std::vector<LayerError> worstLayers(const QuantizationReport& report, size_t count) {
    std::vector<LayerError> sorted = report.layers;
    std::stable_sort(sorted.begin(), sorted.end(), [](const LayerError& a, const LayerError& b) { return a.snrDb < b.snrDb; });
    if (sorted.size() > count) sorted.resize(count);
    return sorted;
}

}  // namespace mote::train
