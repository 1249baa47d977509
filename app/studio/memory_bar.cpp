#include "memory_bar.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace mote::studio {

using firmware::UsageCategory;

namespace {

constexpr UsageCategory kCategories[] = {UsageCategory::ModelWeights, UsageCategory::Arena,
                                         UsageCategory::DspBuffers,   UsageCategory::Code,
                                         UsageCategory::ConstData,    UsageCategory::Stack,
                                         UsageCategory::Heap,         UsageCategory::OtherRam};

QString categoryTitle(UsageCategory c) {
    QString name = QString::fromUtf8(firmware::usageCategoryName(c));
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

}  // namespace

MemoryBar::MemoryBar(const QString& title, QWidget* parent) : QWidget(parent), m_title(title) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void MemoryBar::setUsage(std::vector<Segment> segments, uint64_t limitBytes, const QString& note) {
    m_segments = std::move(segments);
    m_limit = limitBytes;
    m_note = note;
    m_placeholder.clear();
    updateGeometry();
    update();
}

void MemoryBar::clearUsage(const QString& placeholder) {
    m_segments.clear();
    m_limit = 0;
    m_note.clear();
    m_placeholder = placeholder;
    update();
}

QColor MemoryBar::categoryColor(UsageCategory category) {
    switch (category) {
    case UsageCategory::ModelWeights: return {0x2f, 0x6f, 0xde};
    case UsageCategory::Arena: return {0x1f, 0x9e, 0x89};
    case UsageCategory::DspBuffers: return {0x8e, 0x5c, 0xc8};
    case UsageCategory::Code: return {0x7a, 0x86, 0x94};
    case UsageCategory::ConstData: return {0xa9, 0xb4, 0xc0};
    case UsageCategory::Stack: return {0xe0, 0x8e, 0x2b};
    case UsageCategory::Heap: return {0xf0, 0xb4, 0x5c};
    case UsageCategory::OtherRam: return {0x9a, 0xa5, 0xb1};
    }
    return Qt::gray;
}

std::vector<MemoryBar::Segment> MemoryBar::flashSegments(const firmware::MemoryUsage& usage) {
    std::vector<Segment> out;
    for (auto c : kCategories)
        if (const uint64_t b = usage.flashOf(c); b > 0)
            out.push_back({categoryTitle(c), b, categoryColor(c)});
    return out;
}

std::vector<MemoryBar::Segment> MemoryBar::ramSegments(const firmware::MemoryUsage& usage) {
    std::vector<Segment> out;
    for (auto c : kCategories)
        if (const uint64_t b = usage.ramOf(c); b > 0)
            out.push_back({categoryTitle(c), b, categoryColor(c)});
    return out;
}

QString MemoryBar::humanBytes(uint64_t bytes) {
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(static_cast<double>(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(static_cast<double>(bytes) / (1024.0 * 1024.0), 0, 'f', 2);
}

uint64_t MemoryBar::usedBytes() const {
    uint64_t total = 0;
    for (const auto& s : m_segments)
        total += s.bytes;
    return total;
}

QString MemoryBar::caption() const {
    if (m_segments.empty())
        return m_placeholder;
    const uint64_t used = usedBytes();
    QString text;
    if (m_limit == 0)
        text = tr("%1 used (board limit unknown)").arg(humanBytes(used));
    else if (used <= m_limit)
        text = tr("%1 of %2 (%3 %)")
                   .arg(humanBytes(used), humanBytes(m_limit))
                   .arg(100.0 * static_cast<double>(used) / static_cast<double>(m_limit), 0, 'f', 1);
    else
        text = tr("%1 of %2 — over by %3").arg(humanBytes(used), humanBytes(m_limit), humanBytes(used - m_limit));
    if (!m_note.isEmpty())
        text += QStringLiteral(" · ") + m_note;
    return text;
}

QSize MemoryBar::sizeHint() const {
    const int line = fontMetrics().height();
    return {360, line * 3 + 26};
}

QSize MemoryBar::minimumSizeHint() const { return {200, sizeHint().height()}; }

void MemoryBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    const QRect r = rect().adjusted(1, 0, -1, 0);

    // Title left, caption right.
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(QColor(0x22, 0x26, 0x2b));
    const int titleWidth = QFontMetrics(bold).horizontalAdvance(m_title) + 12;
    p.drawText(QRect(r.left(), r.top(), titleWidth, line), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    p.setFont(font());
    const bool over = !fits();
    p.setPen(over ? QColor(0xc0, 0x39, 0x2b) : QColor(0x55, 0x5b, 0x63));
    p.drawText(QRect(r.left() + titleWidth, r.top(), r.width() - titleWidth, line), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(caption(), Qt::ElideLeft, r.width() - titleWidth));

    // The bar.
    const QRectF bar(r.left(), r.top() + line + 4, r.width(), 16);
    QPainterPath clip;
    clip.addRoundedRect(bar, 4, 4);
    p.fillPath(clip, QColor(0xe9, 0xec, 0xf0));
    const uint64_t used = usedBytes();
    const double scale = static_cast<double>(std::max<uint64_t>({m_limit, used, 1}));
    p.save();
    p.setClipPath(clip);
    double x = bar.left();
    for (const auto& s : m_segments) {
        const double w = bar.width() * static_cast<double>(s.bytes) / scale;
        p.fillRect(QRectF(x, bar.top(), std::max(w, 1.0), bar.height()), s.color);
        x += w;
    }
    p.restore();
    if (m_limit > 0 && used > m_limit) {
        // Mark where the board's memory ends.
        const double lx = bar.left() + bar.width() * static_cast<double>(m_limit) / scale;
        p.setPen(QPen(QColor(0xc0, 0x39, 0x2b), 2));
        p.drawLine(QPointF(lx, bar.top() - 3), QPointF(lx, bar.bottom() + 3));
    }
    p.setPen(QPen(over ? QColor(0xc0, 0x39, 0x2b) : QColor(0xc5, 0xcb, 0xd3), 1));
    p.setBrush(Qt::NoBrush);
    p.drawPath(clip);

    // Legend: coloured squares with name and size.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(small);
    const QFontMetrics sfm(small);
    double lx = r.left();
    const double ly = bar.bottom() + 6;
    for (const auto& s : m_segments) {
        const QString text = QStringLiteral("%1 %2").arg(s.name, humanBytes(s.bytes));
        const double w = 14 + sfm.horizontalAdvance(text) + 14;
        if (lx + w > r.right() && lx > r.left())
            break;  // no room: the caption still has the total
        p.fillRect(QRectF(lx, ly + (line - 10) / 2.0, 10, 10), s.color);
        p.setPen(QColor(0x44, 0x4a, 0x52));
        p.drawText(QRectF(lx + 14, ly, w - 14, line), Qt::AlignLeft | Qt::AlignVCenter, text);
        lx += w;
    }
    if (m_segments.empty() && !m_placeholder.isEmpty()) {
        p.setPen(QColor(0x7a, 0x80, 0x88));
        p.drawText(QRectF(r.left(), ly, r.width(), line), Qt::AlignLeft | Qt::AlignVCenter, m_placeholder);
    }
}

}  // namespace mote::studio
