#pragma once
// Undoable dataset edits. Every change the user makes to samples from the
// studio is one of these pushed on StudioContext::undoStack(), so Edit > Undo
// reverts it. Each command resolves its sample ids through the context's id
// map at redo/undo time (an undone delete re-creates samples under new ids).
//
// If the store refuses an edit, redo() reports the error through the context
// and marks the command obsolete, so QUndoStack::push() drops it: the stack
// only ever holds edits that happened.
#include <QUndoCommand>

#include <optional>
#include <vector>

#include "dataset/sample.h"
#include "studio_context.h"

namespace mote::studio {

class DatasetCommand : public QUndoCommand {
public:
    DatasetCommand(StudioContext& context, const QString& text);

protected:
    std::vector<int64_t> resolved(const std::vector<int64_t>& ids) const;
    // Reports a failed step; returns false so callers can `return fail(...)`.
    bool fail(const Status& status);
    // Stores `samples` again (after a delete) and maps their old ids to the new ones.
    bool reinsert(const std::vector<dataset::Sample>& samples);
    // Metadata rows of `ids` as stored now; nullopt (after fail()) on a store error.
    std::optional<std::vector<dataset::Sample>> currentRows(const std::vector<int64_t>& ids);
    // Loads the samples (with data) into `saved`, then removes them from the store.
    bool removeKeeping(const std::vector<int64_t>& ids, std::vector<dataset::Sample>& saved);
    // Loads full samples (with data) for the given ids.
    bool loadAll(const std::vector<int64_t>& ids, std::vector<dataset::Sample>& out);
    StudioContext& m_context;
};

class RelabelCommand : public DatasetCommand {
public:
    RelabelCommand(StudioContext& context, std::vector<int64_t> ids, std::string label);
    void redo() override;
    void undo() override;

private:
    std::vector<int64_t> m_ids;
    std::string m_label;
    std::vector<std::pair<int64_t, std::string>> m_before;  // id, old label
};

class MoveSplitCommand : public DatasetCommand {
public:
    MoveSplitCommand(StudioContext& context, std::vector<int64_t> ids, dataset::Split split);
    void redo() override;
    void undo() override;

private:
    std::vector<int64_t> m_ids;
    dataset::Split m_split;
    std::vector<std::pair<int64_t, dataset::Split>> m_before;
};

class DeleteSamplesCommand : public DatasetCommand {
public:
    DeleteSamplesCommand(StudioContext& context, std::vector<int64_t> ids);
    void redo() override;
    void undo() override;

private:
    std::vector<int64_t> m_ids;
    std::vector<dataset::Sample> m_saved;  // full samples, for undo
};

// Records an import that already happened (on ImportJob's worker), so it
// can be undone like any edit: undo removes the imported samples (keeping
// them in memory), redo stores them again. The first redo() is the import
// itself and does nothing.
class ImportSamplesCommand : public DatasetCommand {
public:
    ImportSamplesCommand(StudioContext& context, std::vector<int64_t> importedIds, int files);
    void redo() override;
    void undo() override;

private:
    std::vector<int64_t> m_ids;
    std::vector<dataset::Sample> m_saved;
    bool m_imported = true;  // the samples are in the store right now
};

// Keeps frames [first, first+count) of one sample.
class CropSampleCommand : public DatasetCommand {
public:
    CropSampleCommand(StudioContext& context, int64_t id, int64_t firstFrame, int64_t frameCount);
    void redo() override;
    void undo() override;

private:
    int64_t m_id;
    int64_t m_first;
    int64_t m_count;
    dataset::Sample m_original;
};

// Replaces each sample by `parts` equal windows.
class SplitSamplesCommand : public DatasetCommand {
public:
    SplitSamplesCommand(StudioContext& context, std::vector<int64_t> ids, int parts);
    void redo() override;
    void undo() override;

private:
    std::vector<int64_t> m_ids;
    int m_parts;
    std::vector<dataset::Sample> m_originals;
    std::vector<int64_t> m_created;
};

// Stratified train/test split of the whole dataset (seeded).
class RebalanceCommand : public DatasetCommand {
public:
    RebalanceCommand(StudioContext& context, double trainFraction, uint64_t seed);
    void redo() override;
    void undo() override;

private:
    double m_fraction;
    uint64_t m_seed;
    std::vector<std::pair<int64_t, dataset::Split>> m_before;
};

}  // namespace mote::studio
