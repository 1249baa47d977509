#include "confusion_grid.h"

#include <QPainter>

#include <algorithm>

namespace mote::studio {

ConfusionGrid::ConfusionGrid(const QString& title, QWidget* parent) : QWidget(parent), m_title(title) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionGrid::setMatrix(const QStringList& labels, std::vector<std::vector<int64_t>> matrix, double accuracy) {
    m_labels = labels;
    m_matrix = std::move(matrix);
    m_accuracy = accuracy;
    m_placeholder.clear();
    while (m_labels.size() < static_cast<qsizetype>(m_matrix.size()))
        m_labels << tr("class %1").arg(m_labels.size());
    update();
}

void ConfusionGrid::clear(const QString& placeholder) {
    m_matrix.clear();
    m_labels.clear();
    m_placeholder = placeholder;
    update();
}

QString ConfusionGrid::title() const {
    if (m_matrix.empty())
        return m_title;
    return tr("%1 — %2 % accurate").arg(m_title).arg(m_accuracy * 100.0, 0, 'f', 1);
}

void ConfusionGrid::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(QColor(0x22, 0x26, 0x2b));
    p.drawText(QRect(0, 0, width(), line + 4), Qt::AlignHCenter | Qt::AlignVCenter, title());
    p.setFont(font());
    const int n = static_cast<int>(m_matrix.size());
    if (n == 0) {
        p.setPen(QColor(0x7a, 0x80, 0x88));
        p.drawText(rect().adjusted(8, line + 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }

    // Room for the row labels on the left and the column labels on top.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    const QFontMetrics sfm(small);
    int labelWidth = 0;
    for (const QString& l : m_labels)
        labelWidth = std::max(labelWidth, sfm.horizontalAdvance(l));
    labelWidth = std::min(labelWidth + 10, width() / 3);
    const int top = line + 8 + sfm.height() + 6;
    const int left = labelWidth + 6;
    const int side = std::max(8, std::min((width() - left - 4) / n, (height() - top - sfm.height() - 8) / n));
    const QRect grid(left, top, side * n, side * n);

    p.setFont(small);
    p.setPen(QColor(0x55, 0x5b, 0x63));
    for (int c = 0; c < n; ++c) {
        const QRect cell(grid.left() + c * side, top - sfm.height() - 4, side, sfm.height());
        p.drawText(cell, Qt::AlignCenter, sfm.elidedText(m_labels[c], Qt::ElideRight, side - 2));
    }
    for (int r = 0; r < n; ++r) {
        const QRect cell(0, grid.top() + r * side, labelWidth, side);
        p.drawText(cell, Qt::AlignRight | Qt::AlignVCenter, sfm.elidedText(m_labels[r], Qt::ElideRight, labelWidth));
    }
    p.drawText(QRect(0, grid.bottom() + 4, width(), sfm.height()), Qt::AlignHCenter,
               tr("rows: true class · columns: predicted"));

    QFont cellFont = small;
    cellFont.setBold(true);
    p.setFont(cellFont);
    for (int r = 0; r < n; ++r) {
        const auto& row = m_matrix[static_cast<size_t>(r)];
        int64_t rowTotal = 0;
        for (int64_t v : row)
            rowTotal += v;
        for (int c = 0; c < n; ++c) {
            const int64_t v = c < static_cast<int>(row.size()) ? row[static_cast<size_t>(c)] : 0;
            const double share = rowTotal > 0 ? static_cast<double>(v) / static_cast<double>(rowTotal) : 0.0;
            QColor fill = v == 0 ? QColor(0xf6, 0xf7, 0xf9) : (r == c ? QColor(0x2f, 0x6f, 0xde) : QColor(0xc0, 0x39, 0x2b));
            if (v != 0)
                fill.setAlphaF(static_cast<float>(0.15 + 0.85 * share));
            const QRect cell(grid.left() + c * side, grid.top() + r * side, side, side);
            p.fillRect(cell.adjusted(1, 1, -1, -1), fill);
            if (side >= 18) {
                p.setPen(v != 0 && share > 0.5 ? Qt::white : QColor(0x33, 0x38, 0x3e));
                p.drawText(cell, Qt::AlignCenter, QString::number(v));
            }
        }
    }
    p.setPen(QColor(0xc5, 0xcb, 0xd3));
    p.setBrush(Qt::NoBrush);
    p.drawRect(grid);
}

}  // namespace mote::studio
