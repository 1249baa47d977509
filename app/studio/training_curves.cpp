#include "training_curves.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace mote::studio {
namespace {

QLineSeries* makeSeries(const QString& name, const QColor& color, bool dashed) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setWidthF(2.2);
    if (dashed)
        pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    s->setPointsVisible(true);
    return s;
}

QChartView* makeChart(const QString& title, QLineSeries* a, QLineSeries* b, QValueAxis*& x, QValueAxis*& y,
                      const QString& yTitle, QWidget* parent) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    x = new QValueAxis;
    y = new QValueAxis;
    x->setTitleText(QObject::tr("epoch"));
    x->setLabelFormat(QStringLiteral("%d"));
    y->setTitleText(yTitle);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : {a, b}) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(280, 220);
    return view;
}

}  // namespace

TrainingCurves::TrainingCurves(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const QColor train(0x1f, 0x6f, 0xd1), val(0xe0, 0x6c, 0x1a);
    m_trainLoss = makeSeries(tr("train"), train, false);
    m_valLoss = makeSeries(tr("validation"), val, true);
    m_trainAcc = makeSeries(tr("train"), train, false);
    m_valAcc = makeSeries(tr("validation"), val, true);
    m_lossView = makeChart(tr("Loss"), m_trainLoss, m_valLoss, m_lossX, m_lossY, tr("cross-entropy"), this);
    m_accuracyView = makeChart(tr("Accuracy"), m_trainAcc, m_valAcc, m_accX, m_accY, tr("accuracy"), this);
    m_accY->setRange(0, 1);
    m_accY->setLabelFormat(QStringLiteral("%.1f"));
    m_lossY->setLabelFormat(QStringLiteral("%.2f"));
    layout->addWidget(m_lossView, 1);
    layout->addWidget(m_accuracyView, 1);
    reset(10);
}

void TrainingCurves::reset(int epochs) {
    for (auto* s : {m_trainLoss, m_valLoss, m_trainAcc, m_valAcc})
        s->clear();
    m_maxLoss = 0.1;
    const int last = std::max(2, epochs);
    m_lossX->setRange(1, last);
    m_accX->setRange(1, last);
    m_lossX->setTickCount(std::min(last, 11));
    m_accX->setTickCount(std::min(last, 11));
    m_lossY->setRange(0, 1);
}

void TrainingCurves::addEpoch(const train::EpochReport& r) {
    m_trainLoss->append(r.epoch, r.loss);
    m_trainAcc->append(r.epoch, r.accuracy);
    m_maxLoss = std::max(m_maxLoss, r.loss);
    if (r.valLoss) {
        m_valLoss->append(r.epoch, *r.valLoss);
        m_maxLoss = std::max(m_maxLoss, *r.valLoss);
    }
    if (r.valAccuracy)
        m_valAcc->append(r.epoch, *r.valAccuracy);
    m_lossY->setRange(0, m_maxLoss * 1.1);
    if (r.epochs > 0 && r.epochs != static_cast<int>(m_lossX->max())) {
        m_lossX->setRange(1, std::max(2, r.epochs));
        m_accX->setRange(1, std::max(2, r.epochs));
    }
}

void TrainingCurves::setHistory(const std::vector<train::EpochReport>& history, int epochs) {
    reset(epochs);
    for (const auto& r : history)
        addEpoch(r);
}

int TrainingCurves::trainLossPoints() const { return static_cast<int>(m_trainLoss->count()); }
int TrainingCurves::valLossPoints() const { return static_cast<int>(m_valLoss->count()); }
int TrainingCurves::trainAccuracyPoints() const { return static_cast<int>(m_trainAcc->count()); }
int TrainingCurves::valAccuracyPoints() const { return static_cast<int>(m_valAcc->count()); }

}  // namespace mote::studio
