// Edge Impulse data acquisition files, JSON and CBOR. CBOR is decoded with
// libcbor into the same JSON tree, so one validator serves both.
#include <cbor.h>

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "dataset/formats.h"

namespace mote::dataset::formats {
namespace {

using nlohmann::json;

Result<Sample> fromTree(const json& root, const char* kind) {
    const std::string what = std::string("Edge Impulse ") + kind;
    if (!root.is_object())
        return makeError(what + " is not an object");
    auto payloadIt = root.find("payload");
    if (payloadIt == root.end() || !payloadIt->is_object())
        return makeError(what + " has no \"payload\" object");
    const json& payload = *payloadIt;
    auto interval = payload.find("interval_ms");
    if (interval == payload.end())
        return makeError(what + " is missing payload.interval_ms");
    if (!interval->is_number() || !(interval->get<double>() > 0))
        return makeError(what + " payload.interval_ms must be a positive number");
    auto sensors = payload.find("sensors");
    if (sensors == payload.end() || !sensors->is_array() || sensors->empty())
        return makeError(what + " is missing payload.sensors (a non-empty list of {name, units})");
    auto values = payload.find("values");
    if (values == payload.end() || !values->is_array())
        return makeError(what + " is missing payload.values");
    if (values->empty())
        return makeError(what + " payload.values is empty");

    Sample s;
    s.sensor = "imported";
    for (size_t i = 0; i < sensors->size(); ++i) {
        const json& sensor = (*sensors)[i];
        auto name = sensor.is_object() ? sensor.find("name") : sensor.end();
        if (!sensor.is_object() || name == sensor.end() || !name->is_string() || name->get<std::string>().empty())
            return makeError(what + " payload.sensors[" + std::to_string(i) + "] has no name");
        s.axisNames.push_back(name->get<std::string>());
        auto units = sensor.find("units");
        // EI writes padded unit strings ("uT   "); keep them trimmed.
        std::string u = units != sensor.end() && units->is_string() ? units->get<std::string>() : "";
        while (!u.empty() && u.back() == ' ')
            u.pop_back();
        if (u == "N/A")  // EI's "no unit"; the exporter writes "" as "N/A", so this round-trips
            u.clear();
        s.units.push_back(u);
    }
    const size_t axes = s.axisNames.size();
    std::vector<float> data;
    data.reserve(values->size() * axes);
    for (size_t r = 0; r < values->size(); ++r) {
        const json& row = (*values)[r];
        if (row.is_number() && axes == 1) {  // single-axis files may use a flat list
            data.push_back(row.get<float>());
            continue;
        }
        if (!row.is_array() || row.size() != axes)
            return makeError(what + " payload.values[" + std::to_string(r) + "] has " +
                             (row.is_array() ? std::to_string(row.size()) : std::string("no list of")) +
                             " values but there are " + std::to_string(axes) + " sensors");
        for (size_t c = 0; c < axes; ++c) {
            if (!row[c].is_number())
                return makeError(what + " payload.values[" + std::to_string(r) + "][" + std::to_string(c) +
                                 "] is not a number");
            double v = row[c].get<double>();
            if (!std::isfinite(v))
                return makeError(what + " payload.values[" + std::to_string(r) + "][" + std::to_string(c) +
                                 "] is not finite");
            data.push_back(static_cast<float>(v));
        }
    }
    s.sampleRateHz = 1000.0 / interval->get<double>();
    s.setFloatData(data);
    if (auto name = payload.find("device_name"); name != payload.end() && name->is_string())
        s.device = name->get<std::string>();
    json meta = json::object();
    if (auto type = payload.find("device_type"); type != payload.end() && type->is_string())
        meta["device_type"] = type->get<std::string>();
    s.metadataJson = meta.dump();
    return s;
}

json envelope(const Sample& s) {
    json sensors = json::array();
    for (int a = 0; a < s.axisCount(); ++a)
        sensors.push_back({{"name", s.axisNames[a]}, {"units", s.units[a].empty() ? "N/A" : s.units[a]}});
    json values = json::array();
    for (int64_t f = 0; f < s.frameCount; ++f) {
        json row = json::array();
        for (int a = 0; a < s.axisCount(); ++a)
            row.push_back(s.value(f, a));
        values.push_back(std::move(row));
    }
    std::string deviceType = "MOTE_STUDIO";
    auto meta = json::parse(s.metadataJson, nullptr, false);
    if (meta.is_object() && meta.contains("device_type") && meta["device_type"].is_string())
        deviceType = meta["device_type"].get<std::string>();
    return {{"protected", {{"ver", "v1"}, {"alg", "none"}}},
            {"signature", std::string(64, '0')},
            {"payload",
             {{"device_name", s.device.empty() ? "mote" : s.device},
              {"device_type", deviceType},
              {"interval_ms", 1000.0 / s.sampleRateHz},
              {"sensors", sensors},
              {"values", values}}}};
}

// ---- CBOR ------------------------------------------------------------------

// Walks the CBOR headers before libcbor allocates anything: every definite
// length must fit in the bytes that remain, so a corrupt "2 GB" length is an
// error here instead of a giant allocation.
struct CborScanner {
    const unsigned char* p;
    size_t size;
    size_t pos = 0;
    std::string error;

    bool fail(const std::string& message) {
        if (error.empty())
            error = message;
        return false;
    }
    bool readArg(unsigned info, uint64_t& value) {
        if (info < 24) {
            value = info;
            return true;
        }
        int n = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
        if (n == 0)
            return fail("CBOR has a reserved header byte at offset " + std::to_string(pos - 1));
        if (size - pos < static_cast<size_t>(n))
            return fail("CBOR is truncated at offset " + std::to_string(pos));
        value = 0;
        for (int i = 0; i < n; ++i)
            value = (value << 8) | p[pos++];
        return true;
    }
    bool item(int depth) {
        if (depth > 64)
            return fail("CBOR nests deeper than 64 levels");
        if (pos >= size)
            return fail("CBOR is truncated at offset " + std::to_string(pos));
        size_t at = pos;
        unsigned byte = p[pos++];
        unsigned major = byte >> 5, info = byte & 31;
        if (info == 31) {  // indefinite length
            if (major == 2 || major == 3 || major == 4 || major == 5) {
                while (true) {
                    if (pos >= size)
                        return fail("CBOR indefinite-length item at offset " + std::to_string(at) + " never ends");
                    if (p[pos] == 0xFF) {
                        ++pos;
                        return true;
                    }
                    if (!item(depth + 1))
                        return false;
                    if (major == 5 && !item(depth + 1))
                        return false;
                }
            }
            if (major == 7)
                return fail("CBOR has an unexpected break at offset " + std::to_string(at));
            return fail("CBOR has an invalid indefinite length at offset " + std::to_string(at));
        }
        uint64_t arg;
        if (!readArg(info, arg))
            return false;
        size_t remaining = size - pos;
        switch (major) {
            case 0: case 1: case 7:
                return true;
            case 2: case 3:
                if (arg > remaining)
                    return fail("CBOR length field at offset " + std::to_string(at) + " claims " + std::to_string(arg) +
                                " bytes but only " + std::to_string(remaining) + " remain (truncated or corrupt file)");
                pos += arg;
                return true;
            case 4: case 5: {
                uint64_t items = major == 5 ? arg * 2 : arg;
                if (arg > remaining || items > remaining)
                    return fail("CBOR length field at offset " + std::to_string(at) + " claims " + std::to_string(arg) +
                                " items but only " + std::to_string(remaining) + " bytes remain (truncated or corrupt file)");
                for (uint64_t i = 0; i < items; ++i)
                    if (!item(depth + 1))
                        return false;
                return true;
            }
            case 6:
                return item(depth + 1);
        }
        return fail("CBOR is malformed at offset " + std::to_string(at));
    }
};

Result<json> toJson(const cbor_item_t* item, int depth) {
    if (depth > 64)
        return makeError("CBOR nests too deep");
    switch (cbor_typeof(item)) {
        case CBOR_TYPE_UINT:
            return json(cbor_get_int(item));
        case CBOR_TYPE_NEGINT:
            return json(-1.0 - static_cast<double>(cbor_get_int(item)));
        case CBOR_TYPE_STRING: {
            if (cbor_string_is_definite(item))
                return json(std::string(reinterpret_cast<const char*>(cbor_string_handle(item)),
                                        cbor_string_length(item)));
            std::string out;
            cbor_item_t** chunks = cbor_string_chunks_handle(item);
            for (size_t i = 0; i < cbor_string_chunk_count(item); ++i)
                out.append(reinterpret_cast<const char*>(cbor_string_handle(chunks[i])), cbor_string_length(chunks[i]));
            return json(out);
        }
        case CBOR_TYPE_BYTESTRING:
            return json(nullptr);  // not part of the format; ignored
        case CBOR_TYPE_ARRAY: {
            json out = json::array();
            cbor_item_t** items = cbor_array_handle(item);
            for (size_t i = 0; i < cbor_array_size(item); ++i) {
                auto v = toJson(items[i], depth + 1);
                if (!v)
                    return v;
                out.push_back(std::move(*v));
            }
            return out;
        }
        case CBOR_TYPE_MAP: {
            json out = json::object();
            cbor_pair* pairs = cbor_map_handle(item);
            for (size_t i = 0; i < cbor_map_size(item); ++i) {
                auto key = toJson(pairs[i].key, depth + 1);
                if (!key)
                    return key;
                if (!key->is_string())
                    return makeError("CBOR map has a key that is not text");
                auto v = toJson(pairs[i].value, depth + 1);
                if (!v)
                    return v;
                out[key->get<std::string>()] = std::move(*v);
            }
            return out;
        }
        case CBOR_TYPE_TAG:
            return toJson(cbor_tag_item(item), depth + 1);
        case CBOR_TYPE_FLOAT_CTRL:
            if (!cbor_float_ctrl_is_ctrl(item))
                return json(cbor_float_get_float(item));  // float16, float32 and float64 alike
            if (cbor_is_bool(item))
                return json(cbor_get_bool(item));
            return json(nullptr);
    }
    return makeError("CBOR has an unknown item type");
}

void cborHead(std::string& out, unsigned major, uint64_t value) {
    auto m = static_cast<char>(major << 5);
    if (value < 24) {
        out.push_back(static_cast<char>(m | static_cast<char>(value)));
    } else if (value <= 0xFF) {
        out.push_back(static_cast<char>(m | 24));
        out.push_back(static_cast<char>(value));
    } else if (value <= 0xFFFF) {
        out.push_back(static_cast<char>(m | 25));
        for (int s = 8; s >= 0; s -= 8)
            out.push_back(static_cast<char>((value >> s) & 0xFF));
    } else if (value <= 0xFFFFFFFFULL) {
        out.push_back(static_cast<char>(m | 26));
        for (int s = 24; s >= 0; s -= 8)
            out.push_back(static_cast<char>((value >> s) & 0xFF));
    } else {
        out.push_back(static_cast<char>(m | 27));
        for (int s = 56; s >= 0; s -= 8)
            out.push_back(static_cast<char>((value >> s) & 0xFF));
    }
}

void cborEncode(std::string& out, const json& v) {
    if (v.is_object()) {
        cborHead(out, 5, v.size());
        for (auto& [key, value] : v.items()) {
            cborHead(out, 3, key.size());
            out += key;
            cborEncode(out, value);
        }
    } else if (v.is_array()) {
        cborHead(out, 4, v.size());
        for (const auto& e : v)
            cborEncode(out, e);
    } else if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        cborHead(out, 3, s.size());
        out += s;
    } else if (v.is_number_unsigned()) {
        cborHead(out, 0, v.get<uint64_t>());
    } else if (v.is_number_integer()) {
        int64_t i = v.get<int64_t>();
        if (i >= 0)
            cborHead(out, 0, static_cast<uint64_t>(i));
        else
            cborHead(out, 1, static_cast<uint64_t>(-1 - i));
    } else if (v.is_number_float()) {
        float f = v.get<float>();  // samples are float32: no precision is lost
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        out.push_back(static_cast<char>(0xFA));
        for (int s = 24; s >= 0; s -= 8)
            out.push_back(static_cast<char>((bits >> s) & 0xFF));
    } else if (v.is_boolean()) {
        out.push_back(static_cast<char>(v.get<bool>() ? 0xF5 : 0xF4));
    } else {
        out.push_back(static_cast<char>(0xF6));
    }
}

}  // namespace

Result<Sample> parseEiJson(std::string_view text) {
    json root = json::parse(text, nullptr, false);
    if (root.is_discarded())
        return makeError("Edge Impulse JSON is not valid JSON");
    return fromTree(root, "JSON");
}

std::string encodeEiJson(const Sample& sample) { return envelope(sample).dump(); }

Result<Sample> parseEiCbor(std::string_view bytes) {
    if (bytes.empty())
        return makeError("Edge Impulse CBOR file is empty");
    CborScanner scanner{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), 0, {}};
    if (!scanner.item(0))
        return makeError(scanner.error);
    if (scanner.pos != bytes.size())
        return makeError("CBOR has " + std::to_string(bytes.size() - scanner.pos) + " stray bytes after the top item");
    cbor_load_result result;
    cbor_item_t* item = cbor_load(reinterpret_cast<cbor_data>(bytes.data()), bytes.size(), &result);
    if (!item || result.error.code != CBOR_ERR_NONE) {
        if (item)
            cbor_decref(&item);
        return makeError("CBOR could not be decoded (libcbor error " + std::to_string(result.error.code) +
                         " at offset " + std::to_string(result.error.position) + ")");
    }
    auto tree = toJson(item, 0);
    cbor_decref(&item);
    if (!tree)
        return tree.error();
    return fromTree(*tree, "CBOR");
}

std::string encodeEiCbor(const Sample& sample) {
    std::string out;
    cborEncode(out, envelope(sample));
    return out;
}

}  // namespace mote::dataset::formats
