#pragma once
// SHA-256 (FIPS 180-4) for content hashes and dataset versions.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mote::dataset {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    // Appends a length-prefixed field so that concatenations cannot collide.
    void updateField(std::string_view text);
    std::string hexDigest();  // finishes; the object must not be updated afterwards

private:
    void block(const uint8_t* p);
    uint32_t m_h[8];
    uint8_t m_buffer[64];
    size_t m_bufferSize = 0;
    uint64_t m_totalBytes = 0;
};

std::string sha256Hex(std::string_view data);

}  // namespace mote::dataset
