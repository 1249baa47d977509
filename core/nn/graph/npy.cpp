#include "nn/graph/npy.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace mote::nn {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

static_assert(std::endian::native == std::endian::little,
              "npy.cpp assumes a little-endian host (all supported build hosts are)");

size_t elementSize(NpyDType dtype) {
    switch (dtype) {
        case NpyDType::Int8:
        case NpyDType::Uint8: return 1;
        case NpyDType::Float32:
        case NpyDType::Int32: return 4;
        case NpyDType::Float64:
        case NpyDType::Int64: return 8;
    }
    return 1;
}

const char* descrFor(NpyDType dtype) {
    switch (dtype) {
        case NpyDType::Float32: return "<f4";
        case NpyDType::Float64: return "<f8";
        case NpyDType::Int8: return "|i1";
        case NpyDType::Uint8: return "|u1";
        case NpyDType::Int32: return "<i4";
        case NpyDType::Int64: return "<i8";
    }
    return "";
}

// The header is a Python dict literal; NumPy always writes the three keys
// 'descr', 'fortran_order', 'shape'. We parse just enough of the literal
// syntax to read them, tolerating spacing and key order.
struct Header {
    std::string descr;
    bool fortranOrder = false;
    std::vector<int64_t> shape;
};

void skipSpaces(const std::string& s, size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
}

Result<Header> parseHeader(const std::string& text, const std::string& what) {
    auto fail = [&](const std::string& why) {
        return makeError(what + ": malformed .npy header (" + why + "): " + text.substr(0, 120));
    };
    Header header;
    bool haveDescr = false, haveOrder = false, haveShape = false;
    size_t i = 0;
    skipSpaces(text, i);
    if (i >= text.size() || text[i] != '{') return fail("no '{'");
    ++i;
    while (true) {
        skipSpaces(text, i);
        if (i >= text.size()) return fail("unterminated dict");
        if (text[i] == '}') break;
        if (text[i] != '\'' && text[i] != '"') return fail("expected a quoted key");
        const char quote = text[i++];
        const size_t keyEnd = text.find(quote, i);
        if (keyEnd == std::string::npos) return fail("unterminated key");
        const std::string key = text.substr(i, keyEnd - i);
        i = keyEnd + 1;
        skipSpaces(text, i);
        if (i >= text.size() || text[i] != ':') return fail("expected ':'");
        ++i;
        skipSpaces(text, i);
        if (key == "descr") {
            if (i >= text.size() || (text[i] != '\'' && text[i] != '"'))
                return fail("descr is not a string (structured dtypes are not supported)");
            const char q = text[i++];
            const size_t end = text.find(q, i);
            if (end == std::string::npos) return fail("unterminated descr");
            header.descr = text.substr(i, end - i);
            i = end + 1;
            haveDescr = true;
        } else if (key == "fortran_order") {
            if (text.compare(i, 4, "True") == 0) {
                header.fortranOrder = true;
                i += 4;
            } else if (text.compare(i, 5, "False") == 0) {
                i += 5;
            } else {
                return fail("fortran_order is not True/False");
            }
            haveOrder = true;
        } else if (key == "shape") {
            if (i >= text.size() || text[i] != '(') return fail("shape is not a tuple");
            ++i;
            while (true) {
                skipSpaces(text, i);
                if (i >= text.size()) return fail("unterminated shape");
                if (text[i] == ')') {
                    ++i;
                    break;
                }
                size_t start = i;
                while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
                if (start == i) return fail("shape holds a non-integer");
                if (i - start > 15) return fail("shape dimension too large");
                header.shape.push_back(std::stoll(text.substr(start, i - start)));
                // Python writes 3L for longs in old files.
                if (i < text.size() && text[i] == 'L') ++i;
                skipSpaces(text, i);
                if (i < text.size() && text[i] == ',') ++i;
            }
            haveShape = true;
        } else {
            return fail("unknown key '" + key + "'");
        }
        skipSpaces(text, i);
        if (i < text.size() && text[i] == ',') ++i;
    }
    if (!haveDescr || !haveOrder || !haveShape) return fail("missing descr, fortran_order or shape");
    return header;
}

Result<std::pair<NpyDType, bool>> dtypeFromDescr(const std::string& descr, const std::string& what) {
    // Returns the dtype and whether the data is big-endian.
    if (descr.size() < 3)
        return makeError(what + ": unsupported .npy dtype '" + descr + "'");
    const char order = descr[0];
    const std::string code = descr.substr(1);
    bool big = order == '>';
    if (order != '<' && order != '>' && order != '|' && order != '=')
        return makeError(what + ": unsupported .npy byte order in dtype '" + descr + "'");
    NpyDType dtype;
    if (code == "f4") dtype = NpyDType::Float32;
    else if (code == "f8") dtype = NpyDType::Float64;
    else if (code == "i1") dtype = NpyDType::Int8;
    else if (code == "u1") dtype = NpyDType::Uint8;
    else if (code == "i4") dtype = NpyDType::Int32;
    else if (code == "i8") dtype = NpyDType::Int64;
    else
        return makeError(what + ": unsupported .npy dtype '" + descr +
                         "' (supported: float32, float64, int8, uint8, int32, int64)");
    return std::make_pair(dtype, big);
}

template <typename T>
T loadElement(const uint8_t* p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

Status writeFileAtomically(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
    // temp file in the same directory, then rename: readers see the old file or the new one.
    auto temp = path;
    temp += ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return makeError("cannot create " + temp.string() + ": check the folder exists and is writable");
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ignore;
            std::filesystem::remove(temp, ignore);
            return makeError("cannot write " + temp.string() + " (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return makeError("cannot replace " + path.string() + ": " + ec.message());
    }
    return {};
}

}  // namespace

const char* npyDTypeName(NpyDType dtype) {
    switch (dtype) {
        case NpyDType::Float32: return "float32";
        case NpyDType::Float64: return "float64";
        case NpyDType::Int8: return "int8";
        case NpyDType::Uint8: return "uint8";
        case NpyDType::Int32: return "int32";
        case NpyDType::Int64: return "int64";
    }
    return "?";
}

int64_t NpyArray::elementCount() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

std::string NpyArray::shapeString() const {
    std::string s = "(";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    if (shape.size() == 1) s += ",";
    return s + ")";
}

std::vector<float> NpyArray::toFloat32() const {
    const int64_t n = elementCount();
    std::vector<float> out(static_cast<size_t>(n));
    const uint8_t* p = bytes.data();
    const size_t es = elementSize(dtype);
    for (int64_t i = 0; i < n; ++i, p += es) {
        switch (dtype) {
            case NpyDType::Float32: out[i] = loadElement<float>(p); break;
            case NpyDType::Float64: out[i] = static_cast<float>(loadElement<double>(p)); break;
            case NpyDType::Int8: out[i] = static_cast<float>(loadElement<int8_t>(p)); break;
            case NpyDType::Uint8: out[i] = static_cast<float>(*p); break;
            case NpyDType::Int32: out[i] = static_cast<float>(loadElement<int32_t>(p)); break;
            case NpyDType::Int64: out[i] = static_cast<float>(loadElement<int64_t>(p)); break;
        }
    }
    return out;
}

std::vector<int64_t> NpyArray::toInt64() const {
    const int64_t n = elementCount();
    std::vector<int64_t> out(static_cast<size_t>(n));
    const uint8_t* p = bytes.data();
    const size_t es = elementSize(dtype);
    for (int64_t i = 0; i < n; ++i, p += es) {
        switch (dtype) {
            case NpyDType::Float32: out[i] = static_cast<int64_t>(loadElement<float>(p)); break;
            case NpyDType::Float64: out[i] = static_cast<int64_t>(loadElement<double>(p)); break;
            case NpyDType::Int8: out[i] = loadElement<int8_t>(p); break;
            case NpyDType::Uint8: out[i] = *p; break;
            case NpyDType::Int32: out[i] = loadElement<int32_t>(p); break;
            case NpyDType::Int64: out[i] = loadElement<int64_t>(p); break;
        }
    }
    return out;
}

Result<NpyArray> parseNpy(std::span<const uint8_t> file, const std::string& what) {
    if (file.size() < 10 || std::memcmp(file.data(), kMagic, kMagicSize) != 0)
        return makeError(what + ": not a .npy file (missing \\x93NUMPY magic)");
    const uint8_t major = file[6];
    size_t headerLen = 0, headerStart = 0;
    if (major == 1) {
        headerLen = file[8] | (static_cast<size_t>(file[9]) << 8);
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (file.size() < 12) return makeError(what + ": truncated .npy header");
        headerLen = file[8] | (static_cast<size_t>(file[9]) << 8) | (static_cast<size_t>(file[10]) << 16) |
                    (static_cast<size_t>(file[11]) << 24);
        headerStart = 12;
    } else {
        return makeError(what + ": unsupported .npy format version " + std::to_string(major));
    }
    if (headerStart + headerLen > file.size()) return makeError(what + ": truncated .npy header");
    const std::string text(reinterpret_cast<const char*>(file.data() + headerStart), headerLen);
    auto header = parseHeader(text, what);
    if (!header) return header.error();
    if (header->fortranOrder)
        return makeError(what + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
    auto dt = dtypeFromDescr(header->descr, what);
    if (!dt) return dt.error();

    NpyArray array;
    array.dtype = dt->first;
    array.shape = header->shape;
    const int64_t count = array.elementCount();
    const size_t es = elementSize(array.dtype);
    const size_t dataStart = headerStart + headerLen;
    const size_t need = static_cast<size_t>(count) * es;
    if (file.size() - dataStart < need)
        return makeError(what + ": truncated .npy data: shape " + array.shapeString() + " needs " +
                         std::to_string(need) + " bytes, file has " + std::to_string(file.size() - dataStart));
    array.bytes.assign(file.begin() + static_cast<std::ptrdiff_t>(dataStart),
                       file.begin() + static_cast<std::ptrdiff_t>(dataStart + need));
    if (dt->second && es > 1) {
        for (size_t i = 0; i < need; i += es) std::reverse(array.bytes.begin() + i, array.bytes.begin() + i + es);
    }
    return array;
}

Result<NpyArray> readNpy(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError("cannot open " + path.string() + ": file missing or unreadable");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parseNpy(bytes, path.string());
}

std::vector<uint8_t> serializeNpy(const NpyArray& array) {
    std::string dict = std::string("{'descr': '") + descrFor(array.dtype) + "', 'fortran_order': False, 'shape': " +
                       array.shapeString() + ", }";
    // Pad with spaces and a final newline so that magic + length + header is
    // a multiple of 64 bytes, as NumPy does (keeps the data aligned for mmap).
    size_t prefix = 10;
    size_t total = prefix + dict.size() + 1;
    int major = 1;
    if ((total + 63) / 64 * 64 - prefix > 65535) {
        major = 2;
        prefix = 12;
        total = prefix + dict.size() + 1;
    }
    const size_t padded = (total + 63) / 64 * 64;
    dict.append(padded - total, ' ');
    dict.push_back('\n');
    const size_t headerLen = dict.size();

    // Assembled by offset into a pre-sized buffer (GCC 12 warns falsely on
    // vector::insert of the magic bytes).
    std::vector<uint8_t> out(prefix + headerLen + array.bytes.size());
    std::memcpy(out.data(), kMagic, kMagicSize);
    out[6] = static_cast<uint8_t>(major);
    out[7] = 0;
    for (size_t b = 0; b < prefix - 8; ++b) out[8 + b] = static_cast<uint8_t>((headerLen >> (8 * b)) & 0xff);
    std::memcpy(out.data() + prefix, dict.data(), headerLen);
    if (!array.bytes.empty()) std::memcpy(out.data() + prefix + headerLen, array.bytes.data(), array.bytes.size());
    return out;
}

Status writeNpy(const std::filesystem::path& path, const NpyArray& array) {
    const size_t need = static_cast<size_t>(array.elementCount()) * elementSize(array.dtype);
    if (array.bytes.size() != need)
        return makeError("internal: array for " + path.string() + " has " + std::to_string(array.bytes.size()) +
                         " bytes, shape " + array.shapeString() + " needs " + std::to_string(need));
    return writeFileAtomically(path, serializeNpy(array));
}

namespace {
template <typename T>
Status writeTyped(const std::filesystem::path& path, NpyDType dtype, std::span<const int64_t> shape,
                  std::span<const T> data) {
    NpyArray array;
    array.dtype = dtype;
    array.shape.assign(shape.begin(), shape.end());
    if (static_cast<size_t>(array.elementCount()) != data.size())
        return makeError("internal: " + std::to_string(data.size()) + " values do not fill shape " +
                         array.shapeString() + " for " + path.string());
    array.bytes.resize(data.size() * sizeof(T));
    if (!data.empty()) std::memcpy(array.bytes.data(), data.data(), array.bytes.size());
    return writeNpy(path, array);
}
}  // namespace

Status writeNpyFloat32(const std::filesystem::path& path, std::span<const int64_t> shape,
                       std::span<const float> data) {
    return writeTyped(path, NpyDType::Float32, shape, data);
}
Status writeNpyInt32(const std::filesystem::path& path, std::span<const int64_t> shape,
                     std::span<const int32_t> data) {
    return writeTyped(path, NpyDType::Int32, shape, data);
}
Status writeNpyInt64(const std::filesystem::path& path, std::span<const int64_t> shape,
                     std::span<const int64_t> data) {
    return writeTyped(path, NpyDType::Int64, shape, data);
}

NpyArray makeNpyFloat32(std::vector<int64_t> shape, std::span<const float> data) {
    NpyArray array;
    array.dtype = NpyDType::Float32;
    array.shape = std::move(shape);
    array.bytes.resize(data.size() * sizeof(float));
    if (!data.empty()) std::memcpy(array.bytes.data(), data.data(), array.bytes.size());
    return array;
}

}  // namespace mote::nn
