#include "sample_table_model.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

#include "studio_context.h"

namespace mote::studio {

SampleTableModel::SampleTableModel(StudioContext& context, QObject* parent)
    : QAbstractTableModel(parent), m_context(context) {}

void SampleTableModel::setFilter(const dataset::SampleFilter& filter) {
    m_filter = filter;
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    endResetModel();
    reload();
}

void SampleTableModel::reload() {
    const int64_t keep = std::max<int64_t>(kPageSize, static_cast<int64_t>(m_rows.size()));
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    m_error.clear();
    if (auto* store = m_context.store()) {
        auto total = store->count(m_filter);
        auto rows = store->query(m_filter, {0, keep});
        if (total && rows) {
            m_total = total.value();
            m_rows = std::move(rows.value());
        } else {
            m_error = QString::fromStdString(total ? rows.message() : total.message());
        }
    }
    endResetModel();
}

int SampleTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SampleTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColCount; }

bool SampleTableModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && static_cast<int64_t>(m_rows.size()) < m_total;
}

void SampleTableModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid() || !m_context.store())
        return;
    dataset::Page page{0, kPageSize};
    if (!m_rows.empty())
        page.afterId = m_rows.back().id;
    auto more = m_context.store()->query(m_filter, page);
    if (!more) {
        m_error = QString::fromStdString(more.message());
        m_total = static_cast<int64_t>(m_rows.size());  // stop asking
        return;
    }
    if (more.value().empty()) {
        m_total = static_cast<int64_t>(m_rows.size());
        return;
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(more.value().size()) - 1);
    for (auto& s : more.value())
        m_rows.push_back(std::move(s));
    endInsertRows();
}

int64_t SampleTableModel::sampleId(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? m_rows[static_cast<std::size_t>(row)].id : 0;
}

const dataset::Sample* SampleTableModel::sampleAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[static_cast<std::size_t>(row)] : nullptr;
}

int SampleTableModel::rowOfId(int64_t id) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    return -1;
}

QVariant SampleTableModel::data(const QModelIndex& index, int role) const {
    const auto* s = sampleAt(index.row());
    if (!s)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ColId: return QVariant::fromValue<qlonglong>(s->id);
        case ColLabel: return QString::fromStdString(s->label);
        case ColSplit: return QString::fromLatin1(dataset::splitName(s->split));
        case ColLength: return QStringLiteral("%1 s").arg(s->durationMs() / 1000.0, 0, 'f', 2);
        case ColRate: return QStringLiteral("%1 Hz").arg(s->sampleRateHz, 0, 'g', 6);
        case ColSensor:
            return QStringLiteral("%1 (%2)").arg(QString::fromStdString(s->sensor)).arg(s->axisCount());
        case ColDevice: return s->device.empty() ? QStringLiteral("—") : QString::fromStdString(s->device);
        case ColDate:
            return QDateTime::fromMSecsSinceEpoch(s->captureTimeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ColLoss:
            if (s->lostFrames == 0 && s->crcErrors == 0)
                return QStringLiteral("—");
            return tr("%1 lost, %2 CRC").arg(s->lostFrames).arg(s->crcErrors);
        default: return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == ColLoss && (s->lostFrames > 0 || s->crcErrors > 0))
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (role == Qt::ForegroundRole && index.column() == ColSplit)
        return QBrush(s->split == dataset::Split::Train ? QColor(0x1f, 0x6f, 0xb4) : QColor(0x8e, 0x44, 0xad));
    if (role == Qt::TextAlignmentRole &&
        (index.column() == ColId || index.column() == ColLength || index.column() == ColRate))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && !s->sourceName.empty())
        return tr("Imported from %1").arg(QString::fromStdString(s->sourceName));
    if (role == Qt::UserRole)
        return QVariant::fromValue<qlonglong>(s->id);
    return {};
}

QVariant SampleTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ColId: return tr("ID");
    case ColLabel: return tr("Label");
    case ColSplit: return tr("Split");
    case ColLength: return tr("Length");
    case ColRate: return tr("Rate");
    case ColSensor: return tr("Sensor (axes)");
    case ColDevice: return tr("Device");
    case ColDate: return tr("Recorded");
    case ColLoss: return tr("Loss");
    default: return {};
    }
}

}  // namespace mote::studio
