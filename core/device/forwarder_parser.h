#pragma once
// Forwarder mode: records any board that prints one sample per line
// ("1.0,2.0,3.0", tabs or spaces, optional header line, optional leading
// timestamp column). The parser detects the layout from the first lines,
// then turns every line into a row; lines that do not fit are counted and
// skipped, never guessed at.
//
// Not thread-safe: feed it from one thread.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mote::device {

enum class TimestampMode { Auto, None, FirstColumn };
enum class TimeUnit { Seconds, Milliseconds, Microseconds };
const char* timeUnitName(TimeUnit unit);  // "s" / "ms" / "us"

struct ForwarderOptions {
    TimestampMode timestamp = TimestampMode::Auto;
    std::optional<TimeUnit> timestampUnit;  // unset: from the header name, else from the data
    int detectLines = 8;                    // numeric lines looked at before the layout is fixed
};

struct ForwarderLayout {
    char separator = ',';                  // ',', '\t', ';' or ' ' (any run of blanks)
    int axisCount = 0;                     // value columns (timestamp excluded)
    bool hasTimestamp = false;
    TimeUnit timestampUnit = TimeUnit::Milliseconds;
    std::vector<std::string> axisNames;    // from the header, else "axis0", ...
};

struct ForwarderRow {
    std::optional<double> timestampS;      // board time in seconds, when it prints one
    std::vector<float> values;             // axisCount values
    std::chrono::steady_clock::time_point arrival;
};

struct ForwarderCounters {
    uint64_t lines = 0;        // non-empty lines seen
    uint64_t rows = 0;         // rows delivered
    uint64_t junkLines = 0;    // lines that did not parse or had the wrong column count
    uint64_t headerLines = 0;
};

class ForwarderParser {
public:
    explicit ForwarderParser(ForwarderOptions options = {});

    // Splits bytes into lines (LF, CR or CRLF) and parses complete ones.
    // Rows are appended to `out` (rows held back during detection come out
    // once the layout is fixed).
    void feed(const uint8_t* data, size_t size, std::chrono::steady_clock::time_point arrival,
              std::vector<ForwarderRow>& out);
    void feedLine(std::string_view line, std::chrono::steady_clock::time_point arrival,
                  std::vector<ForwarderRow>& out);
    // Fixes the layout from what was seen so far (end of input) and flushes held rows.
    void finishDetection(std::vector<ForwarderRow>& out);

    bool detected() const { return m_detected; }
    const ForwarderLayout& layout() const { return m_layout; }
    const ForwarderCounters& counters() const { return m_counters; }

private:
    struct Pending {
        std::vector<double> fields;
        std::chrono::steady_clock::time_point arrival;
    };
    void detect(std::vector<ForwarderRow>& out);
    bool emitSample(const std::vector<double>& fields, std::chrono::steady_clock::time_point arrival,
                    std::vector<ForwarderRow>& out);

    ForwarderOptions m_options;
    ForwarderLayout m_layout;
    ForwarderCounters m_counters;
    bool m_detected = false;
    std::optional<char> m_separator;
    std::vector<std::string> m_header;
    std::vector<Pending> m_pending;
    std::string m_partial;
    static constexpr size_t kMaxLine = 4096;  // longer lines are junk (no unbounded growth)
};

// Sample rate from timestamps when present (needs 2 rows), else from
// arrival times once they span at least `minArrivalSpan` (serial output
// arrives in bursts; a short span would be noise).
class RateEstimator {
public:
    explicit RateEstimator(std::chrono::milliseconds minArrivalSpan = std::chrono::milliseconds(2000))
        : m_minSpan(minArrivalSpan) {}
    void add(const ForwarderRow& row);
    std::optional<double> rateHz() const;
    bool fromTimestamps() const { return m_haveTs; }
    uint64_t rows() const { return m_rows; }

private:
    std::chrono::milliseconds m_minSpan;
    uint64_t m_rows = 0;
    bool m_haveTs = false;
    double m_firstTs = 0, m_lastTs = 0;
    std::chrono::steady_clock::time_point m_firstArrival{}, m_lastArrival{};
};

}  // namespace mote::device
