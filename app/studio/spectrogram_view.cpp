#include "spectrogram_view.h"

#include <QPainter>

namespace mote::studio {

namespace {
constexpr double kLeftMargin = 58.0;
constexpr double kRightMargin = 12.0;
constexpr double kTopMargin = 8.0;
constexpr double kBottomMargin = 30.0;
}  // namespace

SpectrogramView::SpectrogramView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void SpectrogramView::setSignal(const float* mono, std::size_t count, double sampleRate) {
    m_spectrogram = computeSpectrogram(mono, count, sampleRate);
    m_image = renderSpectrogram(m_spectrogram);
    m_seconds = sampleRate > 0 ? static_cast<double>(count) / sampleRate : 0.0;
    update();
}

void SpectrogramView::clear() {
    m_spectrogram = {};
    m_image = {};
    update();
}

void SpectrogramView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(0xfb, 0xfc, 0xfd));
    const QRectF area(kLeftMargin, kTopMargin, std::max(10.0, width() - kLeftMargin - kRightMargin),
                      std::max(10.0, height() - kTopMargin - kBottomMargin));
    const QFontMetrics fm = p.fontMetrics();
    if (m_image.isNull()) {
        p.fillRect(area, Qt::white);
        p.setPen(QColor(0x80, 0x86, 0x8e));
        p.drawText(area, Qt::AlignCenter, tr("No audio"));
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.drawImage(area, m_image);
    p.setPen(QColor(0x55, 0x5b, 0x63));
    // Frequency axis: 0, Nyquist/2, Nyquist in kHz.
    const double nyquist = m_spectrogram.sampleRate / 2.0;
    for (int i = 0; i <= 4; ++i) {
        const double hz = nyquist * i / 4.0;
        const double y = area.bottom() - area.height() * i / 4.0;
        p.drawLine(QPointF(area.left() - 4, y), QPointF(area.left(), y));
        p.drawText(QRectF(0, y - fm.height() / 2.0, area.left() - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(hz / 1000.0, 'f', hz >= 10000 || i == 0 ? 0 : 1) + QStringLiteral(" kHz"));
    }
    for (int i = 0; i <= 4; ++i) {
        const double x = area.left() + area.width() * i / 4.0;
        const QString text = QString::number(m_seconds * i / 4.0, 'f', 2) + QStringLiteral(" s");
        const double w = fm.horizontalAdvance(text);
        p.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4));
        p.drawText(QRectF(std::clamp(x - w / 2, 0.0, width() - w - 1), area.bottom() + 6, w + 1, fm.height()),
                   Qt::AlignCenter, text);
    }
}

}  // namespace mote::studio
