// CSV sample files: header row, optional timestamp column, numeric axes.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

#include "dataset/formats.h"

namespace mote::dataset::formats {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitFields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        size_t comma = line.find(',', start);
        out.push_back(trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos)
            return out;
        start = comma + 1;
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// Timestamp unit from a column name: 1000 = ms, 1 = s, 0 = not a timestamp, -1 = guess from data.
double timestampScale(std::string_view name) {
    std::string n = lower(name);
    for (const char* ms : {"timestamp_ms", "time_ms", "ms", "millis", "timestamp (ms)", "time (ms)", "t_ms"})
        if (n == ms)
            return 1000;
    for (const char* s : {"timestamp_s", "time_s", "seconds", "sec", "s", "timestamp (s)", "time (s)", "t_s"})
        if (n == s)
            return 1;
    if (n == "timestamp" || n == "time" || n == "t")
        return -1;
    return 0;
}

bool parseNumber(std::string_view text, double& out) {
    if (text.empty())
        return false;
    if (text.front() == '+')
        text.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(out);
}

}  // namespace

Result<Sample> parseCsv(std::string_view text, double rateHz) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF)
        text.remove_prefix(3);  // UTF-8 byte order mark
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (!trim(line).empty())
            lines.push_back(line);
        if (nl == std::string_view::npos)
            break;
        start = nl + 1;
    }
    if (lines.empty())
        return makeError("CSV is empty (expected a header row)");
    auto header = splitFields(lines[0]);
    int timeColumn = -1;
    double scale = 0;
    for (size_t i = 0; i < header.size(); ++i) {
        if (header[i].empty())
            return makeError("CSV header column " + std::to_string(i + 1) + " has no name");
        double sc = timestampScale(header[i]);
        if (sc != 0 && timeColumn < 0) {
            timeColumn = static_cast<int>(i);
            scale = sc;
        }
        double dummy;
        if (parseNumber(header[i], dummy))
            return makeError("CSV first row is numbers, not a header: add a header row naming the columns");
    }
    Sample s;
    s.sensor = "imported";
    for (size_t i = 0; i < header.size(); ++i)
        if (static_cast<int>(i) != timeColumn) {
            s.axisNames.emplace_back(header[i]);
            s.units.emplace_back();
        }
    if (s.axisNames.empty())
        return makeError("CSV has no value columns besides the timestamp");
    if (lines.size() < 2)
        return makeError("CSV has a header but no data rows");
    std::vector<float> values;
    values.reserve((lines.size() - 1) * s.axisNames.size());
    std::vector<double> times;
    for (size_t r = 1; r < lines.size(); ++r) {
        auto fields = splitFields(lines[r]);
        if (fields.size() != header.size())
            return makeError("CSV row " + std::to_string(r + 1) + " has " + std::to_string(fields.size()) +
                             " fields but the header has " + std::to_string(header.size()));
        for (size_t c = 0; c < fields.size(); ++c) {
            double v;
            if (!parseNumber(fields[c], v))
                return makeError("CSV row " + std::to_string(r + 1) + ", column '" + std::string(header[c]) + "': '" +
                                 std::string(fields[c]) + "' is not a number");
            if (static_cast<int>(c) == timeColumn)
                times.push_back(v);
            else
                values.push_back(static_cast<float>(v));
        }
    }
    if (rateHz <= 0) {
        if (timeColumn < 0)
            return makeError("CSV has no timestamp column (timestamp, time_ms, ...): give the sample rate explicitly");
        if (times.size() < 2)
            return makeError("CSV has a single row: cannot measure the rate from timestamps, give it explicitly");
        for (size_t i = 1; i < times.size(); ++i)
            if (times[i] <= times[i - 1])
                return makeError("CSV timestamps are not increasing at row " + std::to_string(i + 2));
        if (scale < 0) {
            std::vector<double> steps;
            for (size_t i = 1; i < times.size(); ++i)
                steps.push_back(times[i] - times[i - 1]);
            std::nth_element(steps.begin(), steps.begin() + static_cast<ptrdiff_t>(steps.size() / 2), steps.end());
            scale = steps[steps.size() / 2] >= 0.5 ? 1000 : 1;
        }
        double span = (times.back() - times.front()) / scale;  // seconds
        rateHz = static_cast<double>(times.size() - 1) / span;
    }
    s.sampleRateHz = rateHz;
    s.setFloatData(values);
    return s;
}

std::string encodeCsv(const Sample& sample) {
    std::string out = "timestamp";
    for (const auto& axis : sample.axisNames)
        out += "," + axis;
    out += "\n";
    char buffer[64];
    for (int64_t f = 0; f < sample.frameCount; ++f) {
        // Millisecond timestamps with enough digits for rates like 62.5 Hz.
        std::snprintf(buffer, sizeof buffer, "%.6g", static_cast<double>(f) * 1000.0 / sample.sampleRateHz);
        out += buffer;
        for (int a = 0; a < sample.axisCount(); ++a) {
            std::snprintf(buffer, sizeof buffer, ",%.9g", static_cast<double>(sample.value(f, a)));
            out += buffer;
        }
        out += "\n";
    }
    return out;
}

}  // namespace mote::dataset::formats
