#pragma once
// SignalPlot: a fast multi-channel signal plot. Used by the live scope (ring
// buffer, appendFrames from a stream) and by the sample view (setSignal with
// a whole recording). Painting decimates to min/max per pixel column, so the
// cost of a repaint depends on the widget width, not on the sample count.
//
// Threads: GUI thread only. Live data arrives through appendFrames(), which
// only copies; repaints are coalesced by a timer to at most kRefreshHz.
#include <QColor>
#include <QElapsedTimer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace mote::studio {

class SignalPlot : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshHz = 30;

    explicit SignalPlot(QWidget* parent = nullptr);

    // Channel names (one per interleaved value) and the unit shown on the y axis.
    // Clears the data.
    void setChannels(const QStringList& names, const QString& unit = {});
    QStringList channels() const { return m_names; }
    static QColor channelColor(int index);

    // Static mode: shows the whole signal (frames × channels, interleaved).
    void setSignal(std::vector<float> interleaved, double sampleRateHz);

    // Live mode: keeps the last `seconds` of appended frames and scrolls.
    void setLiveWindow(double seconds, double sampleRateHz);
    void appendFrames(const float* interleaved, std::size_t frames);
    void clear();

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void setAutoscale(bool on);
    bool autoscale() const { return m_autoscale; }
    void setYRange(double min, double max);  // turns autoscale off
    std::pair<double, double> yRange() const { return {m_yMin, m_yMax}; }
    void setChannelVisible(int channel, bool visible);
    bool isChannelVisible(int channel) const;

    // Range selection by dragging (static mode): frames [first, last).
    void setSelectable(bool on) { m_selectable = on; }
    void setSelection(qint64 first, qint64 last);
    void clearSelection();
    bool hasSelection() const { return m_selLast > m_selFirst; }
    qint64 selectionFirst() const { return m_selFirst; }
    qint64 selectionLast() const { return m_selLast; }

    void setTitle(const QString& title);
    void setPlaceholder(const QString& text);

    // What is currently held (live: the window's frames) and the total
    // appended since clear() (live) — used by tests and the scope's counters.
    std::size_t frameCount() const;
    qint64 totalFrames() const { return m_totalFrames; }
    double sampleRate() const { return m_rate; }
    // Copy of the frames currently held, interleaved.
    std::vector<float> heldFrames() const;
    // Repaint statistics: number of paints and the longest one in ms.
    int paintCount() const { return m_paints; }
    double longestPaintMs() const { return m_longestPaintMs; }

    QSize sizeHint() const override { return {640, 240}; }
    QSize minimumSizeHint() const override { return {240, 120}; }

signals:
    void selectionChanged(qint64 firstFrame, qint64 lastFrame);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF plotArea() const;
    const float* frameData() const { return m_buffer.data() + m_start * stride(); }
    std::size_t stride() const { return m_names.isEmpty() ? 1 : static_cast<std::size_t>(m_names.size()); }
    qint64 frameAtX(double x) const;
    double xForFrame(double frame) const;
    void updateYRange();
    void drawAxes(QPainter& p, const QRectF& area);
    void drawLegend(QPainter& p, const QRectF& area);
    QRectF legendRect(int index) const;
    void compact();

    QStringList m_names;
    QString m_unit;
    QString m_title;
    QString m_placeholder;
    std::vector<bool> m_visible;

    // Frames live in m_buffer[m_start*stride, (m_start+m_count)*stride).
    // Live mode appends at the end and moves the tail to the front when the
    // buffer is full (amortised O(1), always contiguous for the decimator).
    std::vector<float> m_buffer;
    std::size_t m_start = 0;
    std::size_t m_count = 0;
    std::size_t m_capacity = 0;  // frames kept in live mode; 0 = static mode
    qint64 m_totalFrames = 0;
    double m_rate = 1.0;

    bool m_paused = false;
    bool m_autoscale = true;
    double m_yMin = -1.0;
    double m_yMax = 1.0;

    bool m_selectable = false;
    bool m_dragging = false;
    qint64 m_dragAnchor = 0;
    qint64 m_selFirst = 0;
    qint64 m_selLast = 0;

    bool m_dirty = false;
    QTimer m_refresh;
    int m_paints = 0;
    double m_longestPaintMs = 0.0;
};

}  // namespace mote::studio
