// BatchWriter: samples go into one open transaction, committed by size or age.
#include "dataset/sample_store.h"
#include "dataset/store_internal.h"

namespace mote::dataset {

BatchWriter::BatchWriter(SampleStore& store) : BatchWriter(store, Options{}) {}

BatchWriter::BatchWriter(SampleStore& store, Options options) : m_store(store), m_options(options) {}

BatchWriter::~BatchWriter() { (void)flush(); }

Result<int64_t> BatchWriter::add(const Sample& sample) {
    if (auto s = sample.validate(); !s)
        return s.error();
    if (m_pending == 0) {
        if (auto s = sql::exec(m_store.m_db, "BEGIN IMMEDIATE"); !s)
            return s.error();
        m_batchStart = std::chrono::steady_clock::now();
    }
    // A savepoint per sample: a failing insert leaves the batch's earlier samples intact.
    MOTE_TRY(sql::exec(m_store.m_db, "SAVEPOINT mote_sample"));
    auto id = m_store.insertRow(sample);
    if (!id) {
        (void)sql::exec(m_store.m_db, "ROLLBACK TO mote_sample; RELEASE mote_sample");
        if (m_pending == 0)
            (void)sql::exec(m_store.m_db, "ROLLBACK");
        return id;
    }
    MOTE_TRY(sql::exec(m_store.m_db, "RELEASE mote_sample"));
    ++m_pending;
    if (auto s = poll(); !s)
        return s.error();
    return id;
}

Status BatchWriter::poll() {
    if (m_pending == 0)
        return {};
    if (m_pending >= m_options.maxSamples || std::chrono::steady_clock::now() - m_batchStart >= m_options.maxLatency)
        return commit();
    return {};
}

Status BatchWriter::flush() { return m_pending ? commit() : Status{}; }

Status BatchWriter::commit() {
    if (auto s = sql::exec(m_store.m_db, "COMMIT"); !s) {
        (void)sql::exec(m_store.m_db, "ROLLBACK");
        m_pending = 0;
        return makeError("recording batch could not be saved: " + s.message());
    }
    m_committed += m_pending;
    m_pending = 0;
    return {};
}

}  // namespace mote::dataset
