#include "dataset_commands.h"

#include <optional>

#include <map>

namespace mote::studio {

using dataset::Sample;
using dataset::SampleFilter;
using dataset::Split;

DatasetCommand::DatasetCommand(StudioContext& context, const QString& text) : QUndoCommand(text), m_context(context) {}

std::vector<int64_t> DatasetCommand::resolved(const std::vector<int64_t>& ids) const {
    std::vector<int64_t> out;
    out.reserve(ids.size());
    for (int64_t id : ids)
        out.push_back(m_context.resolveId(id));
    return out;
}

bool DatasetCommand::fail(const Status& status) {
    m_context.reportError(QObject::tr("%1 failed: %2").arg(text(), QString::fromStdString(status.message())));
    setObsolete(true);
    return false;
}

bool DatasetCommand::loadAll(const std::vector<int64_t>& ids, std::vector<Sample>& out) {
    out.clear();
    for (int64_t id : ids) {
        auto sample = m_context.store()->load(id);
        if (!sample)
            return fail(sample.error());
        out.push_back(std::move(sample.value()));
    }
    return true;
}

bool DatasetCommand::removeKeeping(const std::vector<int64_t>& ids, std::vector<Sample>& saved) {
    const auto current = resolved(ids);
    if (!loadAll(current, saved))
        return false;
    if (auto st = m_context.store()->remove(current); !st)
        return fail(st);
    return true;
}

bool DatasetCommand::reinsert(const std::vector<Sample>& samples) {
    auto ids = m_context.store()->insertAll(samples);
    if (!ids)
        return fail(ids.error());
    for (std::size_t i = 0; i < samples.size(); ++i)
        m_context.remapId(samples[i].id, ids.value()[i]);
    return true;
}

namespace {

// Groups (id, value) pairs by value so a bulk store call restores each group.
template <typename V>
std::map<V, std::vector<int64_t>> groupByValue(const std::vector<std::pair<int64_t, V>>& pairs,
                                               const StudioContext& context) {
    std::map<V, std::vector<int64_t>> groups;
    for (const auto& [id, value] : pairs)
        groups[value].push_back(context.resolveId(id));
    return groups;
}

// Undo of a per-sample field change: one bulk store call per old value.
template <typename V, typename Apply>
void restoreGroups(const std::vector<std::pair<int64_t, V>>& before, StudioContext& context, Apply apply) {
    for (const auto& [value, ids] : groupByValue(before, context))
        if (auto st = apply(ids, value); !st)
            context.reportError(QString::fromStdString(st.message()));
    context.notifyDatasetChanged();
}

}  // namespace

std::optional<std::vector<Sample>> DatasetCommand::currentRows(const std::vector<int64_t>& ids) {
    SampleFilter filter;
    filter.ids = ids;
    auto rows = m_context.store()->query(filter, {0, 0});
    if (!rows) {
        fail(rows.error());
        return std::nullopt;
    }
    return std::move(rows.value());
}

// ---- relabel ----------------------------------------------------------------

RelabelCommand::RelabelCommand(StudioContext& context, std::vector<int64_t> ids, std::string label)
    : DatasetCommand(context, QObject::tr("Relabel %n sample(s) as \"%1\"", nullptr, static_cast<int>(ids.size()))
                                  .arg(QString::fromStdString(label))),
      m_ids(std::move(ids)), m_label(std::move(label)) {}

void RelabelCommand::redo() {
    if (!m_context.store())
        return;
    const auto ids = resolved(m_ids);
    const auto rows = currentRows(ids);
    if (!rows)
        return;
    m_before.clear();
    for (const auto& s : *rows)
        m_before.emplace_back(s.id, s.label);
    if (auto st = m_context.store()->relabel(ids, m_label); !st) {
        fail(st);
        return;
    }
    m_context.notifyDatasetChanged();
}

void RelabelCommand::undo() {
    restoreGroups(m_before, m_context,
                  [this](const std::vector<int64_t>& ids, const std::string& label) {
                      return m_context.store()->relabel(ids, label);
                  });
}

// ---- move split ---------------------------------------------------------------

MoveSplitCommand::MoveSplitCommand(StudioContext& context, std::vector<int64_t> ids, Split split)
    : DatasetCommand(context, QObject::tr("Move %n sample(s) to %1", nullptr, static_cast<int>(ids.size()))
                                  .arg(QString::fromLatin1(dataset::splitName(split)))),
      m_ids(std::move(ids)), m_split(split) {}

void MoveSplitCommand::redo() {
    if (!m_context.store())
        return;
    const auto ids = resolved(m_ids);
    const auto rows = currentRows(ids);
    if (!rows)
        return;
    m_before.clear();
    for (const auto& s : *rows)
        m_before.emplace_back(s.id, s.split);
    if (auto st = m_context.store()->moveToSplit(ids, m_split); !st) {
        fail(st);
        return;
    }
    m_context.notifyDatasetChanged();
}

void MoveSplitCommand::undo() {
    restoreGroups(m_before, m_context, [this](const std::vector<int64_t>& ids, Split split) {
        return m_context.store()->moveToSplit(ids, split);
    });
}

// ---- delete -------------------------------------------------------------------

DeleteSamplesCommand::DeleteSamplesCommand(StudioContext& context, std::vector<int64_t> ids)
    : DatasetCommand(context, QObject::tr("Delete %n sample(s)", nullptr, static_cast<int>(ids.size()))),
      m_ids(std::move(ids)) {}

void DeleteSamplesCommand::redo() {
    if (m_context.store() && removeKeeping(m_ids, m_saved))
        m_context.notifyDatasetChanged();
}

void DeleteSamplesCommand::undo() {
    reinsert(m_saved);
    m_context.notifyDatasetChanged();
}

// ---- import ----------------------------------------------------------------------

ImportSamplesCommand::ImportSamplesCommand(StudioContext& context, std::vector<int64_t> importedIds, int files)
    : DatasetCommand(context, QObject::tr("Import %n file(s)", nullptr, files)), m_ids(std::move(importedIds)) {}

void ImportSamplesCommand::redo() {
    if (m_imported)
        return;  // pushed right after the import: nothing to do yet
    if (!reinsert(m_saved))
        return;
    m_saved.clear();
    m_imported = true;
    m_context.notifyDatasetChanged();
}

void ImportSamplesCommand::undo() {
    if (!m_context.store() || !m_imported || !removeKeeping(m_ids, m_saved))
        return;
    m_imported = false;
    m_context.notifyDatasetChanged();
}

// ---- crop ----------------------------------------------------------------------

CropSampleCommand::CropSampleCommand(StudioContext& context, int64_t id, int64_t firstFrame, int64_t frameCount)
    : DatasetCommand(context, QObject::tr("Crop sample %1").arg(id)), m_id(id), m_first(firstFrame),
      m_count(frameCount) {}

void CropSampleCommand::redo() {
    if (!m_context.store())
        return;
    const int64_t id = m_context.resolveId(m_id);
    auto original = m_context.store()->load(id);
    if (!original) {
        fail(original.error());
        return;
    }
    m_original = std::move(original.value());
    if (auto st = m_context.store()->crop(id, m_first, m_count); !st) {
        fail(st);
        return;
    }
    m_context.notifyDatasetChanged();
}

void CropSampleCommand::undo() {
    // The store crops in place, so undo swaps the cropped row for the original.
    const int64_t id = m_context.resolveId(m_id);
    if (auto st = m_context.store()->remove({id}); !st) {
        fail(st);
        return;
    }
    Sample restored = m_original;
    restored.id = id;
    reinsert({restored});
    m_context.notifyDatasetChanged();
}

// ---- split into N ------------------------------------------------------------

SplitSamplesCommand::SplitSamplesCommand(StudioContext& context, std::vector<int64_t> ids, int parts)
    : DatasetCommand(context, QObject::tr("Split %n sample(s) into %1 windows", nullptr, static_cast<int>(ids.size()))
                                  .arg(parts)),
      m_ids(std::move(ids)), m_parts(parts) {}

void SplitSamplesCommand::redo() {
    if (!m_context.store())
        return;
    const auto ids = resolved(m_ids);
    if (!loadAll(ids, m_originals))
        return;
    m_created.clear();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto pieces = m_context.store()->splitInto(ids[i], m_parts);
        if (!pieces) {
            // Earlier samples of this command were split: put them back so the
            // command stays all or nothing.
            (void)m_context.store()->remove(m_created);
            reinsert(std::vector<Sample>(m_originals.begin(), m_originals.begin() + static_cast<std::ptrdiff_t>(i)));
            fail(pieces.error());
            m_context.notifyDatasetChanged();
            return;
        }
        m_created.insert(m_created.end(), pieces.value().begin(), pieces.value().end());
    }
    m_context.notifyDatasetChanged();
}

void SplitSamplesCommand::undo() {
    if (auto st = m_context.store()->remove(m_created); !st) {
        m_context.reportError(QString::fromStdString(st.message()));
        return;
    }
    reinsert(m_originals);
    m_context.notifyDatasetChanged();
}

// ---- rebalance ---------------------------------------------------------------

RebalanceCommand::RebalanceCommand(StudioContext& context, double trainFraction, uint64_t seed)
    : DatasetCommand(context, QObject::tr("Rebalance train/test %1/%2")
                                  .arg(qRound(trainFraction * 100))
                                  .arg(100 - qRound(trainFraction * 100))),
      m_fraction(trainFraction), m_seed(seed) {}

void RebalanceCommand::redo() {
    if (!m_context.store())
        return;
    const auto all = currentRows({});  // no ids: every sample
    if (!all)
        return;
    m_before.clear();
    for (const auto& s : *all)
        m_before.emplace_back(s.id, s.split);
    if (auto st = m_context.store()->autoSplit(m_fraction, m_seed); !st) {
        fail(st);
        return;
    }
    m_context.notifyDatasetChanged();
}

void RebalanceCommand::undo() {
    restoreGroups(m_before, m_context, [this](const std::vector<int64_t>& ids, Split split) {
        return m_context.store()->moveToSplit(ids, split);
    });
}

}  // namespace mote::studio
