#include "layer_error_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace mote::studio {

LayerErrorChart::LayerErrorChart(QWidget* parent) : QChartView(parent) {
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    clearLayers(tr("Quantize a model to see where the int8 error comes from."));
}

double LayerErrorChart::relativeErrorPercent(const train::LayerError& layer) {
    const double range = layer.floatMax - layer.floatMin;
    return range > 0 ? 100.0 * layer.rmse / range : 0.0;
}

void LayerErrorChart::clearLayers(const QString& placeholder) {
    m_categories.clear();
    m_values.clear();
    m_worst.clear();
    auto* chart = new QChart;
    chart->setTitle(placeholder);
    chart->legend()->hide();
    chart->setBackgroundRoundness(0);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

size_t LayerErrorChart::highlightCount(size_t layers) { return std::clamp<size_t>(layers / 3, 1, 3); }

void LayerErrorChart::setLayers(const std::vector<train::LayerError>& layers, int worstCountArg) {
    const size_t worstCount = worstCountArg < 0 ? highlightCount(layers.size()) : static_cast<size_t>(worstCountArg);
    if (layers.empty()) {
        clearLayers(tr("The report has no per-layer figures."));
        return;
    }
    // Worst = lowest SNR.
    std::vector<size_t> order(layers.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return layers[a].snrDb < layers[b].snrDb; });
    m_worst.assign(layers.size(), false);
    for (size_t i = 0; i < std::min(worstCount, order.size()); ++i)
        m_worst[order[i]] = true;

    m_categories.clear();
    m_values.clear();
    auto* normal = new QBarSet(tr("error (RMSE, % of float range)"));
    auto* worst = new QBarSet(tr("worst layers (lowest SNR)"));
    normal->setColor(QColor(0x2f, 0x6f, 0xde));
    worst->setColor(QColor(0xc0, 0x39, 0x2b));
    normal->setBorderColor(Qt::transparent);
    worst->setBorderColor(Qt::transparent);
    double maxValue = 0;
    // Horizontal bars list bottom-up; insert in reverse so op 0 is on top.
    for (size_t k = layers.size(); k-- > 0;) {
        const auto& l = layers[k];
        const double v = relativeErrorPercent(l);
        maxValue = std::max(maxValue, v);
        m_categories.prepend(QStringLiteral("%1 %2").arg(l.opIndex).arg(QString::fromStdString(l.op)));
        m_values.insert(m_values.begin(), v);
        *normal << (m_worst[k] ? 0.0 : v);
        *worst << (m_worst[k] ? v : 0.0);
    }
    QStringList bottomUp = m_categories;
    std::reverse(bottomUp.begin(), bottomUp.end());

    auto* series = new QHorizontalStackedBarSeries;
    series->append(normal);
    series->append(worst);
    series->setBarWidth(0.7);
    auto* chart = new QChart;
    chart->addSeries(series);
    chart->setTitle(tr("Per-layer int8 error on calibration data"));
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* categories = new QBarCategoryAxis;
    categories->append(bottomUp);
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(categories);
    auto* values = new QValueAxis;
    values->setRange(0, maxValue > 0 ? maxValue * 1.15 : 1.0);
    values->setLabelFormat(QStringLiteral("%.2g %%"));
    values->setTitleText(tr("RMSE as % of the float tensor's range"));
    chart->addAxis(values, Qt::AlignBottom);
    series->attachAxis(values);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
}

}  // namespace mote::studio
