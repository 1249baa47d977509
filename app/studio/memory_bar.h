#pragma once
// MemoryBar: one horizontal bar showing how much of a board's RAM or flash a
// firmware/model uses, split into coloured segments (model weights, tensor
// arena, code, ...) against the board's limit. Over the limit the bar turns
// red and the caption says by how much. Used by the Model, Deployment and
// Live pages. GUI thread only; pure view (no I/O).
#include <QColor>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

#include "firmware/size_report.h"

namespace mote::studio {

class MemoryBar : public QWidget {
    Q_OBJECT
public:
    struct Segment {
        QString name;
        uint64_t bytes = 0;
        QColor color;
    };

    explicit MemoryBar(const QString& title, QWidget* parent = nullptr);

    // limit 0 = unknown (the bar is scaled to the used total).
    void setUsage(std::vector<Segment> segments, uint64_t limitBytes, const QString& note = {});
    void clearUsage(const QString& placeholder);

    // Segments of one resource of a firmware usage (flash or RAM), with the
    // studio's fixed category colours; empty categories are left out.
    static std::vector<Segment> flashSegments(const firmware::MemoryUsage& usage);
    static std::vector<Segment> ramSegments(const firmware::MemoryUsage& usage);
    static QColor categoryColor(firmware::UsageCategory category);
    // "12.3 KiB" style for captions.
    static QString humanBytes(uint64_t bytes);

    uint64_t usedBytes() const;
    uint64_t limitBytes() const { return m_limit; }
    bool fits() const { return m_limit == 0 || usedBytes() <= m_limit; }
    // The caption line under the bar ("41.2 KiB of 4 MiB (1.0 %)" / "over by ...").
    QString caption() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_title;
    QString m_note;
    QString m_placeholder;
    std::vector<Segment> m_segments;
    uint64_t m_limit = 0;
};

}  // namespace mote::studio
