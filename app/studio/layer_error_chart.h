#pragma once
// LayerErrorChart: the quantization debugger's chart — one horizontal bar
// per op output of the int8 model, length = RMSE of the dequantized int8
// tensor against the float model's tensor, as a percentage of the float
// tensor's range (comparable across layers). The `worstCount` layers with
// the lowest SNR are drawn red and named in the legend: that is where the
// accuracy goes. Qt Charts; GUI thread only.
#include <QChartView>
#include <QStringList>

#include <vector>

#include "train/project_quantization.h"

namespace mote::studio {

class LayerErrorChart : public QChartView {
    Q_OBJECT
public:
    explicit LayerErrorChart(QWidget* parent = nullptr);

    // worstCount < 0: highlightCount(layers.size()).
    void setLayers(const std::vector<train::LayerError>& layers, int worstCount = -1);
    void clearLayers(const QString& placeholder);

    // What is shown (tests): bar categories in order, the relative errors in
    // percent, and which bars are highlighted.
    QStringList categories() const { return m_categories; }
    std::vector<double> relativeErrors() const { return m_values; }
    std::vector<bool> highlighted() const { return m_worst; }

    // How many layers are highlighted by default: a third of them, 1 to 3
    // (highlighting most of a 4-layer model would point nowhere).
    static size_t highlightCount(size_t layers);
    // RMSE as % of the float range (0 when the range is empty).
    static double relativeErrorPercent(const train::LayerError& layer);

    QSize sizeHint() const override { return {520, 320}; }

private:
    QStringList m_categories;
    std::vector<double> m_values;
    std::vector<bool> m_worst;
};

}  // namespace mote::studio
