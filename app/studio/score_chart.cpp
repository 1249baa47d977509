#include "score_chart.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include "signal_plot.h"

namespace mote::studio {

ScoreChart::ScoreChart(QWidget* parent) : QChartView(parent) {
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        if (m_dirty)
            redraw();
    });
    m_refresh.start();
    setLabels({});
}

void ScoreChart::setLabels(const QStringList& labels, double windowSeconds) {
    m_labels = labels;
    m_window = windowSeconds;
    m_points.clear();
    m_series.clear();
    auto* chart = new QChart;
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_x = new QValueAxis;
    m_x->setRange(-m_window, 0);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_x->setTickCount(7);
    m_y = new QValueAxis;
    m_y->setRange(0, 1);
    m_y->setTickCount(6);  // 0.2 steps: every tick label is exact at one decimal
    m_y->setLabelFormat(QStringLiteral("%.1f"));
    m_y->setTitleText(tr("score"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (int i = 0; i < labels.size(); ++i) {
        auto* series = new QLineSeries;
        series->setName(labels[i]);
        QPen pen(SignalPlot::channelColor(i));
        pen.setWidthF(2.0);
        series->setPen(pen);
        chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        m_series.push_back(series);
    }
    chart->legend()->setVisible(!labels.isEmpty());
    chart->legend()->setAlignment(Qt::AlignRight);
    if (labels.isEmpty())
        chart->setTitle(tr("Class scores appear here while live inference runs."));
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

void ScoreChart::addScores(double seconds, const std::vector<float>& scores) {
    m_points.push_back({seconds, scores});
    while (!m_points.empty() && m_points.front().t < seconds - m_window)
        m_points.pop_front();
    m_dirty = true;
}

void ScoreChart::clear() {
    m_points.clear();
    m_dirty = true;
}

int ScoreChart::pointCount() const { return static_cast<int>(m_points.size()); }

void ScoreChart::redraw() {
    m_dirty = false;
    // x = seconds relative to the newest result (0 = now).
    const double now = m_points.empty() ? 0.0 : m_points.back().t;
    for (size_t s = 0; s < m_series.size(); ++s) {
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(m_points.size()));
        for (const auto& p : m_points)
            if (s < p.scores.size())
                points.append({p.t - now, static_cast<double>(p.scores[s])});
        m_series[s]->replace(points);
    }
}

}  // namespace mote::studio
