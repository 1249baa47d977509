#include "dsp_block_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

#include "dsp/dsp_config_json.h"
#include "impulse/impulse_defaults.h"

namespace mote::studio {
namespace {

QDoubleSpinBox* doubleBox(QWidget* parent, double min, double max, int decimals, double step) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    return box;
}

QSpinBox* intBox(QWidget* parent, int min, int max) {
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    return box;
}

QComboBox* fftBox(QWidget* parent) {
    auto* box = new QComboBox(parent);
    for (uint32_t n = dsp::kMinFft; n <= dsp::kMaxFft; n *= 2)
        box->addItem(QString::number(n), n);
    return box;
}

void selectData(QComboBox* box, int value) {
    const int index = box->findData(value);
    box->setCurrentIndex(index >= 0 ? index : 0);
}

}  // namespace

DspBlockEditor::DspBlockEditor(QWidget* parent) : QWidget(parent) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_block = new QComboBox(this);
    m_block->addItem(tr("Spectral analysis (motion)"), QStringLiteral("spectral"));
    m_block->addItem(tr("MFCC (voice)"), QStringLiteral("mfcc"));
    m_block->addItem(tr("MFE (audio)"), QStringLiteral("mfe"));
    m_block->addItem(tr("Raw data"), QStringLiteral("raw"));
    m_inputScale = doubleBox(this, 1e-8, 1e6, 8, 0.1);
    m_inputScale->setToolTip(tr("Every block first multiplies the input by this (1/32768 turns int16 audio into [-1, 1))"));

    m_normalize = new QCheckBox(tr("Normalize each axis (zero mean, unit std)"), this);

    m_filter = new QComboBox(this);
    m_filter->addItem(tr("None"), 0);
    m_filter->addItem(tr("Low-pass"), 1);
    m_filter->addItem(tr("High-pass"), 2);
    m_cutoff = doubleBox(this, 0.01, 100000, 2, 0.5);
    m_cutoff->setSuffix(tr(" Hz"));
    m_order = intBox(this, 1, static_cast<int>(dsp::kMaxFilterOrder));
    m_spectralFft = fftBox(this);
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("FFT bin powers"), 0);
    m_mode->addItem(tr("Spectral peaks"), 1);
    m_logPower = new QCheckBox(tr("Log power"), this);
    m_peaks = intBox(this, 1, 64);

    m_frameLength = doubleBox(this, 0.001, 1.0, 3, 0.005);
    m_frameLength->setSuffix(tr(" s"));
    m_frameStride = doubleBox(this, 0.001, 1.0, 3, 0.005);
    m_frameStride->setSuffix(tr(" s"));
    m_audioFft = fftBox(this);
    m_filters = intBox(this, 2, static_cast<int>(dsp::kMaxMelFilters));
    m_lowHz = doubleBox(this, 0, 100000, 0, 10);
    m_lowHz->setSuffix(tr(" Hz"));
    m_highHz = doubleBox(this, 0, 100000, 0, 100);
    m_highHz->setSuffix(tr(" Hz"));
    m_highHz->setSpecialValueText(tr("Nyquist"));
    m_preEmphasis = doubleBox(this, 0, 1, 3, 0.01);
    m_window = new QComboBox(this);
    m_window->addItem(tr("Hamming"), 1);
    m_window->addItem(tr("Hann"), 2);
    m_window->addItem(tr("Rectangular"), 0);
    m_noiseFloor = doubleBox(this, -200, 0, 1, 1);
    m_noiseFloor->setSuffix(tr(" dB"));
    m_coefficients = intBox(this, 1, static_cast<int>(dsp::kMaxMelFilters));
    m_lifter = doubleBox(this, 0, 1000, 1, 1);

    m_form->addRow(tr("Block"), m_block);
    m_form->addRow(tr("Input scale"), m_inputScale);
    m_form->addRow(QString(), m_normalize);
    m_form->addRow(tr("Filter"), m_filter);
    m_form->addRow(tr("Cutoff"), m_cutoff);
    m_form->addRow(tr("Filter order"), m_order);
    m_form->addRow(tr("FFT length"), m_spectralFft);
    m_form->addRow(tr("Features"), m_mode);
    m_form->addRow(QString(), m_logPower);
    m_form->addRow(tr("Peaks"), m_peaks);
    m_form->addRow(tr("Frame length"), m_frameLength);
    m_form->addRow(tr("Frame stride"), m_frameStride);
    m_form->addRow(tr("FFT length"), m_audioFft);
    m_form->addRow(tr("Mel filters"), m_filters);
    m_form->addRow(tr("Low frequency"), m_lowHz);
    m_form->addRow(tr("High frequency"), m_highHz);
    m_form->addRow(tr("Pre-emphasis"), m_preEmphasis);
    m_form->addRow(tr("Frame window"), m_window);
    m_form->addRow(tr("Noise floor"), m_noiseFloor);
    m_form->addRow(tr("Coefficients"), m_coefficients);
    m_form->addRow(tr("Cepstral lifter"), m_lifter);

    connect(m_block, &QComboBox::currentIndexChanged, this, &DspBlockEditor::onBlockChosen);
    for (auto* box : {m_filter, m_spectralFft, m_mode, m_audioFft, m_window})
        connect(box, &QComboBox::currentIndexChanged, this, &DspBlockEditor::emitChanged);
    for (auto* box : {m_inputScale, m_cutoff, m_frameLength, m_frameStride, m_lowHz, m_highHz, m_preEmphasis,
                      m_noiseFloor, m_lifter})
        connect(box, &QDoubleSpinBox::valueChanged, this, &DspBlockEditor::emitChanged);
    for (auto* box : {m_order, m_peaks, m_filters, m_coefficients})
        connect(box, &QSpinBox::valueChanged, this, &DspBlockEditor::emitChanged);
    for (auto* box : {m_normalize, m_logPower})
        connect(box, &QCheckBox::toggled, this, &DspBlockEditor::emitChanged);
    loadConfig(dsp::defaultSpectral(static_cast<float>(m_rate)));
}

void DspBlockEditor::setDspJson(const nlohmann::json& json, double sampleRateHz) {
    m_rate = sampleRateHz;
    auto parsed = dsp::dspConfigFromJson(json);
    if (parsed) {
        loadConfig(*parsed);
        return;
    }
    loadConfig(dsp::defaultSpectral(static_cast<float>(sampleRateHz)));
}

void DspBlockEditor::setSampleRate(double sampleRateHz) { m_rate = sampleRateHz; }

void DspBlockEditor::loadConfig(const dsp::DspConfig& c) {
    m_loading = true;
    m_block->setCurrentIndex(std::max(0, m_block->findData(QString::fromLatin1(dsp::blockKindName(c.kind)))));
    m_inputScale->setValue(c.inputScale);
    m_normalize->setChecked(c.raw.normalize);
    selectData(m_filter, static_cast<int>(c.spectral.filter));
    m_cutoff->setValue(c.spectral.filterCutoffHz);
    m_order->setValue(static_cast<int>(c.spectral.filterOrder));
    selectData(m_spectralFft, static_cast<int>(c.spectral.fftLength));
    selectData(m_mode, static_cast<int>(c.spectral.mode));
    m_logPower->setChecked(c.spectral.logPower);
    m_peaks->setValue(static_cast<int>(c.spectral.peakCount));
    m_frameLength->setValue(c.audio.frameLengthS);
    m_frameStride->setValue(c.audio.frameStrideS);
    selectData(m_audioFft, static_cast<int>(c.audio.fftLength));
    m_filters->setValue(static_cast<int>(c.audio.numFilters));
    m_lowHz->setValue(c.audio.lowHz);
    m_highHz->setValue(c.audio.highHz);
    m_preEmphasis->setValue(c.audio.preEmphasis);
    selectData(m_window, static_cast<int>(c.audio.window));
    m_noiseFloor->setValue(c.audio.noiseFloorDb);
    m_coefficients->setValue(static_cast<int>(c.audio.numCoefficients));
    m_lifter->setValue(c.audio.lifter);
    m_loading = false;
    updateRows();
}

dsp::DspConfig DspBlockEditor::config() const {
    dsp::DspConfig c;
    dsp::parseBlockKind(m_block->currentData().toString().toLatin1().constData(), &c.kind);
    c.sampleRateHz = static_cast<float>(m_rate);
    c.inputScale = static_cast<float>(m_inputScale->value());
    c.raw.normalize = m_normalize->isChecked();
    c.spectral.filter = static_cast<dsp::FilterType>(m_filter->currentData().toInt());
    c.spectral.filterCutoffHz = static_cast<float>(m_cutoff->value());
    c.spectral.filterOrder = static_cast<uint32_t>(m_order->value());
    c.spectral.fftLength = m_spectralFft->currentData().toUInt();
    c.spectral.mode = static_cast<dsp::SpectralMode>(m_mode->currentData().toInt());
    c.spectral.logPower = m_logPower->isChecked();
    c.spectral.peakCount = static_cast<uint32_t>(m_peaks->value());
    c.audio.frameLengthS = static_cast<float>(m_frameLength->value());
    c.audio.frameStrideS = static_cast<float>(m_frameStride->value());
    c.audio.fftLength = m_audioFft->currentData().toUInt();
    c.audio.numFilters = static_cast<uint32_t>(m_filters->value());
    c.audio.lowHz = static_cast<float>(m_lowHz->value());
    c.audio.highHz = static_cast<float>(m_highHz->value());
    c.audio.preEmphasis = static_cast<float>(m_preEmphasis->value());
    c.audio.window = static_cast<dsp::FrameWindow>(m_window->currentData().toInt());
    c.audio.noiseFloorDb = static_cast<float>(m_noiseFloor->value());
    c.audio.numCoefficients = static_cast<uint32_t>(m_coefficients->value());
    c.audio.lifter = static_cast<float>(m_lifter->value());
    return c;
}

nlohmann::json DspBlockEditor::dspJson() const { return dsp::dspConfigToJson(config()); }

void DspBlockEditor::onBlockChosen() {
    if (m_loading)
        return;
    const std::string block = m_block->currentData().toString().toStdString();
    if (auto json = impulse::dspJsonForBlock(block, m_rate)) {
        if (auto parsed = dsp::dspConfigFromJson(*json))
            loadConfig(*parsed);
    }
    updateRows();
    emit changed();
}

void DspBlockEditor::updateRows() {
    const QString block = m_block->currentData().toString();
    const bool raw = block == QLatin1String("raw");
    const bool spectral = block == QLatin1String("spectral");
    const bool audio = block == QLatin1String("mfe") || block == QLatin1String("mfcc");
    const bool mfcc = block == QLatin1String("mfcc");
    const bool peaks = m_mode->currentData().toInt() == 1;
    const bool filtered = m_filter->currentData().toInt() != 0;
    m_form->setRowVisible(m_normalize, raw);
    for (QWidget* w : {static_cast<QWidget*>(m_filter), static_cast<QWidget*>(m_spectralFft),
                       static_cast<QWidget*>(m_mode), static_cast<QWidget*>(m_logPower)})
        m_form->setRowVisible(w, spectral);
    m_form->setRowVisible(m_cutoff, spectral && filtered);
    m_form->setRowVisible(m_order, spectral && filtered);
    m_form->setRowVisible(m_peaks, spectral && peaks);
    for (QWidget* w : {static_cast<QWidget*>(m_frameLength), static_cast<QWidget*>(m_frameStride),
                       static_cast<QWidget*>(m_audioFft), static_cast<QWidget*>(m_filters),
                       static_cast<QWidget*>(m_lowHz), static_cast<QWidget*>(m_highHz),
                       static_cast<QWidget*>(m_preEmphasis), static_cast<QWidget*>(m_window)})
        m_form->setRowVisible(w, audio);
    m_form->setRowVisible(m_noiseFloor, audio && !mfcc);
    m_form->setRowVisible(m_coefficients, mfcc);
    m_form->setRowVisible(m_lifter, mfcc);
}

void DspBlockEditor::emitChanged() {
    if (m_loading)
        return;
    updateRows();
    emit changed();
}

}  // namespace mote::studio
