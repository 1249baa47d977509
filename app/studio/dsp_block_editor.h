#pragma once
// Picks the DSP block (raw / spectral / MFE / MFCC) and edits its
// parameters; the form rows come from dsp::DspConfig's fields. Choosing
// another block loads that block's defaults (impulse::dspJsonForBlock).
// GUI thread only.
#include <QWidget>

#include <nlohmann/json.hpp>

#include "dsp/dsp_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace mote::studio {

class DspBlockEditor : public QWidget {
    Q_OBJECT
public:
    explicit DspBlockEditor(QWidget* parent = nullptr);

    // Loads an impulse's "dsp" JSON (invalid JSON loads the block's defaults).
    // Does not emit changed().
    void setDspJson(const nlohmann::json& json, double sampleRateHz);
    // The edited block as impulse "dsp" JSON.
    nlohmann::json dspJson() const;
    dsp::DspConfig config() const;
    // The input rate changed: new defaults use it; the config carries it.
    void setSampleRate(double sampleRateHz);

    QComboBox* blockBox() const { return m_block; }

signals:
    void changed();

private:
    void loadConfig(const dsp::DspConfig& config);
    void onBlockChosen();
    void updateRows();
    void emitChanged();

    double m_rate = 100.0;
    bool m_loading = false;
    QFormLayout* m_form = nullptr;
    QComboBox* m_block = nullptr;
    QDoubleSpinBox* m_inputScale = nullptr;
    // raw
    QCheckBox* m_normalize = nullptr;
    // spectral
    QComboBox* m_filter = nullptr;
    QDoubleSpinBox* m_cutoff = nullptr;
    QSpinBox* m_order = nullptr;
    QComboBox* m_spectralFft = nullptr;
    QComboBox* m_mode = nullptr;
    QCheckBox* m_logPower = nullptr;
    QSpinBox* m_peaks = nullptr;
    // audio (MFE, MFCC)
    QDoubleSpinBox* m_frameLength = nullptr;
    QDoubleSpinBox* m_frameStride = nullptr;
    QComboBox* m_audioFft = nullptr;
    QSpinBox* m_filters = nullptr;
    QDoubleSpinBox* m_lowHz = nullptr;
    QDoubleSpinBox* m_highHz = nullptr;
    QDoubleSpinBox* m_preEmphasis = nullptr;
    QComboBox* m_window = nullptr;
    QDoubleSpinBox* m_noiseFloor = nullptr;
    QSpinBox* m_coefficients = nullptr;
    QDoubleSpinBox* m_lifter = nullptr;
};

}  // namespace mote::studio
