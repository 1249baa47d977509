#pragma once
// Internal to the SampleStore implementation files.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataset/sample_store.h"
#include "dataset/sqlite_util.h"

// Declares `var`, a cached prepared statement for `sqlText`, or returns the
// prepare error from the enclosing function.
#define MOTE_STMT(var, sqlText)                       \
    auto var##Prepared = m_cache->get(sqlText);       \
    if (!var##Prepared)                               \
        return var##Prepared.error();                 \
    ::mote::dataset::sql::Stmt var(m_db, *var##Prepared)

#define MOTE_TRY(expr)                  \
    do {                                \
        if (auto s_ = (expr); !s_)      \
            return s_.error();          \
    } while (0)

namespace mote::dataset::detail {

inline std::string idsJson(const std::vector<int64_t>& ids) { return nlohmann::json(ids).dump(); }

// The metadata columns read by readSampleRow(), in order.
inline constexpr const char* kSampleColumns =
    "s.id, s.label, s.split, s.sensor, s.axis_names, s.units, s.sample_rate_hz, s.frame_count, "
    "s.data_type, s.capture_time_ms, COALESCE(d.identity, ''), s.session_id, s.content_hash, "
    "s.source_name, s.metadata_json, s.lost_frames, s.crc_errors "
    "FROM samples s LEFT JOIN devices d ON d.id = s.device_id";

Sample readSampleRow(const sql::Stmt& row);

}  // namespace mote::dataset::detail
