#include "signal_plot.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "plot_decimator.h"

namespace mote::studio {
namespace {

constexpr double kLeftMargin = 58.0;
constexpr double kRightMargin = 12.0;
constexpr double kTopMargin = 26.0;
constexpr double kBottomMargin = 30.0;

// A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` ticks over `span`.
double niceStep(double span, int target) {
    if (span <= 0.0 || target <= 0)
        return 1.0;
    const double raw = span / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double residual = raw / magnitude;
    double nice = 10.0;
    if (residual <= 1.0)
        nice = 1.0;
    else if (residual <= 2.0)
        nice = 2.0;
    else if (residual <= 5.0)
        nice = 5.0;
    return nice * magnitude;
}

QString tickLabel(double value, double step) {
    if (std::abs(value) < step * 1e-6)
        value = 0.0;
    const int decimals = step >= 1.0 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step))));
    if (std::abs(value) >= 10000.0 && step >= 1000.0)
        return QString::number(value / 1000.0, 'f', 0) + QLatin1Char('k');
    return QString::number(value, 'f', decimals);
}

}  // namespace

SignalPlot::SignalPlot(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(false);
    m_refresh.setInterval(1000 / kRefreshHz);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (m_dirty) {
            m_dirty = false;
            update();
        }
    });
}

QColor SignalPlot::channelColor(int index) {
    static const QColor kPalette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                      QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
                                      QColor(0x94, 0x67, 0xbd), QColor(0x17, 0xbe, 0xcf),
                                      QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2)};
    constexpr int n = static_cast<int>(sizeof(kPalette) / sizeof(kPalette[0]));
    return kPalette[((index % n) + n) % n];
}

void SignalPlot::setChannels(const QStringList& names, const QString& unit) {
    m_names = names;
    m_unit = unit;
    m_visible.assign(static_cast<std::size_t>(names.size()), true);
    clear();
}

void SignalPlot::setSignal(std::vector<float> interleaved, double sampleRateHz) {
    m_refresh.stop();
    m_capacity = 0;
    m_rate = sampleRateHz > 0.0 ? sampleRateHz : 1.0;
    m_buffer = std::move(interleaved);
    m_start = 0;
    m_count = m_buffer.size() / stride();
    m_buffer.resize(m_count * stride());
    m_totalFrames = static_cast<qint64>(m_count);
    clearSelection();
    updateYRange();
    update();
}

void SignalPlot::setLiveWindow(double seconds, double sampleRateHz) {
    m_rate = sampleRateHz > 0.0 ? sampleRateHz : 1.0;
    m_capacity = std::max<std::size_t>(2, static_cast<std::size_t>(std::llround(seconds * m_rate)));
    m_buffer.assign(2 * m_capacity * stride(), 0.0f);
    m_start = 0;
    m_count = 0;
    m_totalFrames = 0;
    clearSelection();
    m_refresh.start();
    update();
}

void SignalPlot::clear() {
    if (m_capacity > 0) {
        m_buffer.assign(2 * m_capacity * stride(), 0.0f);
    } else {
        m_buffer.clear();
    }
    m_start = 0;
    m_count = 0;
    m_totalFrames = 0;
    m_selFirst = m_selLast = 0;
    update();
}

void SignalPlot::compact() {
    // Keep the newest m_capacity-1 frames at the front so there is room to append.
    const std::size_t s = stride();
    const std::size_t keep = std::min(m_count, m_capacity > 0 ? m_capacity - 1 : 0);
    const std::size_t from = m_start + m_count - keep;
    std::memmove(m_buffer.data(), m_buffer.data() + from * s, keep * s * sizeof(float));
    m_start = 0;
    m_count = keep;
}

void SignalPlot::appendFrames(const float* interleaved, std::size_t frames) {
    if (m_capacity == 0 || m_paused || interleaved == nullptr || frames == 0)
        return;
    const std::size_t s = stride();
    if (frames >= m_capacity) {
        // Only the newest window is visible anyway.
        interleaved += (frames - m_capacity) * s;
        m_totalFrames += static_cast<qint64>(frames - m_capacity);
        frames = m_capacity;
        m_start = 0;
        m_count = 0;
    }
    if (m_start + m_count + frames > 2 * m_capacity)
        compact();
    std::memcpy(m_buffer.data() + (m_start + m_count) * s, interleaved, frames * s * sizeof(float));
    m_count += frames;
    m_totalFrames += static_cast<qint64>(frames);
    if (m_count > m_capacity) {
        m_start += m_count - m_capacity;
        m_count = m_capacity;
    }
    m_dirty = true;
}

std::size_t SignalPlot::frameCount() const { return m_count; }

std::vector<float> SignalPlot::heldFrames() const {
    const float* first = frameData();
    return std::vector<float>(first, first + m_count * stride());
}

void SignalPlot::setPaused(bool paused) {
    m_paused = paused;
    update();
}

void SignalPlot::setAutoscale(bool on) {
    m_autoscale = on;
    updateYRange();
    update();
}

void SignalPlot::setYRange(double min, double max) {
    m_autoscale = false;
    if (max <= min)
        max = min + 1.0;
    m_yMin = min;
    m_yMax = max;
    update();
}

void SignalPlot::setChannelVisible(int channel, bool visible) {
    if (channel < 0 || channel >= static_cast<int>(m_visible.size()))
        return;
    m_visible[static_cast<std::size_t>(channel)] = visible;
    updateYRange();
    update();
}

bool SignalPlot::isChannelVisible(int channel) const {
    return channel >= 0 && channel < static_cast<int>(m_visible.size()) &&
           m_visible[static_cast<std::size_t>(channel)];
}

void SignalPlot::setSelection(qint64 first, qint64 last) {
    first = std::clamp<qint64>(first, 0, static_cast<qint64>(m_count));
    last = std::clamp<qint64>(last, 0, static_cast<qint64>(m_count));
    if (last < first)
        std::swap(first, last);
    m_selFirst = first;
    m_selLast = last;
    update();
    emit selectionChanged(first, last);
}

void SignalPlot::clearSelection() {
    const bool had = hasSelection();
    m_selFirst = m_selLast = 0;
    update();
    if (had)
        emit selectionChanged(0, 0);
}

void SignalPlot::setTitle(const QString& title) {
    m_title = title;
    update();
}

void SignalPlot::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

QRectF SignalPlot::plotArea() const {
    return QRectF(kLeftMargin, kTopMargin, std::max(10.0, width() - kLeftMargin - kRightMargin),
                  std::max(10.0, height() - kTopMargin - kBottomMargin));
}

double SignalPlot::xForFrame(double frame) const {
    const QRectF area = plotArea();
    const double span = m_capacity > 0 ? static_cast<double>(m_capacity) : static_cast<double>(std::max<std::size_t>(m_count, 1));
    return area.left() + frame / span * area.width();
}

qint64 SignalPlot::frameAtX(double x) const {
    const QRectF area = plotArea();
    const double span = static_cast<double>(std::max<std::size_t>(m_count, 1));
    const double f = (x - area.left()) / area.width() * span;
    return std::clamp<qint64>(static_cast<qint64>(std::llround(f)), 0, static_cast<qint64>(m_count));
}

void SignalPlot::updateYRange() {
    if (!m_autoscale)
        return;
    bool any = false;
    float lo = 0.0f;
    float hi = 0.0f;
    const std::size_t s = stride();
    const float* data = frameData();
    for (std::size_t c = 0; c < m_visible.size(); ++c) {
        if (!m_visible[c] || m_count == 0)
            continue;
        for (std::size_t i = 0; i < m_count; ++i) {
            const float v = data[i * s + c];
            if (!any) {
                lo = hi = v;
                any = true;
            }
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (!any) {
        m_yMin = -1.0;
        m_yMax = 1.0;
        return;
    }
    double span = static_cast<double>(hi) - lo;
    if (span < 1e-9)
        span = std::max(1.0, std::abs(static_cast<double>(hi)) * 0.1);
    m_yMin = lo - span * 0.06;
    m_yMax = hi + span * 0.06;
}

void SignalPlot::drawAxes(QPainter& p, const QRectF& area) {
    const QFontMetrics fm = p.fontMetrics();
    // Horizontal grid + y labels.
    const double yStep = niceStep(m_yMax - m_yMin, std::max(2, static_cast<int>(area.height() / 40)));
    p.setPen(QColor(0xe4, 0xe7, 0xeb));
    for (double v = std::ceil(m_yMin / yStep) * yStep; v <= m_yMax + yStep * 1e-6; v += yStep) {
        const double y = area.bottom() - (v - m_yMin) / (m_yMax - m_yMin) * area.height();
        p.setPen(std::abs(v) < yStep * 1e-6 ? QColor(0xb8, 0xbe, 0xc6) : QColor(0xe4, 0xe7, 0xeb));
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        p.setPen(QColor(0x55, 0x5b, 0x63));
        const QString text = tickLabel(v, yStep);
        p.drawText(QRectF(0, y - fm.height() / 2.0, area.left() - 6, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, text);
    }
    // Vertical grid + time labels (seconds).
    const double frames = m_capacity > 0 ? static_cast<double>(m_capacity) : static_cast<double>(std::max<std::size_t>(m_count, 1));
    const double seconds = frames / m_rate;
    const double t0 = m_capacity > 0 ? static_cast<double>(m_totalFrames - static_cast<qint64>(m_count)) / m_rate : 0.0;
    const double tStep = niceStep(seconds, std::max(2, static_cast<int>(area.width() / 90)));
    for (double t = std::ceil(t0 / tStep) * tStep; t <= t0 + seconds + tStep * 1e-6; t += tStep) {
        const double x = area.left() + (t - t0) / seconds * area.width();
        if (x < area.left() - 0.5 || x > area.right() + 0.5)
            continue;
        p.setPen(QColor(0xe4, 0xe7, 0xeb));
        p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        p.setPen(QColor(0x55, 0x5b, 0x63));
        const QString text = tickLabel(t, tStep) + QStringLiteral(" s");
        const double w = fm.horizontalAdvance(text);
        const double left = std::clamp(x - w / 2.0, 0.0, width() - w - 1.0);
        p.drawText(QRectF(left, area.bottom() + 4, w + 1, fm.height()), Qt::AlignCenter, text);
    }
    p.setPen(QColor(0xb8, 0xbe, 0xc6));
    p.setBrush(Qt::NoBrush);
    p.drawRect(area);
    if (!m_unit.isEmpty()) {
        p.setPen(QColor(0x55, 0x5b, 0x63));
        p.drawText(QRectF(4, 4, kLeftMargin + 100, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, m_unit);
    }
}

QRectF SignalPlot::legendRect(int index) const {
    // Legend entries sit right-aligned in the top margin, one after another.
    const QFontMetrics fm = fontMetrics();
    double x = width() - kRightMargin;
    for (int i = static_cast<int>(m_names.size()) - 1; i >= 0; --i) {
        const double w = 16 + fm.horizontalAdvance(m_names[i]) + 12;
        x -= w;
        if (i == index)
            return QRectF(x, 4, w, fm.height() + 2);
    }
    return {};
}

void SignalPlot::drawLegend(QPainter& p, const QRectF&) {
    if (m_names.size() < 1)
        return;
    for (int i = 0; i < m_names.size(); ++i) {
        const QRectF r = legendRect(i);
        const bool on = isChannelVisible(i);
        QColor c = channelColor(i);
        if (!on)
            c.setAlpha(70);
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRoundedRect(QRectF(r.left(), r.center().y() - 4, 10, 8), 2, 2);
        p.setPen(on ? QColor(0x30, 0x34, 0x3a) : QColor(0xa0, 0xa4, 0xaa));
        p.drawText(QRectF(r.left() + 14, r.top(), r.width() - 14, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   m_names[i]);
    }
}

void SignalPlot::paintEvent(QPaintEvent*) {
    QElapsedTimer timer;
    timer.start();
    QPainter p(this);
    p.fillRect(rect(), QColor(0xfb, 0xfc, 0xfd));
    const QRectF area = plotArea();
    p.fillRect(area, Qt::white);
    if (m_autoscale && !m_paused)
        updateYRange();
    drawAxes(p, area);

    if (!m_title.isEmpty()) {
        QFont f = p.font();
        f.setBold(true);
        p.setFont(f);
        p.setPen(QColor(0x30, 0x34, 0x3a));
        const double unitWidth = m_unit.isEmpty() ? 0 : p.fontMetrics().horizontalAdvance(m_unit) + 16;
        p.drawText(QRectF(4 + unitWidth, 4, width() / 2.0, p.fontMetrics().height()), Qt::AlignLeft | Qt::AlignVCenter,
                   m_title);
        p.setFont(font());
    }
    drawLegend(p, area);

    if (m_count == 0) {
        p.setPen(QColor(0x80, 0x86, 0x8e));
        p.drawText(area, Qt::AlignCenter, m_placeholder.isEmpty() ? tr("No data") : m_placeholder);
    } else {
        // Selection underlay.
        if (hasSelection()) {
            const double x1 = xForFrame(static_cast<double>(m_selFirst));
            const double x2 = xForFrame(static_cast<double>(m_selLast));
            p.fillRect(QRectF(x1, area.top(), std::max(1.0, x2 - x1), area.height()), QColor(0x2f, 0x6f, 0xde, 40));
        }
        // Columns covered by the held frames (live: the window fills from the left).
        const double span = m_capacity > 0 ? static_cast<double>(m_capacity) : static_cast<double>(m_count);
        const int columns = std::max(1, static_cast<int>(std::floor(area.width() * static_cast<double>(m_count) / span)));
        const double yScale = area.height() / (m_yMax - m_yMin);
        p.setClipRect(area.adjusted(0, -1, 0, 1));
        p.setRenderHint(QPainter::Antialiasing, false);
        for (int c = 0; c < m_names.size(); ++c) {
            if (!isChannelVisible(c))
                continue;
            const auto cols = decimateMinMax(frameData(), stride(), static_cast<std::size_t>(c), 0, m_count, columns);
            QPolygonF line;
            line.reserve(static_cast<qsizetype>(cols.size() * 2));
            for (std::size_t i = 0; i < cols.size(); ++i) {
                if (cols[i].empty)
                    continue;
                const double x = area.left() + static_cast<double>(i) + 0.5;
                line << QPointF(x, area.bottom() - (cols[i].min - m_yMin) * yScale)
                     << QPointF(x, area.bottom() - (cols[i].max - m_yMin) * yScale);
            }
            // A 1 px cosmetic pen keeps the raster engine on its fast path;
            // wider pens go through the stroker and cost seconds per frame.
            QPen pen(channelColor(c), 1);
            pen.setCosmetic(true);
            p.setPen(pen);
            p.drawPolyline(line);
        }
        p.setClipping(false);
    }
    if (m_paused) {
        p.setPen(QColor(0xc0, 0x39, 0x2b));
        p.drawText(area.adjusted(8, 6, -8, -6), Qt::AlignLeft | Qt::AlignTop, tr("Paused"));
    }
    ++m_paints;
    m_longestPaintMs = std::max(m_longestPaintMs, static_cast<double>(timer.nsecsElapsed()) / 1e6);
}

void SignalPlot::mousePressEvent(QMouseEvent* event) {
    for (int i = 0; i < m_names.size(); ++i) {
        if (legendRect(i).contains(event->position())) {
            setChannelVisible(i, !isChannelVisible(i));
            return;
        }
    }
    if (m_selectable && m_capacity == 0 && event->button() == Qt::LeftButton && plotArea().contains(event->position())) {
        m_dragging = true;
        m_dragAnchor = frameAtX(event->position().x());
        m_selFirst = m_selLast = m_dragAnchor;
        update();
        return;
    }
    QWidget::mousePressEvent(event);
}

void SignalPlot::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging)
        return QWidget::mouseMoveEvent(event);
    const qint64 f = frameAtX(event->position().x());
    m_selFirst = std::min(m_dragAnchor, f);
    m_selLast = std::max(m_dragAnchor, f);
    update();
}

void SignalPlot::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging)
        return QWidget::mouseReleaseEvent(event);
    m_dragging = false;
    const qint64 f = frameAtX(event->position().x());
    setSelection(std::min(m_dragAnchor, f), std::max(m_dragAnchor, f));
}

}  // namespace mote::studio
