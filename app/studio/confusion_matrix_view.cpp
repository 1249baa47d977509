#include "confusion_matrix_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mote::studio {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* left = new QVBoxLayout;
    auto* title = new QLabel(tr("<b>Confusion matrix</b> (validation; rows = actual, columns = predicted)"), this);
    title->setWordWrap(true);
    left->addWidget(title);
    m_matrix = new QTableWidget(this);
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setSelectionMode(QAbstractItemView::NoSelection);
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_matrix->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    left->addWidget(m_matrix, 1);
    m_note = new QLabel(this);
    left->addWidget(m_note);
    layout->addLayout(left, 3);

    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("<b>Per class</b>"), this));
    m_perClass = new QTableWidget(this);
    m_perClass->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_perClass->setColumnCount(5);
    m_perClass->setHorizontalHeaderLabels({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    m_perClass->verticalHeader()->hide();
    m_perClass->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    right->addWidget(m_perClass, 1);
    layout->addLayout(right, 2);
    clear();
}

void ConfusionMatrixView::clear(const QString& message) {
    m_matrix->clear();
    m_matrix->setRowCount(0);
    m_matrix->setColumnCount(0);
    m_perClass->setRowCount(0);
    m_total = 0;
    m_note->setText(message.isEmpty() ? tr("Shown when a run finishes.") : message);
}

void ConfusionMatrixView::setMetrics(const nlohmann::json& metrics, const std::vector<std::string>& classes) {
    clear();
    const auto confusion = metrics.value("confusion", nlohmann::json::array());
    const int n = static_cast<int>(confusion.size());
    QStringList names;
    for (int i = 0; i < n; ++i)
        names << (i < static_cast<int>(classes.size()) ? QString::fromStdString(classes[static_cast<size_t>(i)])
                                                       : QString::number(i));
    m_matrix->setRowCount(n);
    m_matrix->setColumnCount(n);
    m_matrix->setHorizontalHeaderLabels(names);
    m_matrix->setVerticalHeaderLabels(names);
    for (int r = 0; r < n; ++r) {
        long long rowTotal = 0;
        for (const auto& v : confusion[static_cast<size_t>(r)])
            rowTotal += v.get<long long>();
        for (int c = 0; c < n && c < static_cast<int>(confusion[static_cast<size_t>(r)].size()); ++c) {
            const long long count = confusion[static_cast<size_t>(r)][static_cast<size_t>(c)].get<long long>();
            m_total += count;
            const double share = rowTotal > 0 ? static_cast<double>(count) / static_cast<double>(rowTotal) : 0.0;
            auto* item = new QTableWidgetItem(QString::number(count));
            item->setTextAlignment(Qt::AlignCenter);
            // Diagonal (correct) in blue, off-diagonal (mistakes) in red; intensity = share of the row.
            const QColor base = r == c ? QColor(0x1f, 0x6f, 0xd1) : QColor(0xd3, 0x2f, 0x2f);
            QColor fill = base;
            fill.setAlphaF(count == 0 ? 0.0f : static_cast<float>(0.12 + 0.88 * share));
            item->setBackground(fill);
            item->setForeground(share > 0.55 ? Qt::white : QColor(0x20, 0x24, 0x2a));
            item->setToolTip(tr("%1 of %2 '%3' windows predicted '%4'")
                                 .arg(count)
                                 .arg(rowTotal)
                                 .arg(names[r], names[c]));
            m_matrix->setItem(r, c, item);
        }
    }
    const auto perClass = metrics.value("per_class", nlohmann::json::array());
    m_perClass->setRowCount(static_cast<int>(perClass.size()));
    for (int i = 0; i < static_cast<int>(perClass.size()); ++i) {
        const auto& pc = perClass[static_cast<size_t>(i)];
        const QStringList cells = {QString::fromStdString(pc.value("class", std::string())),
                                   QString::number(pc.value("precision", 0.0), 'f', 3),
                                   QString::number(pc.value("recall", 0.0), 'f', 3),
                                   QString::number(pc.value("f1", 0.0), 'f', 3),
                                   QString::number(pc.value("support", 0LL))};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(c == 0 ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignCenter);
            m_perClass->setItem(i, c, item);
        }
    }
    m_note->setText(tr("%1 of %2 windows correct (%3%)")
                        .arg(metrics.value("correct", 0LL))
                        .arg(m_total)
                        .arg(metrics.value("accuracy", 0.0) * 100, 0, 'f', 1));
}

}  // namespace mote::studio
