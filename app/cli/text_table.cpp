#include "text_table.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace mote::cli {
namespace {

// Columns are measured in code points so a "…" or a UTF-8 label lines up.
size_t displayWidth(const std::string& s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string clip(const std::string& cell, size_t maxWidth) {
    if (maxWidth == 0 || displayWidth(cell) <= maxWidth)
        return cell;
    std::string out;
    size_t width = 0;
    for (char c : cell) {
        const bool starts = (c & 0xC0) != 0x80;
        if (starts && ++width > maxWidth - 1)
            break;
        out += c;
    }
    return out + "\u2026";
}

}  // namespace

TextTable::TextTable(std::vector<Column> columns) : m_columns(std::move(columns)) {}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(m_columns.size());
    for (size_t c = 0; c < cells.size(); ++c)
        cells[c] = clip(cells[c], m_columns[c].maxWidth);
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out) const {
    std::vector<size_t> widths(m_columns.size());
    for (size_t c = 0; c < m_columns.size(); ++c) {
        widths[c] = displayWidth(clip(m_columns[c].header, m_columns[c].maxWidth));
        for (const auto& row : m_rows)
            widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (size_t c = 0; c < cells.size(); ++c) {
            const bool last = c + 1 == cells.size();
            const std::string pad(widths[c] - displayWidth(cells[c]), ' ');
            if (c)
                text += "  ";
            if (m_columns[c].align == Align::Right)
                text += pad + cells[c];
            else
                text += last ? cells[c] : cells[c] + pad;
        }
        text.erase(text.find_last_not_of(' ') + 1);  // an empty last cell leaves no trailing blanks
        out << text << "\n";
    };
    std::vector<std::string> header;
    for (const auto& column : m_columns)
        header.push_back(clip(column.header, column.maxWidth));
    line(header);
    for (const auto& row : m_rows)
        line(row);
}

std::string utcTimeString(int64_t unixMs) {
    const std::time_t t = static_cast<std::time_t>(unixMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string shortNumber(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
}

}  // namespace mote::cli
