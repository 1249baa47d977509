// SampleStore: bulk edits, crop/split of one sample, automatic train/test split, labels.
#include <algorithm>
#include <map>
#include <set>

#include "dataset/sample_store.h"
#include "dataset/store_internal.h"

namespace mote::dataset {

namespace {

// splitmix64: a tiny PRNG with a fixed definition, so a seed gives the same
// split on every platform and standard library (std::shuffle does not).
struct SplitMix64 {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return next() % n; }  // bias is negligible for dataset sizes
};

}  // namespace

namespace {

Status checkIdsExist(sqlite3* db, sql::StatementCache& cache, const std::vector<int64_t>& ids) {
    if (ids.empty())
        return makeError("no sample ids given");
    std::set<int64_t> unique(ids.begin(), ids.end());
    auto prepared = cache.get("SELECT id FROM samples WHERE id IN (SELECT value FROM json_each(?))");
    if (!prepared)
        return prepared.error();
    sql::Stmt stmt(db, *prepared);
    stmt.bind(1, detail::idsJson(ids));
    std::set<int64_t> found;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        found.insert(stmt.int64(0));
    }
    for (int64_t id : unique)
        if (!found.count(id))
            return makeError("no sample with id " + std::to_string(id) + " (nothing was changed)");
    return {};
}

}  // namespace

Status SampleStore::relabel(const std::vector<int64_t>& ids, const std::string& label) {
    if (label.empty())
        return makeError("the new label is empty");
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    MOTE_TRY(checkIdsExist(m_db, *m_cache, ids));
    {
        MOTE_STMT(add, "INSERT OR IGNORE INTO labels(name, created_ms) VALUES(?, ?)");
        MOTE_TRY(add.bind(1, label).bind(2, sql::nowMs()).run());
    }
    MOTE_STMT(stmt, "UPDATE samples SET label = ? WHERE id IN (SELECT value FROM json_each(?))");
    MOTE_TRY(stmt.bind(1, label).bind(2, detail::idsJson(ids)).run());
    return tx.commit();
}

Status SampleStore::moveToSplit(const std::vector<int64_t>& ids, Split split) {
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    MOTE_TRY(checkIdsExist(m_db, *m_cache, ids));
    MOTE_STMT(stmt, "UPDATE samples SET split = ? WHERE id IN (SELECT value FROM json_each(?))");
    MOTE_TRY(stmt.bind(1, splitName(split)).bind(2, detail::idsJson(ids)).run());
    return tx.commit();
}

Status SampleStore::remove(const std::vector<int64_t>& ids) {
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    MOTE_TRY(checkIdsExist(m_db, *m_cache, ids));
    // sample_data rows go with ON DELETE CASCADE.
    MOTE_STMT(stmt, "DELETE FROM samples WHERE id IN (SELECT value FROM json_each(?))");
    MOTE_TRY(stmt.bind(1, detail::idsJson(ids)).run());
    return tx.commit();
}

Status SampleStore::crop(int64_t id, int64_t firstFrame, int64_t frameCount) {
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    auto sample = load(id);
    if (!sample)
        return sample.error();
    auto cropped = sliceFrames(*sample, firstFrame, frameCount);
    if (!cropped)
        return makeError("cannot crop sample " + std::to_string(id) + ": " + cropped.message());
    {
        MOTE_STMT(stmt, "UPDATE samples SET frame_count = ?, content_hash = ? WHERE id = ?");
        MOTE_TRY(stmt.bind(1, cropped->frameCount).bind(2, cropped->contentHash).bind(3, id).run());
    }
    MOTE_STMT(data, "UPDATE sample_data SET data = ? WHERE sample_id = ?");
    MOTE_TRY(data.bindBlob(1, cropped->data.data(), cropped->data.size()).bind(2, id).run());
    return tx.commit();
}

Result<std::vector<int64_t>> SampleStore::splitByLength(int64_t id, int64_t windowFrames) {
    if (windowFrames <= 0)
        return makeError("window length must be at least one frame");
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    auto sample = load(id);
    if (!sample)
        return sample.error();
    int64_t pieces = sample->frameCount / windowFrames;
    if (pieces == 0)
        return makeError("sample " + std::to_string(id) + " has " + std::to_string(sample->frameCount) +
                         " frames, fewer than one window of " + std::to_string(windowFrames));
    std::vector<int64_t> ids;
    for (int64_t i = 0; i < pieces; ++i) {
        auto piece = sliceFrames(*sample, i * windowFrames, windowFrames);
        if (!piece)
            return piece.error();
        // Keep where it came from, so a split can be traced to its recording.
        auto meta = nlohmann::json::parse(piece->metadataJson, nullptr, false);
        if (!meta.is_object())
            meta = nlohmann::json::object();
        meta["split_from"] = id;
        meta["first_frame"] = i * windowFrames;
        piece->metadataJson = meta.dump();
        auto newId = insertRow(*piece);
        if (!newId)
            return newId.error();
        ids.push_back(*newId);
    }
    MOTE_STMT(del, "DELETE FROM samples WHERE id = ?");
    MOTE_TRY(del.bind(1, id).run());
    MOTE_TRY(tx.commit());
    return ids;
}

Result<std::vector<int64_t>> SampleStore::splitInto(int64_t id, int parts) {
    if (parts < 1)
        return makeError("a sample can only be split into 1 or more parts");
    auto sample = metadata(id);
    if (!sample)
        return sample.error();
    if (sample->frameCount < parts)
        return makeError("sample " + std::to_string(id) + " has only " + std::to_string(sample->frameCount) +
                         " frames, cannot make " + std::to_string(parts) + " parts");
    return splitByLength(id, sample->frameCount / parts);
}

Status SampleStore::autoSplit(double trainFraction, uint64_t seed, const SampleFilter& filter) {
    if (!(trainFraction >= 0.0 && trainFraction <= 1.0))
        return makeError("train fraction must be between 0 and 1");
    sql::Transaction tx(m_db);
    MOTE_TRY(tx.begun());
    auto rows = query(filter, Page{0, 0});
    if (!rows)
        return rows.error();
    std::map<std::string, std::vector<int64_t>> byLabel;  // ids ascending within each label
    for (const auto& s : *rows)
        byLabel[s.label].push_back(s.id);
    std::vector<int64_t> train, test;
    for (auto& [label, ids] : byLabel) {
        // Seed mixes in the label so classes do not share one shuffle pattern.
        uint64_t labelSeed = seed;
        for (unsigned char c : label)
            labelSeed = labelSeed * 1099511628211ULL + c;
        SplitMix64 rng{labelSeed};
        for (size_t i = ids.size(); i > 1; --i)
            std::swap(ids[i - 1], ids[rng.below(i)]);
        auto nTrain = static_cast<size_t>(std::llround(static_cast<double>(ids.size()) * trainFraction));
        train.insert(train.end(), ids.begin(), ids.begin() + static_cast<ptrdiff_t>(nTrain));
        test.insert(test.end(), ids.begin() + static_cast<ptrdiff_t>(nTrain), ids.end());
    }
    MOTE_STMT(stmt, "UPDATE samples SET split = ? WHERE id IN (SELECT value FROM json_each(?))");
    if (!train.empty()) {
        MOTE_TRY(stmt.bind(1, "train").bind(2, detail::idsJson(train)).run());
    }
    sqlite3_reset(*stmtPrepared);
    if (!test.empty()) {
        MOTE_TRY(stmt.bind(1, "test").bind(2, detail::idsJson(test)).run());
    }
    return tx.commit();
}

Result<std::vector<std::string>> SampleStore::labels() const {
    MOTE_STMT(stmt, "SELECT name FROM labels UNION SELECT DISTINCT label FROM samples ORDER BY 1");
    std::vector<std::string> out;
    while (true) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(stmt.text(0));
    }
    return out;
}

Status SampleStore::addLabel(const std::string& label) {
    if (label.empty())
        return makeError("a label cannot be empty");
    MOTE_STMT(stmt, "INSERT OR IGNORE INTO labels(name, created_ms) VALUES(?, ?)");
    return stmt.bind(1, label).bind(2, sql::nowMs()).run();
}

}  // namespace mote::dataset
