// Importing sample files and folders into a store.
#include "dataset/importer.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "dataset/formats.h"
#include "dataset/sqlite_util.h"

namespace mote::dataset {

namespace fs = std::filesystem;

namespace {

// Larger files are refused before reading: no sample format here needs them.
constexpr uintmax_t kMaxFileBytes = uintmax_t(1) << 30;

std::string lowerExtension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

Result<std::string> readFile(const fs::path& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec)
        return makeError("cannot read: " + ec.message());
    if (size > kMaxFileBytes)
        return makeError("file is " + std::to_string(size >> 20) + " MB, larger than the 1024 MB import limit");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError("cannot open the file for reading");
    std::string data(size, '\0');
    in.read(data.data(), static_cast<std::streamsize>(size));
    if (static_cast<uintmax_t>(in.gcount()) != size)
        return makeError("file changed or could not be read completely");
    return data;
}

std::optional<Split> splitFromFolders(const fs::path& path) {
    // The Edge Impulse export layout: .../training/x.json, .../testing/x.json
    for (auto it = path.parent_path(); !it.empty() && it != it.root_path(); it = it.parent_path()) {
        std::string name = it.filename().string();
        if (name == "training" || name == "train")
            return Split::Train;
        if (name == "testing" || name == "test")
            return Split::Test;
        if (it == it.parent_path())
            break;
    }
    return std::nullopt;
}

}  // namespace

const char* formatName(FileFormat format) {
    switch (format) {
        case FileFormat::Csv: return "csv";
        case FileFormat::Wav: return "wav";
        case FileFormat::EiJson: return "json";
        case FileFormat::EiCbor: return "cbor";
    }
    return "?";
}

std::optional<FileFormat> formatFromName(const std::string& name) {
    if (name == "csv") return FileFormat::Csv;
    if (name == "wav") return FileFormat::Wav;
    if (name == "json") return FileFormat::EiJson;
    if (name == "cbor") return FileFormat::EiCbor;
    return std::nullopt;
}

std::optional<FileFormat> formatFromPath(const fs::path& path) {
    std::string ext = lowerExtension(path);
    if (ext.empty())
        return std::nullopt;
    return formatFromName(ext.substr(1));
}

std::string labelFromFileName(const fs::path& path) {
    std::string name = path.filename().string();
    return name.substr(0, name.find('.'));
}

Result<std::vector<Sample>> readSampleFile(const fs::path& path, const ImportOptions& options) {
    auto fail = [&](const std::string& reason) { return makeError(path.filename().string() + ": " + reason); };
    auto format = options.format ? options.format : formatFromPath(path);
    if (!format)
        return fail("unsupported file type '" + path.extension().string() + "' (use .csv, .wav, .json or .cbor)");
    auto bytes = readFile(path);
    if (!bytes)
        return fail(bytes.message());
    Result<Sample> parsed = makeError("");
    switch (*format) {
        case FileFormat::Csv: parsed = formats::parseCsv(*bytes, options.csvSampleRateHz); break;
        case FileFormat::Wav: parsed = formats::parseWav(*bytes); break;
        case FileFormat::EiJson: parsed = formats::parseEiJson(*bytes); break;
        case FileFormat::EiCbor: parsed = formats::parseEiCbor(*bytes); break;
    }
    if (!parsed)
        return fail(parsed.message());
    Sample s = std::move(*parsed);
    if (!options.label.empty())
        s.label = options.label;
    else if (options.labelFromFolder)
        s.label = path.parent_path().filename().string();
    else
        s.label = labelFromFileName(path);
    if (s.label.empty())
        return fail("cannot take a label from the file name: name it label.anything.ext or give the label");
    if (!options.device.empty())
        s.device = options.device;
    s.sourceName = path.filename().string();
    s.captureTimeMs = sql::nowMs();
    s.contentHash = computeContentHash(s);
    if (options.split)
        s.split = *options.split;
    else if (auto fromFolder = splitFromFolders(path))
        s.split = *fromFolder;
    else
        s.split = resolveAutoSplit(s);
    if (auto v = s.validate(); !v)
        return fail(v.message());
    return std::vector<Sample>{std::move(s)};
}

Result<std::vector<int64_t>> importFile(SampleStore& store, const fs::path& path, const ImportOptions& options) {
    auto samples = readSampleFile(path, options);
    if (!samples)
        return samples.error();
    auto ids = store.insertAll(*samples);  // one transaction per file
    if (!ids)
        return makeError(path.filename().string() + ": " + ids.message());
    return ids;
}

Result<ImportReport> importFolder(SampleStore& store, const fs::path& dir, const ImportOptions& options,
                                  bool recursive, const ImportProgressFn& progress, const std::atomic<bool>* cancel) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return makeError(dir.string() + " is not a folder");
    std::vector<fs::path> files;
    auto consider = [&](const fs::directory_entry& entry) {
        // manifest.json describes an export folder; it is not a sample.
        if (entry.path().filename() == "manifest.json")
            return;
        if (entry.is_regular_file(ec) && (options.format || formatFromPath(entry.path())))
            files.push_back(entry.path());
    };
    if (recursive) {
        for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            consider(*it);
    } else {
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
            consider(*it);
    }
    if (ec)
        return makeError("cannot list " + dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());

    ImportReport report;
    ImportProgress state;
    state.filesTotal = static_cast<int64_t>(files.size());
    for (const auto& file : files) {
        if (cancel && cancel->load()) {
            report.cancelled = true;
            break;
        }
        state.current = file;
        auto ids = importFile(store, file, options);
        if (ids) {
            ++report.filesImported;
            report.samplesImported += static_cast<int64_t>(ids->size());
        } else {
            report.failures.push_back({file, ids.message()});
        }
        ++state.filesDone;
        if (progress)
            progress(state);
    }
    return report;
}

}  // namespace mote::dataset
