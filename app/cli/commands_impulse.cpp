// mote impulse show|set: the project's impulse (input, window, DSP, network,
// training settings), stored and versioned in the project database.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "impulse/impulse_defaults.h"
#include "project_option.h"
#include "train/project_training.h"

namespace mote::cli {
namespace {

struct SetOptions {
    std::string file, sensor, dsp, axes, layers, classWeighting;
    std::optional<int> windowMs, strideMs, epochs, batchSize, timeShift, mask;
    std::optional<double> learningRate, validationFraction, noise;
    std::optional<uint64_t> seed;
};

void printImpulse(const impulse::ImpulseConfig& c, int version) {
    std::cout << "impulse " << c.name << " (" << (version ? "version " + std::to_string(version) : "default, not saved yet")
              << ", " << impulse::sensorTypeName(c.sensorType) << ")\n";
    std::string axes;
    for (const auto& a : c.input.axes) axes += (axes.empty() ? "" : ", ") + a;
    std::cout << "  input:    " << (c.input.sensor.empty() ? "any sensor" : c.input.sensor) << " ["
              << (axes.empty() ? "all axes" : axes) << "] @ " << c.input.sampleRateHz << " Hz\n";
    std::cout << "  window:   " << c.window.sizeMs << " ms, stride " << c.window.strideMs << " ms"
              << (c.window.zeroPad ? ", zero-pad short samples" : "") << "\n";
    std::cout << "  dsp:      " << c.dsp.dump() << "\n";
    std::cout << "  network:  ";
    for (const auto& l : c.layers) std::cout << impulse::describeLayer(l) << " -> ";
    std::cout << "dense(classes) -> softmax\n";
    const auto& t = c.training;
    std::cout << "  training: " << t.epochs << " epochs, learning rate " << t.learningRate << ", batch " << t.batchSize
              << ", seed " << t.seed << ", validation " << t.validationFraction * 100 << "%, class weighting "
              << (t.classWeighting == impulse::ClassWeighting::Balanced ? "balanced" : "none") << "\n";
    std::cout << "  augment:  noise " << t.augmentation.noise << ", time shift " << t.augmentation.timeShift
              << ", mask " << t.augmentation.mask << "\n";
}

void show(CliContext& context, const std::string& defaultSensor) {
    if (!defaultSensor.empty()) {
        auto sensor = impulse::sensorTypeFromName(defaultSensor);
        if (!sensor) throw CliError(sensor.message(), kExitUsage);
        auto c = impulse::defaultImpulse(*sensor);
        if (context.json) std::cout << impulse::toJson(c).dump(2) << "\n";
        else printImpulse(c, 0);
        return;
    }
    auto project = openProjectOrThrow(context);
    auto current = train::currentImpulse(project);
    if (!current) throw CliError(current.message());
    if (context.json) {
        nlohmann::json j = impulse::toJson(current->config);
        j["version"] = current->version;
        j["id"] = current->id ? nlohmann::json(*current->id) : nlohmann::json();
        std::cout << j.dump(2) << "\n";
    } else {
        printImpulse(current->config, current->version);
    }
}

void set(CliContext& context, const SetOptions& o) {
    auto project = openProjectOrThrow(context);
    auto current = train::currentImpulse(project);
    if (!current) throw CliError(current.message());
    impulse::ImpulseConfig c = current->config;

    if (!o.file.empty()) {
        std::ifstream in(o.file);
        if (!in) throw CliError("cannot read " + o.file + ": check the path", kExitBadInput);
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = impulse::impulseFromJsonText(text.str());
        if (!parsed) throw CliError(o.file + ": " + parsed.message(), kExitBadInput);
        c = *parsed;
    }
    if (!o.sensor.empty()) {
        auto sensor = impulse::sensorTypeFromName(o.sensor);
        if (!sensor) throw CliError(sensor.message(), kExitUsage);
        // Switching sensor type starts from that type's defaults.
        if (*sensor != c.sensorType) c = impulse::defaultImpulse(*sensor, c.input.sampleRateHz);
    }
    if (!o.dsp.empty()) {
        auto dsp = impulse::dspJsonForBlock(o.dsp, c.input.sampleRateHz);
        if (!dsp) throw CliError(dsp.message(), kExitUsage);
        c.dsp = *dsp;
    }
    if (!o.axes.empty()) {
        c.input.axes.clear();
        std::stringstream ss(o.axes);
        for (std::string a; std::getline(ss, a, ',');)
            if (!a.empty()) c.input.axes.push_back(a);
    }
    if (!o.layers.empty()) {
        auto j = nlohmann::json::parse(o.layers, nullptr, false);
        if (j.is_discarded()) throw CliError("--layers is not valid JSON (expected a list of layer objects)", kExitBadInput);
        auto layers = nn::layersFromJson(j);
        if (!layers) throw CliError("--layers: " + layers.message(), kExitBadInput);
        c.layers = *layers;
    }
    if (o.windowMs) c.window.sizeMs = *o.windowMs;
    if (o.strideMs) c.window.strideMs = *o.strideMs;
    if (o.epochs) c.training.epochs = *o.epochs;
    if (o.batchSize) c.training.batchSize = *o.batchSize;
    if (o.learningRate) c.training.learningRate = *o.learningRate;
    if (o.validationFraction) c.training.validationFraction = *o.validationFraction;
    if (o.seed) c.training.seed = *o.seed;
    if (o.noise) c.training.augmentation.noise = *o.noise;
    if (o.timeShift) c.training.augmentation.timeShift = *o.timeShift;
    if (o.mask) c.training.augmentation.mask = *o.mask;
    if (!o.classWeighting.empty()) {
        if (o.classWeighting == "balanced") c.training.classWeighting = impulse::ClassWeighting::Balanced;
        else if (o.classWeighting == "none") c.training.classWeighting = impulse::ClassWeighting::None;
        else throw CliError("--class-weighting must be none or balanced", kExitUsage);
    }
    if (auto s = impulse::validate(c); !s) throw CliError(s.message(), kExitBadInput);
    auto saved = train::saveImpulse(project, c);
    if (!saved) throw CliError(saved.message());
    if (context.json) {
        nlohmann::json j = impulse::toJson(saved->config);
        j["version"] = saved->version;
        j["id"] = *saved->id;
        std::cout << j.dump() << "\n";
    } else {
        std::cout << "impulse " << c.name << " version " << saved->version
                  << (saved->version == current->version ? " (unchanged)" : " saved") << "\n";
    }
}

void installImpulse(CLI::App& root, CliContext& context) {
    auto* impulseCmd = root.add_subcommand("impulse", "Show or change the impulse (window, DSP, network, training settings)");
    impulseCmd->require_subcommand(1);

    static std::string defaultSensor;
    auto* showCmd = impulseCmd->add_subcommand("show", "Show the project's current impulse");
    addProjectOption(showCmd, context);
    addJsonFlag(showCmd, context);
    showCmd->add_option("--default", defaultSensor, "Show the built-in default for a sensor type (motion, audio, other) instead");
    showCmd->callback([&context] { show(context, defaultSensor); });

    static SetOptions o;
    auto* setCmd = impulseCmd->add_subcommand("set", "Change the impulse; stores a new version");
    addProjectOption(setCmd, context);
    addJsonFlag(setCmd, context);
    setCmd->add_option("--file", o.file, "Replace the whole impulse with this JSON file");
    setCmd->add_option("--sensor", o.sensor, "Sensor type: motion, audio or other (resets to its defaults)");
    setCmd->add_option("--dsp", o.dsp, "DSP block: raw, spectral, mfe or mfcc (with default parameters)");
    setCmd->add_option("--axes", o.axes, "Axes to use, comma-separated (empty = all)");
    setCmd->add_option("--window-ms", o.windowMs, "Window size in ms");
    setCmd->add_option("--stride-ms", o.strideMs, "Window stride in ms");
    setCmd->add_option("--layers", o.layers, "Hidden layers as JSON, e.g. '[{\"type\":\"dense\",\"params\":{\"units\":20,\"activation\":\"relu\"}}]'");
    setCmd->add_option("--epochs", o.epochs, "Training epochs");
    setCmd->add_option("--learning-rate", o.learningRate, "Learning rate");
    setCmd->add_option("--batch-size", o.batchSize, "Batch size");
    setCmd->add_option("--seed", o.seed, "Random seed");
    setCmd->add_option("--validation-fraction", o.validationFraction, "Fraction of training samples held out for validation");
    setCmd->add_option("--class-weighting", o.classWeighting, "none or balanced");
    setCmd->add_option("--noise", o.noise, "Augmentation: noise std as a fraction of each feature's std");
    setCmd->add_option("--time-shift", o.timeShift, "Augmentation: max time shift in feature rows");
    setCmd->add_option("--mask", o.mask, "Augmentation: max masked band width");
    setCmd->callback([&context] { set(context, o); });
}

const CommandRegistration reg{"impulse", &installImpulse};

}  // namespace
}  // namespace mote::cli
