#pragma once
// ScoreChart: class scores over time, one line per label (Qt Charts), the
// last `windowSeconds` scrolling from right to left. Points are appended as
// results arrive; the chart is redrawn at most 10 times per second.
// GUI thread only.
#include <QChartView>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <vector>

class QLineSeries;
class QValueAxis;

namespace mote::studio {

class ScoreChart : public QChartView {
    Q_OBJECT
public:
    explicit ScoreChart(QWidget* parent = nullptr);

    void setLabels(const QStringList& labels, double windowSeconds = 30.0);
    // scores[i] for labels[i] at host time `seconds` (monotonic).
    void addScores(double seconds, const std::vector<float>& scores);
    void clear();

    QStringList labels() const { return m_labels; }
    int pointCount() const;  // points currently held per series
    QSize sizeHint() const override { return {640, 260}; }

private:
    void redraw();

    QStringList m_labels;
    double m_window = 30.0;
    std::vector<QLineSeries*> m_series;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    struct Point {
        double t;
        std::vector<float> scores;
    };
    std::deque<Point> m_points;
    QTimer m_refresh;
    bool m_dirty = false;
};

}  // namespace mote::studio
