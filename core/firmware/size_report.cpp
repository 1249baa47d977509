#include "firmware/size_report.h"

#include <algorithm>
#include <sstream>

#include "firmware/subprocess.h"

namespace mote::firmware {
namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool isRamOnly(const std::string& name) {
    return name == ".bss" || name == ".heap" || name == ".stack" || name == ".noinit" || startsWith(name, ".bss.");
}
bool isNonAlloc(const std::string& name) {
    return startsWith(name, ".debug") || startsWith(name, ".comment") || name == ".ARM.attributes" ||
           startsWith(name, ".note") || name == ".symtab" || name == ".strtab" || name == ".shstrtab" ||
           name == "Total";
}

const UsageCategory kAllCategories[] = {UsageCategory::ModelWeights, UsageCategory::Arena,
                                        UsageCategory::DspBuffers,   UsageCategory::Code,
                                        UsageCategory::ConstData,    UsageCategory::Stack,
                                        UsageCategory::Heap,         UsageCategory::OtherRam};

}  // namespace

const char* usageCategoryName(UsageCategory category) {
    switch (category) {
    case UsageCategory::ModelWeights: return "model weights";
    case UsageCategory::Arena: return "tensor arena";
    case UsageCategory::DspBuffers: return "DSP buffers";
    case UsageCategory::Code: return "code";
    case UsageCategory::ConstData: return "other constants";
    case UsageCategory::Stack: return "stack";
    case UsageCategory::Heap: return "heap";
    case UsageCategory::OtherRam: return "agent and other variables";
    }
    return "?";
}

uint64_t MemoryUsage::flashOf(UsageCategory c) const {
    uint64_t total = 0;
    for (const auto& item : items)
        if (item.category == c)
            total += item.flashBytes;
    return total;
}

uint64_t MemoryUsage::ramOf(UsageCategory c) const {
    uint64_t total = 0;
    for (const auto& item : items)
        if (item.category == c)
            total += item.ramBytes;
    return total;
}

void MemoryUsage::add(UsageCategory c, uint64_t flash, uint64_t ram) {
    for (auto& item : items) {
        if (item.category == c) {
            item.flashBytes += flash;
            item.ramBytes += ram;
            return;
        }
    }
    items.push_back({c, flash, ram});
}

Result<std::vector<Section>> parseSizeSysv(const std::string& output) {
    std::istringstream lines(output);
    std::vector<Section> sections;
    bool header = false;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string name, size, addr;
        if (!(fields >> name))
            continue;
        if (name == "section") {
            header = true;
            continue;
        }
        if (!header || !(fields >> size))
            continue;
        fields >> addr;
        if (name == "Total")
            break;
        Section s;
        s.name = name;
        try {
            s.size = std::stoull(size);
            s.address = addr.empty() ? 0 : std::stoull(addr);
        } catch (...) {
            return makeError("unexpected line in size output: '" + line + "'");
        }
        sections.push_back(s);
    }
    if (!header)
        return makeError("size output has no section table (expected `size -A -d`)");
    return sections;
}

MemoryUsage usageFromSections(const std::vector<Section>& sections) {
    MemoryUsage usage;
    for (const auto& s : sections) {
        if (isNonAlloc(s.name) || s.size == 0)
            continue;
        if (s.name == ".stack") {
            usage.add(UsageCategory::Stack, 0, s.size);
            usage.ramBytes += s.size;
        } else if (s.name == ".heap") {
            usage.add(UsageCategory::Heap, 0, s.size);
            usage.ramBytes += s.size;
        } else if (isRamOnly(s.name)) {
            usage.add(UsageCategory::OtherRam, 0, s.size);
            usage.ramBytes += s.size;
        } else if (s.name == ".data" || startsWith(s.name, ".data.")) {
            // Initialised variables: the initialiser in flash, the variable in RAM.
            usage.add(UsageCategory::OtherRam, s.size, s.size);
            usage.flashBytes += s.size;
            usage.ramBytes += s.size;
        } else if (s.name == ".text" || s.name == ".isr_vector" || startsWith(s.name, ".text.")) {
            usage.add(UsageCategory::Code, s.size, 0);
            usage.flashBytes += s.size;
        } else {
            usage.add(UsageCategory::ConstData, s.size, 0);
            usage.flashBytes += s.size;
        }
    }
    return usage;
}

void refineWithSymbols(MemoryUsage& usage, const std::string& nmOutput) {
    // nm -S lines: "<addr> <size> <type> <name>" (hex).
    std::istringstream lines(nmOutput);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream fields(line);
        std::string addr, size, type, name;
        if (!(fields >> addr >> size >> type >> name))
            continue;
        uint64_t bytes = 0;
        try {
            bytes = std::stoull(size, nullptr, 16);
        } catch (...) {
            continue;
        }
        UsageCategory target;
        // Substring match: generated constants live in an anonymous
        // namespace, so nm shows them mangled (_ZN12_GLOBAL__N_1...mote_model_const_t5E).
        if (name.find("mote_model_weights") != std::string::npos || name.find("mote_model_const") != std::string::npos)
            target = UsageCategory::ModelWeights;
        else if (name.find("mote_model_arena") != std::string::npos)
            target = UsageCategory::Arena;
        else if (name.find("mote_dsp_") != std::string::npos)
            target = UsageCategory::DspBuffers;
        else
            continue;
        const char t = static_cast<char>(std::tolower(static_cast<unsigned char>(type[0])));
        const bool inRam = t == 'b' || t == 'd';
        const bool initialised = t == 'd';
        // Move the bytes from the generic bucket they were counted in.
        for (auto& item : usage.items) {
            if (inRam && item.category == UsageCategory::OtherRam) {
                item.ramBytes -= std::min(item.ramBytes, bytes);
                if (initialised)
                    item.flashBytes -= std::min(item.flashBytes, bytes);
            } else if (!inRam && item.category == UsageCategory::ConstData) {
                item.flashBytes -= std::min(item.flashBytes, bytes);
            }
        }
        usage.add(target, inRam ? (initialised ? bytes : 0) : bytes, inRam ? bytes : 0);
    }
}

Result<MemoryUsage> measureElf(const std::filesystem::path& elf, const BoardProfile& profile) {
    const std::string sizeProgram = profile.toolchain.sizeProgram.empty() ? "size" : profile.toolchain.sizeProgram;
    auto size = runProcess({sizeProgram, "-A", "-d", elf.string()}, std::chrono::seconds(30));
    if (!size)
        return size.error();
    if (size->exitCode != 0)
        return makeError(sizeProgram + " failed on " + elf.string() + ": " + size->output);
    auto sections = parseSizeSysv(size->output);
    if (!sections)
        return sections.error();
    MemoryUsage usage = usageFromSections(*sections);
    // nm sits beside size in every binutils ("arm-none-eabi-size" -> "arm-none-eabi-nm").
    std::string nmProgram = sizeProgram;
    if (const auto pos = nmProgram.rfind("size"); pos != std::string::npos)
        nmProgram.replace(pos, 4, "nm");
    auto nm = runProcess({nmProgram, "-S", "--size-sort", elf.string()}, std::chrono::seconds(30));
    if (nm && nm->exitCode == 0)
        refineWithSymbols(usage, nm->output);
    return usage;
}

std::string formatBytes(uint64_t bytes) {
    std::string digits = std::to_string(bytes);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out + " B";
}

FitReport checkFit(const MemoryUsage& usage, const BoardProfile& profile) {
    FitReport report;
    report.flashUsed = usage.flashBytes;
    report.flashLimit = profile.flashBytes;
    report.ramUsed = usage.ramBytes;
    report.ramLimit = profile.ramBytes;
    auto line = [&](const char* what, uint64_t used, uint64_t limit, bool flash) {
        std::string text = std::string(what) + ": " + formatBytes(used) + " of " + formatBytes(limit);
        if (used > limit)
            text += " — DOES NOT FIT, over by " + formatBytes(used - limit);
        else
            text += " (" + std::to_string(limit ? used * 100 / limit : 0) + "%)";
        std::vector<std::pair<uint64_t, UsageCategory>> parts;
        for (auto c : kAllCategories) {
            const uint64_t bytes = flash ? usage.flashOf(c) : usage.ramOf(c);
            if (bytes)
                parts.push_back({bytes, c});
        }
        std::sort(parts.begin(), parts.end(), [](auto& a, auto& b) { return a.first > b.first; });
        std::string breakdown;
        for (const auto& [bytes, c] : parts)
            breakdown += (breakdown.empty() ? "" : ", ") + std::string(usageCategoryName(c)) + " " + formatBytes(bytes);
        if (!breakdown.empty())
            text += " [" + breakdown + "]";
        return text;
    };
    report.summary = line("flash", usage.flashBytes, profile.flashBytes, true) + "\n" +
                     line("RAM", usage.ramBytes, profile.ramBytes, false);
    report.fits = usage.flashBytes <= profile.flashBytes && usage.ramBytes <= profile.ramBytes;
    return report;
}

}  // namespace mote::firmware
