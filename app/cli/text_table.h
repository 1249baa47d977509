#pragma once
// TextTable: the plain-text tables of the list commands (runs, models,
// deployments, dataset). Column widths come from the widest cell (header
// included), columns are separated by two spaces, the last column is never
// padded (no trailing blanks), and a cell longer than a column's cap is cut
// with "…" so one long path or reason cannot push every row off the screen.
// Also: the UTC time stamps those tables show.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace mote::cli {

class TextTable {
public:
    enum class Align { Left, Right };
    struct Column {
        std::string header;
        Align align = Align::Left;
        size_t maxWidth = 0;  // 0 = no cap
    };

    explicit TextTable(std::vector<Column> columns);

    // Missing cells print empty; extra cells are an error of the caller and are dropped.
    void addRow(std::vector<std::string> cells);
    size_t rows() const { return m_rows.size(); }

    // Header line, then one line per row.
    void print(std::ostream& out) const;

private:
    std::vector<Column> m_columns;
    std::vector<std::vector<std::string>> m_rows;
};

// "2026-11-23 15:43:12" (UTC) from Unix milliseconds.
std::string utcTimeString(int64_t unixMs);

// Fixed-point text of a number: fixed(0.12345, 3) = "0.123".
std::string fixed(double value, int decimals);
// Shortest usual text of a number (printf %g): 62.5, 100, 1e+06.
std::string shortNumber(double value);

}  // namespace mote::cli
