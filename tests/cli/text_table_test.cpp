// TextTable (app/cli/text_table.h): the list commands' plain-text tables.
#include <gtest/gtest.h>

#include <sstream>

#include "text_table.h"

using mote::cli::TextTable;
using Align = TextTable::Align;

namespace {
std::string printed(const TextTable& table) {
    std::ostringstream out;
    table.print(out);
    return out.str();
}
}  // namespace

TEST(TextTable, ColumnsFitTheWidestCellAndAlign) {
    TextTable table({{"id", Align::Right}, {"label"}, {"path"}});
    table.addRow({"7", "wave", "a/b.tflite"});
    table.addRow({"123", "circle-long", "c.tflite"});
    EXPECT_EQ(table.rows(), 2u);
    EXPECT_EQ(printed(table),
              " id  label        path\n"
              "  7  wave         a/b.tflite\n"
              "123  circle-long  c.tflite\n");
}

TEST(TextTable, EmptyAndMissingLastCellsLeaveNoTrailingBlanks) {
    TextTable table({{"id", Align::Right}, {"status"}, {"reason"}});
    table.addRow({"1", "verified", ""});
    table.addRow({"2", "failed"});  // missing cells print empty
    table.addRow({"3", "failed", "build: no compiler", "extra cell dropped"});
    EXPECT_EQ(printed(table),
              "id  status    reason\n"
              " 1  verified\n"
              " 2  failed\n"
              " 3  failed    build: no compiler\n");
}

TEST(TextTable, LongCellsAreCutToTheColumnCapWithAnEllipsis) {
    TextTable table({{"name", Align::Left, 6}, {"n", Align::Right}});
    table.addRow({"abcdefghij", "1"});
    table.addRow({"\u00e9t\u00e9", "22"});  // UTF-8 counts as two columns, not four bytes
    EXPECT_EQ(printed(table),
              "name     n\n"
              "abcde\u2026   1\n"
              "\u00e9t\u00e9     22\n");
}

TEST(TextTable, TimesAndNumbers) {
    EXPECT_EQ(mote::cli::utcTimeString(0), "1970-01-01 00:00:00");
    EXPECT_EQ(mote::cli::utcTimeString(1795449804077), "2026-11-23 16:03:24");
    EXPECT_EQ(mote::cli::fixed(0.12345, 3), "0.123");
    EXPECT_EQ(mote::cli::fixed(24.0, 1), "24.0");
    EXPECT_EQ(mote::cli::shortNumber(62.5), "62.5");
    EXPECT_EQ(mote::cli::shortNumber(100), "100");
}
