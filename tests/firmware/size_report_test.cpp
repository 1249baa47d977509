// Size parsing, symbol breakdown and the fit check (pure parts).
#include <gtest/gtest.h>

#include "firmware/size_report.h"

using namespace mote::firmware;

namespace {

const char* kSysv = R"(mote-agent.elf  :
section             size        addr
.isr_vector          192           0
.text              30000         192
.rodata             5000       30192
.ARM.exidx             8       35192
.init_array            4       35200
.data                156   536870912
.bss               44000   536871068
.heap               4096   536915072
.stack             16384   536919168
.ARM.attributes       46           0
.comment              30           0
.debug_info       120000           0
Total             239916
)";

BoardProfile profile(uint64_t flash, uint64_t ram) {
    BoardProfile p;
    p.name = "tiny";
    p.flashBytes = flash;
    p.ramBytes = ram;
    return p;
}

}  // namespace

TEST(SizeReport, ParsesSysvAndComputesTotals) {
    auto sections = parseSizeSysv(kSysv);
    ASSERT_TRUE(sections.ok()) << sections.message();
    EXPECT_EQ(sections->size(), 12u);
    const auto usage = usageFromSections(*sections);
    EXPECT_EQ(usage.flashBytes, 192u + 30000 + 5000 + 8 + 4 + 156);
    EXPECT_EQ(usage.ramBytes, 156u + 44000 + 4096 + 16384);
    EXPECT_EQ(usage.flashOf(UsageCategory::Code), 30192u);
    EXPECT_EQ(usage.ramOf(UsageCategory::Stack), 16384u);
    EXPECT_EQ(usage.ramOf(UsageCategory::Heap), 4096u);
}

TEST(SizeReport, RejectsOutputWithoutTable) {
    EXPECT_FALSE(parseSizeSysv("text data bss dec hex filename\n1 2 3 6 6 a.elf\n").ok());
    EXPECT_FALSE(parseSizeSysv("section size addr\n.text lots 0\n").ok());
}

TEST(SizeReport, SymbolsMoveBytesIntoModelCategories) {
    auto usage = usageFromSections(*parseSizeSysv(kSysv));
    refineWithSymbols(usage, "00000400 00000fa0 R mote_model_weights_conv1\n"
                             "20000100 00002000 B mote_model_arena\n"
                             "20002100 00000400 b mote_dsp_frame\n"
                             "00000100 00000010 T main\n");
    EXPECT_EQ(usage.flashOf(UsageCategory::ModelWeights), 0xfa0u);
    EXPECT_EQ(usage.flashOf(UsageCategory::ConstData), 5000u + 8 + 4 - 0xfa0);
    EXPECT_EQ(usage.ramOf(UsageCategory::Arena), 0x2000u);
    EXPECT_EQ(usage.ramOf(UsageCategory::DspBuffers), 0x400u);
    EXPECT_EQ(usage.ramOf(UsageCategory::OtherRam), 156u + 44000 - 0x2000 - 0x400);
    // Totals do not change, only the attribution.
    EXPECT_EQ(usage.ramBytes, 156u + 44000 + 4096 + 16384);
}

TEST(SizeReport, FitCheckSaysByHowMuchAndWhatUsesTheSpace) {
    auto usage = usageFromSections(*parseSizeSysv(kSysv));
    refineWithSymbols(usage, "00000400 00000fa0 R mote_model_weights_conv1\n20000100 00002000 B mote_model_arena\n");
    auto ok = checkFit(usage, profile(1 << 20, 256 << 10));
    EXPECT_TRUE(ok.fits);
    EXPECT_EQ(ok.summary.find("DOES NOT FIT"), std::string::npos);

    auto tooSmall = checkFit(usage, profile(32768, 65536));
    EXPECT_FALSE(tooSmall.fits);
    EXPECT_EQ(tooSmall.flashUsed, 35360u);
    EXPECT_NE(tooSmall.summary.find("flash: 35,360 B of 32,768 B — DOES NOT FIT, over by 2,592 B"), std::string::npos)
        << tooSmall.summary;
    EXPECT_NE(tooSmall.summary.find("model weights 4,000 B"), std::string::npos) << tooSmall.summary;
    EXPECT_NE(tooSmall.summary.find("tensor arena 8,192 B"), std::string::npos) << tooSmall.summary;
    EXPECT_NE(tooSmall.summary.find("RAM: 64,636 B of 65,536 B"), std::string::npos) << tooSmall.summary;
}

TEST(SizeReport, FormatsBytes) {
    EXPECT_EQ(formatBytes(0), "0 B");
    EXPECT_EQ(formatBytes(999), "999 B");
    EXPECT_EQ(formatBytes(1000), "1,000 B");
    EXPECT_EQ(formatBytes(4194304), "4,194,304 B");
}
