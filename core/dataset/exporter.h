#pragma once
// Writing samples back out as CSV, WAV, Edge Impulse JSON or CBOR, one file
// per sample, and whole-dataset export folders with a manifest.
//
// Files are written to a temporary name and renamed into place, so a reader
// never sees half a file. Errors name the file and the reason.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "dataset/importer.h"
#include "dataset/sample.h"
#include "dataset/sample_store.h"

namespace mote::dataset {

// Serialises one sample (with data) to bytes in the given format.
// WAV needs int16 data (float32 samples are refused: say so).
Result<std::string> encodeSample(const Sample& sample, FileFormat format);

// Writes one sample to `file` atomically.
Status writeSampleFile(const Sample& sample, FileFormat format, const std::filesystem::path& file);

struct ExportReport {
    int64_t samplesWritten = 0;
    std::filesystem::path manifest;
};

// Exports the filtered samples to `dir` (created; must be empty or absent):
//   dir/training/<label>.<id>.<ext>, dir/testing/<label>.<id>.<ext>,
//   dir/manifest.json  {"format","dataset_version","samples":[{file,label,split,...}]}
// A format of nullopt picks WAV for int16 samples and JSON for float32.
// `progress(done, total)` is called on the calling thread after each sample.
using ExportProgressFn = std::function<void(int64_t done, int64_t total)>;
Result<ExportReport> exportDataset(const SampleStore& store, const std::filesystem::path& dir,
                                   std::optional<FileFormat> format, const SampleFilter& filter = {},
                                   const std::atomic<bool>* cancel = nullptr,
                                   const ExportProgressFn& progress = {});

}  // namespace mote::dataset
