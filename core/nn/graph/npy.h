#pragma once
// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0),
// written from the format description in NumPy's NEP 1 / numpy.lib.format.
// This is how the studio exchanges arrays with an external trainer: feature
// matrices and labels go out, float weights and predictions come back.
//
// Supported: C-order arrays of float32, float64, int8, uint8, int32, int64
// in either byte order (big-endian files are swapped on read). Fortran-order
// arrays and other dtypes are refused with an error naming the file and the
// dtype. Writers always produce little-endian version 1.0 files (2.0 when the
// header does not fit in 64 KiB) and replace the target atomically (temp
// file + rename), so a reader never sees half a file.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::nn {

enum class NpyDType { Float32, Float64, Int8, Uint8, Int32, Int64 };

// "float32", "int64", ... (for messages).
const char* npyDTypeName(NpyDType dtype);

struct NpyArray {
    NpyDType dtype = NpyDType::Float32;
    std::vector<int64_t> shape;   // empty shape = a scalar (one element)
    std::vector<uint8_t> bytes;   // element data, native (little-endian) byte order, C order

    int64_t elementCount() const;
    // Converts any supported dtype to float32 / int64 (copies).
    std::vector<float> toFloat32() const;
    std::vector<int64_t> toInt64() const;
    std::string shapeString() const;  // "(3, 4)" as NumPy prints it
};

// Parses a complete .npy file image. `what` names the source in error messages.
Result<NpyArray> parseNpy(std::span<const uint8_t> file, const std::string& what = "npy data");
Result<NpyArray> readNpy(const std::filesystem::path& path);

// Serializes an array to a .npy image (little-endian, C order).
std::vector<uint8_t> serializeNpy(const NpyArray& array);
Status writeNpy(const std::filesystem::path& path, const NpyArray& array);

// Convenience writers. `data.size()` must equal the product of `shape`.
Status writeNpyFloat32(const std::filesystem::path& path, std::span<const int64_t> shape,
                       std::span<const float> data);
Status writeNpyInt32(const std::filesystem::path& path, std::span<const int64_t> shape,
                     std::span<const int32_t> data);
Status writeNpyInt64(const std::filesystem::path& path, std::span<const int64_t> shape,
                     std::span<const int64_t> data);

NpyArray makeNpyFloat32(std::vector<int64_t> shape, std::span<const float> data);

}  // namespace mote::nn
