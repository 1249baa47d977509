#pragma once
// FeatureCache: features of one sample for one (DSP config, window spec),
// kept as a file so nothing is recomputed needlessly:
//   <root>/<configKey>/<sample content hash>.f32
//   <root>/<configKey>/config.json      (what the key stands for, for humans)
// The project's root is <project>/artifacts/features. The content hash
// covers the sample's shape and data (not its label or split), so
// relabelling or moving a sample keeps its cache entry; changing any DSP or
// window parameter gives a new key. A file holds a 16-byte header
// ("MFT1", windows, rows, cols as uint32 LE) then the float32 LE values.
//
// Threads: load/store of different samples may run concurrently; writes are
// atomic (temp file + rename), so a reader never sees half a file. A file
// that is short, has a bad header or another shape is a miss (recomputed and
// overwritten), never an error.
#include <filesystem>
#include <optional>
#include <string>

#include "common/result.h"
#include "features/sample_features.h"

namespace mote::features {

class FeatureCache {
public:
    FeatureCache(std::filesystem::path root, const FeatureRequest& request);

    const std::filesystem::path& dir() const { return m_dir; }
    const std::string& configKey() const { return m_key; }

    // Creates the folder and its config.json.
    Status prepare() const;
    std::optional<SampleFeatures> load(const std::string& contentHash, const dsp::OutputShape& expected) const;
    Status store(const std::string& contentHash, const SampleFeatures& features) const;

    // Deletes every cached file of every configuration under root.
    static Status clear(const std::filesystem::path& root);

private:
    std::filesystem::path m_dir;
    std::string m_key;
    std::string m_description;
};

}  // namespace mote::features
