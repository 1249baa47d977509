#pragma once
// flatbuffers::Allocator over one caller-owned buffer, so the agent builds
// payloads without touching the heap. The builder is created once with an
// initial size equal to the arena and reused with Clear(); a message that
// would not fit makes allocate() return the arena anyway only if it fits,
// otherwise the agent's own size limits (kMaxPayload) were violated.
#include <cstddef>
#include <cstdint>

#include <flatbuffers/flatbuffers.h>

namespace mote::agent {

class ArenaAllocator : public flatbuffers::Allocator {
public:
    ArenaAllocator(uint8_t* arena, size_t size) : m_arena(arena), m_size(size) {}

    uint8_t* allocate(size_t size) override {
        // One live allocation at a time: the builder's single buffer.
        if (size > m_size || m_inUse)
            return nullptr;
        m_inUse = true;
        return m_arena;
    }
    void deallocate(uint8_t* p, size_t) override {
        if (p == m_arena)
            m_inUse = false;
    }

private:
    uint8_t* m_arena;
    size_t m_size;
    bool m_inUse = false;
};

}  // namespace mote::agent
