// Exporting samples to files and whole datasets to a folder with a manifest.
#include "dataset/exporter.h"

#include <fstream>
#include <system_error>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "dataset/formats.h"

namespace mote::dataset {

namespace fs = std::filesystem;

Result<std::string> encodeSample(const Sample& sample, FileFormat format) {
    if (sample.data.empty())
        return makeError("sample " + std::to_string(sample.id) + " has no data loaded");
    switch (format) {
        case FileFormat::Csv: return formats::encodeCsv(sample);
        case FileFormat::Wav: return formats::encodeWav(sample);
        case FileFormat::EiJson: return formats::encodeEiJson(sample);
        case FileFormat::EiCbor: return formats::encodeEiCbor(sample);
    }
    return makeError("unknown export format");
}

namespace {

// Temp file + rename: readers see the old file or the whole new one.
Status writeAtomically(const fs::path& file, const std::string& bytes) {
    fs::path temp = file;
    temp += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            return makeError("cannot write " + file.string());
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(temp, ec);
            return makeError("cannot write " + file.string() + " (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp, ec);
        return makeError("cannot write " + file.string() + ": " + ec.message());
    }
    return {};
}

std::string safeName(const std::string& label) {
    std::string out;
    for (char c : label)
        out.push_back((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_');
    return out.empty() ? "sample" : out;
}

}  // namespace

Status writeSampleFile(const Sample& sample, FileFormat format, const fs::path& file) {
    auto bytes = encodeSample(sample, format);
    if (!bytes)
        return bytes.error();
    return writeAtomically(file, *bytes);
}

Result<ExportReport> exportDataset(const SampleStore& store, const fs::path& dir, std::optional<FileFormat> format,
                                   const SampleFilter& filter, const std::atomic<bool>* cancel,
                                   const ExportProgressFn& progress) {
    std::error_code ec;
    if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
        return makeError(dir.string() + " exists and is not an empty folder: choose a new folder for the export");
    for (const char* sub : {"training", "testing"}) {
        fs::create_directories(dir / sub, ec);
        if (ec)
            return makeError("cannot create " + (dir / sub).string() + ": " + ec.message());
    }
    auto version = store.datasetVersion(filter);
    if (!version)
        return version.error();
    int64_t total = 0;
    if (progress) {
        auto count = store.count(filter);
        if (!count)
            return count.error();
        total = *count;
    }
    nlohmann::json entries = nlohmann::json::array();
    ExportReport report;
    const int64_t kPage = 500;
    std::optional<int64_t> lastId;
    while (true) {
        auto page = store.query(filter, {.offset = 0, .limit = kPage, .afterId = lastId});
        if (!page)
            return page.error();
        for (const auto& meta : *page) {
            if (cancel && cancel->load())
                return makeError("export cancelled after " + std::to_string(report.samplesWritten) + " samples");
            auto sample = store.load(meta.id);
            if (!sample)
                return sample.error();
            FileFormat f = format.value_or(sample->dataType == DataType::Int16 ? FileFormat::Wav : FileFormat::EiJson);
            fs::path rel = fs::path(sample->split == Split::Train ? "training" : "testing") /
                           (safeName(sample->label) + "." + std::to_string(sample->id) + "." + formatName(f));
            if (auto s = writeSampleFile(*sample, f, dir / rel); !s)
                return s.error();
            entries.push_back({{"file", rel.generic_string()},
                               {"label", sample->label},
                               {"split", splitName(sample->split)},
                               {"sensor", sample->sensor},
                               {"axes", sample->axisNames},
                               {"units", sample->units},
                               {"sample_rate_hz", sample->sampleRateHz},
                               {"frames", sample->frameCount},
                               {"data_type", dataTypeName(sample->dataType)},
                               {"content_hash", sample->contentHash},
                               {"source_name", sample->sourceName}});
            ++report.samplesWritten;
            lastId = meta.id;
            if (progress)
                progress(report.samplesWritten, total);
        }
        if (static_cast<int64_t>(page->size()) < kPage)
            break;
    }
    nlohmann::json manifest = {{"generator", "Mote Studio"},
                               {"format_version", 1},
                               {"dataset_version", *version},
                               {"sample_count", report.samplesWritten},
                               {"samples", entries}};
    report.manifest = dir / "manifest.json";
    if (auto s = writeAtomically(report.manifest, manifest.dump(2) + "\n"); !s)
        return s.error();
    return report;
}

}  // namespace mote::dataset
