#pragma once
// Form for impulse::TrainingSettings (epochs, learning rate, batch size,
// seed, validation fraction, class weighting, augmentation). Shared by the
// Impulse page (stored settings) and the Training page (this run's settings).
// GUI thread only.
#include <QWidget>

#include "impulse/impulse_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace mote::studio {

class TrainingSettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainingSettingsForm(QWidget* parent = nullptr);

    // Does not emit changed().
    void setSettings(const impulse::TrainingSettings& settings);
    impulse::TrainingSettings settings() const;
    // Hides class weighting and augmentation (the Training page's compact form).
    void setCompact(bool compact);

    QSpinBox* epochsBox() const { return m_epochs; }

signals:
    void changed();

private:
    QSpinBox* m_epochs = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_seed = nullptr;
    QDoubleSpinBox* m_validation = nullptr;
    QComboBox* m_weighting = nullptr;
    QDoubleSpinBox* m_noise = nullptr;
    QSpinBox* m_timeShift = nullptr;
    QSpinBox* m_mask = nullptr;
    QList<QWidget*> m_advanced;
    bool m_loading = false;
};

}  // namespace mote::studio
