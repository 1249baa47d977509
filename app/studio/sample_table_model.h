#pragma once
// SampleTableModel: the Dataset page's table over the project store. Rows are
// fetched in pages (canFetchMore/fetchMore) so a view over 100,000 samples
// only ever queries what has been scrolled to; metadata only, never data.
//
// Threads: GUI thread (it reads the GUI thread's SampleStore).
#include <QAbstractTableModel>

#include <vector>

#include "dataset/sample_store.h"

namespace mote::studio {

class StudioContext;

class SampleTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColId, ColLabel, ColSplit, ColLength, ColRate, ColSensor, ColDevice, ColDate, ColLoss, ColCount };
    static constexpr int kPageSize = 200;  // small pages keep each fetch well under a frame

    explicit SampleTableModel(StudioContext& context, QObject* parent = nullptr);

    void setFilter(const dataset::SampleFilter& filter);
    const dataset::SampleFilter& filter() const { return m_filter; }
    // Re-reads the store, keeping as many rows loaded as before (at least a page).
    void reload();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    int64_t totalCount() const { return m_total; }
    int64_t sampleId(int row) const;
    const dataset::Sample* sampleAt(int row) const;
    int rowOfId(int64_t id) const;  // -1 when not loaded
    QString lastError() const { return m_error; }

private:
    StudioContext& m_context;
    dataset::SampleFilter m_filter;
    std::vector<dataset::Sample> m_rows;
    int64_t m_total = 0;
    QString m_error;
};

}  // namespace mote::studio
