#pragma once
// Reading sample files into a SampleStore: CSV, WAV, Edge Impulse data
// acquisition JSON and CBOR.
//
// Contract
// - A file is imported all or nothing: it is parsed completely, then its
//   samples are inserted in one transaction. A bad file leaves the store
//   unchanged and its Error names the file and the reason.
// - importFolder() skips bad files (reporting each), calls `progress` after
//   every file on the calling thread, and stops between files when `cancel`
//   becomes true (already imported files stay).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "dataset/sample.h"
#include "dataset/sample_store.h"

namespace mote::dataset {

enum class FileFormat { Csv, Wav, EiJson, EiCbor };

const char* formatName(FileFormat format);  // "csv", "wav", "json", "cbor"
std::optional<FileFormat> formatFromName(const std::string& name);
// From the extension (.csv .wav .json .cbor, case-insensitive).
std::optional<FileFormat> formatFromPath(const std::filesystem::path& path);

struct ImportOptions {
    std::string label = {};                         // empty: from the file name (see labelFromFileName)
    bool labelFromFolder = false;                   // label = parent folder name (speech-commands layout)
    std::optional<Split> split = std::nullopt;      // nullopt = auto (folder "training"/"testing", else hash)
    double csvSampleRateHz = 0;                     // CSV without a timestamp column needs this
    std::string device = {};                        // device identity to record ("" = from the file if any)
    std::optional<FileFormat> format = std::nullopt;  // nullopt = from the extension
};

// The Edge Impulse uploader's rule: the part of the file name before the
// first '.', e.g. "wave.5f3a.json" -> "wave". Empty if the name starts with '.'.
std::string labelFromFileName(const std::filesystem::path& path);

// Parses one file into samples (one per file for every supported format),
// with label/split/source name filled in. Does not touch any store.
Result<std::vector<Sample>> readSampleFile(const std::filesystem::path& path, const ImportOptions& options);

// Parses and stores one file (all or nothing). Returns the new ids.
Result<std::vector<int64_t>> importFile(SampleStore& store, const std::filesystem::path& path,
                                        const ImportOptions& options);

struct ImportFailure {
    std::filesystem::path file;
    std::string reason;
};

struct ImportProgress {
    int64_t filesDone = 0;
    int64_t filesTotal = 0;
    std::filesystem::path current;
};

struct ImportReport {
    int64_t filesImported = 0;
    int64_t samplesImported = 0;
    std::vector<ImportFailure> failures;
    bool cancelled = false;
};

using ImportProgressFn = std::function<void(const ImportProgress&)>;

// Imports every supported file in `dir` (sorted by path; sub-folders too
// when `recursive`). Files with unsupported extensions and manifest.json
// (written by exportDataset) are ignored.
Result<ImportReport> importFolder(SampleStore& store, const std::filesystem::path& dir,
                                  const ImportOptions& options, bool recursive,
                                  const ImportProgressFn& progress = {},
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace mote::dataset
