#include "device/forwarder_parser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

namespace mote::device {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

char guessSeparator(std::string_view line) {
    for (char c : {',', '\t', ';'})
        if (line.find(c) != std::string_view::npos)
            return c;
    return ' ';
}

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> out;
    if (sep == ' ') {
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])))
                ++i;
            size_t start = i;
            while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i])))
                ++i;
            if (i > start)
                out.push_back(line.substr(start, i - start));
        }
        return out;
    }
    size_t start = 0;
    while (true) {
        size_t pos = line.find(sep, start);
        out.push_back(trim(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start)));
        if (pos == std::string_view::npos)
            break;
        start = pos + 1;
    }
    return out;
}

std::optional<double> parseNumber(std::string_view field) {
    if (field.empty() || field.size() > 64)
        return std::nullopt;
    char buf[65];
    std::copy(field.begin(), field.end(), buf);
    buf[field.size()] = '\0';
    char* end = nullptr;
    double v = std::strtod(buf, &end);
    if (end != buf + field.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool timeLikeName(const std::string& name) {
    const std::string n = lower(name);
    for (const char* key : {"time", "ts", "millis", "micros", "stamp", "t_ms", "t_us", "t_s"})
        if (n.find(key) != std::string::npos)
            return true;
    return n == "t" || n == "ms" || n == "us" || n == "s";
}

std::optional<TimeUnit> unitFromName(const std::string& name) {
    const std::string n = lower(name);
    if (n.find("micros") != std::string::npos || n.find("us") != std::string::npos)
        return TimeUnit::Microseconds;
    if (n.find("millis") != std::string::npos || n.find("ms") != std::string::npos)
        return TimeUnit::Milliseconds;
    if (n.find("sec") != std::string::npos || n == "s" || n.find("_s") != std::string::npos ||
        n.find("(s)") != std::string::npos)
        return TimeUnit::Seconds;
    return std::nullopt;
}

double unitSeconds(TimeUnit unit) {
    switch (unit) {
    case TimeUnit::Seconds: return 1.0;
    case TimeUnit::Milliseconds: return 1e-3;
    case TimeUnit::Microseconds: return 1e-6;
    }
    return 1.0;
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

constexpr auto kUnitArrivalSpan = std::chrono::milliseconds(250);
constexpr size_t kMaxPending = 400;

}  // namespace

const char* timeUnitName(TimeUnit unit) {
    switch (unit) {
    case TimeUnit::Seconds: return "s";
    case TimeUnit::Milliseconds: return "ms";
    case TimeUnit::Microseconds: return "us";
    }
    return "?";
}

ForwarderParser::ForwarderParser(ForwarderOptions options) : m_options(options) {
    if (m_options.detectLines < 2)
        m_options.detectLines = 2;
}

void ForwarderParser::feed(const uint8_t* data, size_t size, std::chrono::steady_clock::time_point arrival,
                           std::vector<ForwarderRow>& out) {
    for (size_t i = 0; i < size; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\n' || c == '\r') {
            if (m_partial.size() > kMaxLine) {
                ++m_counters.lines;
                ++m_counters.junkLines;
            } else if (!m_partial.empty()) {
                feedLine(m_partial, arrival, out);
            }
            m_partial.clear();
            continue;
        }
        // Past the limit keep only a marker byte: the line is junk anyway.
        if (m_partial.size() <= kMaxLine)
            m_partial.push_back(c);
    }
}

void ForwarderParser::feedLine(std::string_view raw, std::chrono::steady_clock::time_point arrival,
                               std::vector<ForwarderRow>& out) {
    std::string_view line = trim(raw);
    if (line.empty())
        return;
    ++m_counters.lines;
    if (line.size() > kMaxLine) {
        ++m_counters.junkLines;
        return;
    }
    // The separator is fixed by the first data line; a header alone does not fix it.
    const bool dataSeen = m_detected || !m_pending.empty();
    const char sep = (m_separator && dataSeen) ? *m_separator : guessSeparator(line);
    auto fields = split(line, sep);
    std::vector<double> numbers;
    numbers.reserve(fields.size());
    bool numeric = !fields.empty();
    for (auto f : fields) {
        auto v = parseNumber(f);
        if (!v) {
            numeric = false;
            break;
        }
        numbers.push_back(*v);
    }
    if (!numeric) {
        // A header is only believed before any data and when no field is a
        // number; of several such lines (boot banner, then header) the last
        // one before the data wins and the earlier ones count as junk.
        const bool noneNumeric = std::none_of(fields.begin(), fields.end(), [](std::string_view f) {
            return f.empty() || parseNumber(f).has_value();
        });
        if (!m_detected && m_pending.empty() && noneNumeric && fields.size() >= 2) {
            if (!m_header.empty()) {
                --m_counters.headerLines;
                ++m_counters.junkLines;
            }
            m_header.assign(fields.begin(), fields.end());
            m_separator = sep;
            ++m_counters.headerLines;
        } else {
            ++m_counters.junkLines;
        }
        return;
    }
    if (m_detected) {
        emitSample(numbers, arrival, out);
        return;
    }
    if (m_pending.empty())
        m_separator = sep;
    m_pending.push_back({std::move(numbers), arrival});
    if (m_pending.size() >= static_cast<size_t>(m_options.detectLines)) {
        // The timestamp unit may be decided from arrival times: wait for a
        // long enough span unless the header or the options already say it.
        const bool unitKnown = m_options.timestampUnit.has_value() ||
                               (!m_header.empty() && unitFromName(m_header.front()).has_value()) ||
                               m_options.timestamp == TimestampMode::None;
        const auto span = m_pending.back().arrival - m_pending.front().arrival;
        if (unitKnown || span >= kUnitArrivalSpan || m_pending.size() >= kMaxPending)
            detect(out);
    }
}

void ForwarderParser::finishDetection(std::vector<ForwarderRow>& out) {
    if (!m_detected && !m_pending.empty())
        detect(out);
}

void ForwarderParser::detect(std::vector<ForwarderRow>& out) {
    // Column count: the most common among the held lines (junk has other counts).
    std::map<size_t, int> counts;
    for (const auto& p : m_pending)
        ++counts[p.fields.size()];
    size_t columns = 0;
    int best = 0;
    for (auto [n, c] : counts)
        if (c > best || (c == best && n > columns)) {
            best = c;
            columns = n;
        }
    std::vector<const Pending*> rows;
    for (const auto& p : m_pending)
        if (p.fields.size() == columns)
            rows.push_back(&p);

    bool ts = false;
    switch (m_options.timestamp) {
    case TimestampMode::None: ts = false; break;
    case TimestampMode::FirstColumn: ts = columns >= 2; break;
    case TimestampMode::Auto:
        if (!m_header.empty() && m_header.size() == columns) {
            ts = columns >= 2 && timeLikeName(m_header.front());
        } else if (columns >= 2 && rows.size() >= 3) {
            // A first column that strictly increases in regular steps is a clock.
            std::vector<double> deltas;
            bool increasing = true;
            for (size_t i = 1; i < rows.size(); ++i) {
                double d = rows[i]->fields[0] - rows[i - 1]->fields[0];
                if (d <= 0)
                    increasing = false;
                deltas.push_back(d);
            }
            if (increasing) {
                double med = median(deltas);
                int regular = 0;
                for (double d : deltas)
                    if (std::fabs(d - med) <= 0.5 * med)
                        ++regular;
                ts = regular * 4 >= static_cast<int>(deltas.size()) * 3;
            }
        }
        break;
    }

    m_layout = ForwarderLayout{};
    m_layout.separator = m_separator.value_or(',');
    m_layout.hasTimestamp = ts;
    m_layout.axisCount = static_cast<int>(columns) - (ts ? 1 : 0);
    if (m_header.size() == columns) {
        m_layout.axisNames.assign(m_header.begin() + (ts ? 1 : 0), m_header.end());
    } else {
        for (int i = 0; i < m_layout.axisCount; ++i)
            m_layout.axisNames.push_back("axis" + std::to_string(i));
    }
    if (ts) {
        if (m_options.timestampUnit) {
            m_layout.timestampUnit = *m_options.timestampUnit;
        } else if (auto u = m_header.size() == columns ? unitFromName(m_header.front()) : std::nullopt) {
            m_layout.timestampUnit = *u;
        } else {
            const double tsSpan = rows.back()->fields[0] - rows.front()->fields[0];
            const double arrivalSpan =
                std::chrono::duration<double>(rows.back()->arrival - rows.front()->arrival).count();
            if (arrivalSpan >= 0.2 && tsSpan > 0) {
                // Pick the unit whose scale best matches the host clock.
                const double decades = std::log10(tsSpan / arrivalSpan);
                m_layout.timestampUnit = decades < 1.5   ? TimeUnit::Seconds
                                         : decades < 4.5 ? TimeUnit::Milliseconds
                                                         : TimeUnit::Microseconds;
            } else {
                // Lines came in one burst (replay): judge by the numbers.
                std::vector<double> deltas;
                bool integral = true;
                for (size_t i = 1; i < rows.size(); ++i) {
                    deltas.push_back(rows[i]->fields[0] - rows[i - 1]->fields[0]);
                    integral = integral && std::floor(rows[i]->fields[0]) == rows[i]->fields[0];
                }
                const double med = median(deltas);
                m_layout.timestampUnit = !integral ? TimeUnit::Seconds
                                         : med >= 200 ? TimeUnit::Microseconds
                                                      : TimeUnit::Milliseconds;
            }
        }
    }
    m_detected = true;
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (const auto& p : pending)
        emitSample(p.fields, p.arrival, out);
}

bool ForwarderParser::emitSample(const std::vector<double>& fields, std::chrono::steady_clock::time_point arrival,
                           std::vector<ForwarderRow>& out) {
    const size_t expected = static_cast<size_t>(m_layout.axisCount) + (m_layout.hasTimestamp ? 1 : 0);
    if (fields.size() != expected || m_layout.axisCount <= 0) {
        ++m_counters.junkLines;
        return false;
    }
    ForwarderRow row;
    row.arrival = arrival;
    size_t first = 0;
    if (m_layout.hasTimestamp) {
        row.timestampS = fields[0] * unitSeconds(m_layout.timestampUnit);
        first = 1;
    }
    row.values.reserve(expected - first);
    for (size_t i = first; i < fields.size(); ++i)
        row.values.push_back(static_cast<float>(fields[i]));
    out.push_back(std::move(row));
    ++m_counters.rows;
    return true;
}

void RateEstimator::add(const ForwarderRow& row) {
    if (m_rows == 0) {
        m_firstArrival = row.arrival;
        if (row.timestampS) {
            m_haveTs = true;
            m_firstTs = *row.timestampS;
        }
    }
    m_lastArrival = row.arrival;
    if (m_haveTs && row.timestampS)
        m_lastTs = *row.timestampS;
    ++m_rows;
}

std::optional<double> RateEstimator::rateHz() const {
    if (m_rows < 2)
        return std::nullopt;
    if (m_haveTs) {
        const double span = m_lastTs - m_firstTs;
        if (span <= 0)
            return std::nullopt;
        return static_cast<double>(m_rows - 1) / span;
    }
    const auto span = m_lastArrival - m_firstArrival;
    if (span < m_minSpan)
        return std::nullopt;
    return static_cast<double>(m_rows - 1) / std::chrono::duration<double>(span).count();
}

}  // namespace mote::device
