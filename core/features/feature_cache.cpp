#include "features/feature_cache.h"

#include <atomic>
#include <cstring>
#include <fstream>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "dsp/dsp_config_json.h"

namespace mote::features {
namespace {

constexpr char kMagic[4] = {'M', 'F', 'T', '1'};

nlohmann::json describe(const FeatureRequest& request) {
    return {{"dsp", dsp::dspConfigToJson(request.dsp)},
            {"window", {{"window_ms", request.window.windowMs},
                        {"stride_ms", request.window.strideMs},
                        {"zero_pad", request.window.zeroPad},
                        {"axes", request.window.axes}}}};
}

std::string fnv64(const std::string& text) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void putU32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint32_t getU32(const char* p) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

// Unique per process and thread so concurrent writers never share a temp file.
std::string tempSuffix() {
    static std::atomic<uint64_t> counter{0};
    std::hash<std::thread::id> hasher;
    return ".tmp" + std::to_string(hasher(std::this_thread::get_id()) % 1000000) + "_" +
           std::to_string(counter.fetch_add(1));
}

Status writeAtomically(const std::filesystem::path& path, const std::string& bytes) {
    const std::filesystem::path temp = path.string() + tempSuffix();
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            return makeError("cannot write feature cache file " + temp.string() + ": check the project folder permissions");
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out)
            return makeError("writing " + temp.string() + " failed (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return makeError("cannot move feature cache file into place: " + path.string());
    }
    return {};
}

}  // namespace

std::string featureConfigKey(const FeatureRequest& request) { return fnv64(describe(request).dump()); }

FeatureCache::FeatureCache(std::filesystem::path root, const FeatureRequest& request)
    : m_key(featureConfigKey(request)), m_description(describe(request).dump(2)) {
    m_dir = std::move(root) / m_key;
}

Status FeatureCache::prepare() const {
    std::error_code ec;
    std::filesystem::create_directories(m_dir, ec);
    if (ec)
        return makeError("cannot create the feature cache folder " + m_dir.string() + ": " + ec.message());
    if (!std::filesystem::exists(m_dir / "config.json"))
        return writeAtomically(m_dir / "config.json", m_description + "\n");
    return {};
}

std::optional<SampleFeatures> FeatureCache::load(const std::string& contentHash,
                                                 const dsp::OutputShape& expected) const {
    if (contentHash.empty())
        return std::nullopt;
    std::ifstream in(m_dir / (contentHash + ".f32"), std::ios::binary);
    if (!in)
        return std::nullopt;
    char header[16];
    if (!in.read(header, sizeof header) || std::memcmp(header, kMagic, 4) != 0)
        return std::nullopt;
    SampleFeatures f;
    f.windows = getU32(header + 4);
    f.windowShape.rows = getU32(header + 8);
    f.windowShape.cols = getU32(header + 12);
    if (f.windowShape.rows != expected.rows || f.windowShape.cols != expected.cols || f.windows > (1u << 24))
        return std::nullopt;
    const size_t count = static_cast<size_t>(f.windows) * f.windowShape.size();
    f.values.resize(count);
    static_assert(sizeof(float) == 4, "float32 cache files");
    if (count > 0 && !in.read(reinterpret_cast<char*>(f.values.data()), static_cast<std::streamsize>(count * 4)))
        return std::nullopt;
    if (in.peek() != std::ifstream::traits_type::eof())
        return std::nullopt;  // trailing bytes: not a file we wrote
    return f;
}

Status FeatureCache::store(const std::string& contentHash, const SampleFeatures& features) const {
    if (contentHash.empty())
        return makeError("a sample without a content hash cannot be cached");
    std::string bytes(kMagic, 4);
    putU32(bytes, features.windows);
    putU32(bytes, features.windowShape.rows);
    putU32(bytes, features.windowShape.cols);
    // Host is little-endian (x86-64 / arm64 Linux); the format says LE.
    bytes.append(reinterpret_cast<const char*>(features.values.data()), features.values.size() * sizeof(float));
    return writeAtomically(m_dir / (contentHash + ".f32"), bytes);
}

Status FeatureCache::clear(const std::filesystem::path& root) {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
    if (ec)
        return makeError("cannot clear the feature cache " + root.string() + ": " + ec.message());
    return {};
}

}  // namespace mote::features
