#include "feature_matrix_view.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

#include "signal_plot.h"
#include "spectrogram.h"

namespace mote::studio {
namespace {
constexpr double kLeft = 58.0;
constexpr double kRight = 12.0;
constexpr double kTop = 26.0;
constexpr double kBottom = 28.0;
}  // namespace

FeatureMatrixView::FeatureMatrixView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void FeatureMatrixView::setMatrix(std::vector<float> values, int rows, int cols, Mode mode, const QString& caption,
                                  int groups, const QStringList& groupNames) {
    m_values = std::move(values);
    m_rows = rows;
    m_cols = cols;
    m_mode = mode;
    m_caption = caption;
    m_groups = groups;
    m_groupNames = groupNames;
    m_message.clear();
    m_image = {};
    if (!m_values.empty()) {
        const auto [lo, hi] = std::minmax_element(m_values.begin(), m_values.end());
        m_min = *lo;
        m_max = *hi > *lo ? *hi : *lo + 1.0f;
    }
    if (mode == Mode::Image && rows > 0 && cols > 0) {
        // The spectrogram renderer maps [peak - range, peak] dark → bright:
        // time runs along frames (rows here), coefficients along bins.
        Spectrogram s;
        s.frames = rows;
        s.bins = cols;
        s.db = m_values;
        m_image = renderSpectrogram(s, static_cast<double>(m_max - m_min));
    }
    update();
}

void FeatureMatrixView::clear(const QString& message) {
    m_values.clear();
    m_rows = m_cols = 0;
    m_image = {};
    m_message = message;
    update();
}

void FeatureMatrixView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(0xfb, 0xfc, 0xfd));
    const QRectF area(kLeft, kTop, std::max(10.0, width() - kLeft - kRight), std::max(10.0, height() - kTop - kBottom));
    const QFontMetrics fm = p.fontMetrics();
    p.setPen(QColor(0x33, 0x38, 0x3f));
    p.drawText(QRectF(kLeft, 4, area.width(), kTop - 6), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(m_caption, Qt::ElideRight, static_cast<int>(area.width())));
    if (m_values.empty()) {
        p.fillRect(area, Qt::white);
        p.setPen(QColor(0x80, 0x86, 0x8e));
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_message.isEmpty() ? tr("No features") : m_message);
        return;
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    auto yLabel = [&](double value, double y) {
        p.drawText(QRectF(0, y - fm.height() / 2.0, kLeft - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(value, 'g', 3));
    };
    p.setPen(QColor(0x55, 0x5b, 0x63));
    if (m_mode == Mode::Image) {
        p.drawImage(area, m_image);
        p.drawText(QRectF(0, area.top(), kLeft - 6, fm.height()), Qt::AlignRight, QString::number(m_cols - 1));
        p.drawText(QRectF(0, area.bottom() - fm.height(), kLeft - 6, fm.height()), Qt::AlignRight, QStringLiteral("0"));
        p.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), fm.height()), Qt::AlignCenter,
                   tr("frame (%1) →   coefficient ↑ (%2)").arg(m_rows).arg(m_cols));
        return;
    }
    p.fillRect(area, Qt::white);
    // y axis: min, 0 (when in range), max
    const float lo = std::min(0.0f, m_min), hi = std::max(0.0f, m_max);
    const double span = hi - lo > 0 ? hi - lo : 1.0;
    auto yFor = [&](double v) { return area.bottom() - (v - lo) / span * area.height(); };
    p.setPen(QColor(0xdd, 0xe1, 0xe6));
    p.drawLine(QPointF(area.left(), yFor(0)), QPointF(area.right(), yFor(0)));
    p.setPen(QColor(0x55, 0x5b, 0x63));
    yLabel(hi, area.top() + fm.height() / 2.0);
    yLabel(lo, area.bottom() - fm.height() / 2.0);
    if (lo < 0 && hi > 0)
        yLabel(0, yFor(0));

    if (m_mode == Mode::Bars) {
        const int n = m_cols;
        const double w = area.width() / std::max(1, n);
        const int perGroup = m_groups > 0 ? std::max(1, n / m_groups) : n;
        for (int i = 0; i < n; ++i) {
            const double v = m_values[static_cast<size_t>(i)];
            const double y0 = yFor(0), y1 = yFor(v);
            p.fillRect(QRectF(area.left() + i * w + w * 0.1, std::min(y0, y1), std::max(1.0, w * 0.8), std::abs(y1 - y0)),
                       SignalPlot::channelColor(i / perGroup));
        }
        QString legend;
        for (int g = 0; g < m_groupNames.size(); ++g) {
            const QColor c = SignalPlot::channelColor(g);
            legend += QStringLiteral("<span style='color:%1'>■ %2</span>  ").arg(c.name(), m_groupNames[g].toHtmlEscaped());
        }
        p.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), fm.height()), Qt::AlignCenter,
                   m_groupNames.isEmpty() ? tr("feature (%1)").arg(n) : m_groupNames.join(QStringLiteral(" | ")));
        return;
    }
    // Lines: rows = time, cols = axes.
    for (int c = 0; c < m_cols; ++c) {
        QPainterPath path;
        for (int r = 0; r < m_rows; ++r) {
            const QPointF pt(area.left() + area.width() * r / std::max(1, m_rows - 1),
                             yFor(m_values[static_cast<size_t>(r) * m_cols + c]));
            if (r == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        p.setPen(QPen(SignalPlot::channelColor(c), 1.4));
        p.drawPath(path);
    }
    p.setPen(QColor(0x55, 0x5b, 0x63));
    p.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), fm.height()), Qt::AlignCenter,
               tr("frame (%1) →").arg(m_rows));
}

}  // namespace mote::studio
