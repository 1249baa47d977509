#pragma once
// Shows a Spectrogram image scaled to the widget, with a frequency axis (kHz)
// and a time axis (s). GUI thread only.
#include <QImage>
#include <QWidget>

#include "spectrogram.h"

namespace mote::studio {

class SpectrogramView : public QWidget {
    Q_OBJECT
public:
    explicit SpectrogramView(QWidget* parent = nullptr);

    // Computes and shows the spectrogram of a mono signal.
    void setSignal(const float* mono, std::size_t count, double sampleRate);
    void clear();
    bool isEmpty() const { return m_image.isNull(); }
    const Spectrogram& spectrogram() const { return m_spectrogram; }

    QSize sizeHint() const override { return {640, 180}; }
    QSize minimumSizeHint() const override { return {240, 100}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    Spectrogram m_spectrogram;
    QImage m_image;
    double m_seconds = 0.0;
};

}  // namespace mote::studio
