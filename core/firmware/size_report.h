#pragma once
// What a firmware image uses: totals from `arm-none-eabi-size -A` (section
// sizes) and a breakdown by what the bytes are for, from `nm -S` symbol
// sizes. The fit check compares a usage against a board profile, before
// linking (from the code generator's estimate) and after (from the ELF).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/board_profile.h"

namespace mote::firmware {

// Categories the studio shows in the fit bars. Symbol naming convention of
// generated code: mote_model_weights_* / mote_model_const_* (weights and
// quantization constants), mote_model_arena (tensor arena), mote_dsp_* (DSP
// buffers); the linker script's .stack/.heap sections.
enum class UsageCategory { ModelWeights, Arena, DspBuffers, Code, ConstData, Stack, Heap, OtherRam };
const char* usageCategoryName(UsageCategory category);

struct UsageItem {
    UsageCategory category;
    uint64_t flashBytes = 0;
    uint64_t ramBytes = 0;
};

struct MemoryUsage {
    uint64_t flashBytes = 0;  // everything stored in flash (code, constants, .data initialisers)
    uint64_t ramBytes = 0;    // .data + .bss + heap + stack
    std::vector<UsageItem> items;  // sums to the totals (within section padding)

    uint64_t flashOf(UsageCategory c) const;
    uint64_t ramOf(UsageCategory c) const;
    void add(UsageCategory c, uint64_t flash, uint64_t ram);
};

struct Section {
    std::string name;
    uint64_t size = 0;
    uint64_t address = 0;
};

// Parses `size -A -d` (SysV format) output.
Result<std::vector<Section>> parseSizeSysv(const std::string& output);
// Totals from sections: flash = loadable sections except the RAM-only ones;
// RAM = .data + .bss + .heap + .stack (+ .noinit).
MemoryUsage usageFromSections(const std::vector<Section>& sections);
// Refines the breakdown with `nm -S --size-sort` output: symbols following the
// naming convention are moved out of Code/ConstData/OtherRam into their category.
void refineWithSymbols(MemoryUsage& usage, const std::string& nmOutput);

// Runs the size and nm programs of `profile`'s toolchain on `elf`.
Result<MemoryUsage> measureElf(const std::filesystem::path& elf, const BoardProfile& profile);

struct FitReport {
    bool fits = true;
    uint64_t flashUsed = 0, flashLimit = 0;
    uint64_t ramUsed = 0, ramLimit = 0;
    std::string summary;  // one line per resource with the breakdown, ready to print
};
FitReport checkFit(const MemoryUsage& usage, const BoardProfile& profile);

// "1,234,567 B"
std::string formatBytes(uint64_t bytes);

}  // namespace mote::firmware
