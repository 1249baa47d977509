#include "training_settings_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include <limits>

namespace mote::studio {

TrainingSettingsForm::TrainingSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 10000);
    m_learningRate = new QDoubleSpinBox(this);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 10.0);
    m_learningRate->setSingleStep(0.001);
    m_batch = new QSpinBox(this);
    m_batch->setRange(1, 65536);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_validation = new QDoubleSpinBox(this);
    m_validation->setRange(0.0, 0.9);
    m_validation->setSingleStep(0.05);
    m_validation->setDecimals(2);
    m_validation->setToolTip(tr("Fraction of the training split held out for validation (stratified by label)"));
    m_weighting = new QComboBox(this);
    m_weighting->addItem(tr("None"));
    m_weighting->addItem(tr("Balanced"));
    m_noise = new QDoubleSpinBox(this);
    m_noise->setRange(0.0, 5.0);
    m_noise->setSingleStep(0.05);
    m_noise->setToolTip(tr("Gaussian noise added to features, as a fraction of each feature's std"));
    m_timeShift = new QSpinBox(this);
    m_timeShift->setRange(0, 1000);
    m_timeShift->setToolTip(tr("Largest random roll along time, in feature rows (2-D features only)"));
    m_mask = new QSpinBox(this);
    m_mask->setRange(0, 1000);
    m_mask->setToolTip(tr("Largest zeroed band in time/frequency, in feature rows (audio)"));

    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Validation fraction"), m_validation);
    const QList<QPair<QString, QWidget*>> advanced = {{tr("Class weighting"), m_weighting},
                                                      {tr("Noise augmentation"), m_noise},
                                                      {tr("Time shift"), m_timeShift},
                                                      {tr("Mask"), m_mask}};
    for (const auto& [label, widget] : advanced) {
        form->addRow(label, widget);
        m_advanced << widget;
    }

    auto emitChanged = [this] {
        if (!m_loading)
            emit changed();
    };
    for (auto* box : {m_epochs, m_batch, m_seed, m_timeShift, m_mask})
        connect(box, &QSpinBox::valueChanged, this, emitChanged);
    for (auto* box : {m_learningRate, m_validation, m_noise})
        connect(box, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_weighting, &QComboBox::currentIndexChanged, this, emitChanged);
    setSettings({});
}

void TrainingSettingsForm::setSettings(const impulse::TrainingSettings& s) {
    m_loading = true;
    m_epochs->setValue(s.epochs);
    m_learningRate->setValue(s.learningRate);
    m_batch->setValue(s.batchSize);
    m_seed->setValue(static_cast<int>(std::min<uint64_t>(s.seed, std::numeric_limits<int>::max())));
    m_validation->setValue(s.validationFraction);
    m_weighting->setCurrentIndex(s.classWeighting == impulse::ClassWeighting::Balanced ? 1 : 0);
    m_noise->setValue(s.augmentation.noise);
    m_timeShift->setValue(s.augmentation.timeShift);
    m_mask->setValue(s.augmentation.mask);
    m_loading = false;
}

impulse::TrainingSettings TrainingSettingsForm::settings() const {
    impulse::TrainingSettings s;
    s.epochs = m_epochs->value();
    s.learningRate = m_learningRate->value();
    s.batchSize = m_batch->value();
    s.seed = static_cast<uint64_t>(m_seed->value());
    s.validationFraction = m_validation->value();
    s.classWeighting = m_weighting->currentIndex() == 1 ? impulse::ClassWeighting::Balanced : impulse::ClassWeighting::None;
    s.augmentation.noise = m_noise->value();
    s.augmentation.timeShift = m_timeShift->value();
    s.augmentation.mask = m_mask->value();
    return s;
}

void TrainingSettingsForm::setCompact(bool compact) {
    auto* form = static_cast<QFormLayout*>(layout());
    for (auto* w : m_advanced)
        form->setRowVisible(w, !compact);
}

}  // namespace mote::studio
