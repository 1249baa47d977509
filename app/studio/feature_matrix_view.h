#pragma once
// Shows the features of one window: a rows × cols matrix as an image (MFE /
// MFCC: time → x, coefficient up; same colour map as the spectrogram view),
// one row as bars (spectral: per-axis RMS/skew/kurtosis then bin powers),
// or rows × axes as lines (raw). GUI thread only.
#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace mote::studio {

class FeatureMatrixView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Image, Bars, Lines };

    explicit FeatureMatrixView(QWidget* parent = nullptr);

    // values: rows × cols, row-major. `groups` splits bars into coloured
    // groups of equal size (e.g. one per axis; 0 = one group).
    void setMatrix(std::vector<float> values, int rows, int cols, Mode mode, const QString& caption,
                   int groups = 0, const QStringList& groupNames = {});
    void clear(const QString& message = {});

    Mode mode() const { return m_mode; }
    int rows() const { return m_rows; }
    int cols() const { return m_cols; }
    const std::vector<float>& values() const { return m_values; }

    QSize sizeHint() const override { return {560, 220}; }
    QSize minimumSizeHint() const override { return {240, 140}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<float> m_values;
    int m_rows = 0;
    int m_cols = 0;
    int m_groups = 0;
    QStringList m_groupNames;
    Mode m_mode = Mode::Image;
    QString m_caption;
    QString m_message;
    QImage m_image;
    float m_min = 0, m_max = 1;
};

}  // namespace mote::studio
