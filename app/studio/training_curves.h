#pragma once
// Live loss and accuracy curves (train and validation, one point per epoch)
// with Qt Charts. GUI thread only.
#include <QWidget>

#include <vector>

#include "train/training_runner.h"

class QChartView;
class QLineSeries;
class QValueAxis;

namespace mote::studio {

class TrainingCurves : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCurves(QWidget* parent = nullptr);

    // Clears and sets the x range to 1..epochs.
    void reset(int epochs);
    void addEpoch(const train::EpochReport& report);
    void setHistory(const std::vector<train::EpochReport>& history, int epochs);

    // Points in each series: train loss, val loss, train accuracy, val accuracy.
    int trainLossPoints() const;
    int valLossPoints() const;
    int trainAccuracyPoints() const;
    int valAccuracyPoints() const;
    QChartView* lossView() const { return m_lossView; }
    QChartView* accuracyView() const { return m_accuracyView; }

private:
    QChartView* m_lossView = nullptr;
    QChartView* m_accuracyView = nullptr;
    QLineSeries* m_trainLoss = nullptr;
    QLineSeries* m_valLoss = nullptr;
    QLineSeries* m_trainAcc = nullptr;
    QLineSeries* m_valAcc = nullptr;
    QValueAxis* m_lossX = nullptr;
    QValueAxis* m_lossY = nullptr;
    QValueAxis* m_accX = nullptr;
    QValueAxis* m_accY = nullptr;
    double m_maxLoss = 0.1;
};

}  // namespace mote::studio
