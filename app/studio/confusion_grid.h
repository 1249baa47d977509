#pragma once
// ConfusionGrid: a compact painted confusion matrix (rows = true class,
// columns = predicted class), cells shaded by the row-normalised count, the
// diagonal blue and errors red, accuracy in the title. Small enough to put
// two side by side (float vs int8 on the Model page). Pure view; GUI thread.
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace mote::studio {

class ConfusionGrid : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionGrid(const QString& title, QWidget* parent = nullptr);

    // matrix[true][predicted]; labels name the classes (missing = "class N").
    void setMatrix(const QStringList& labels, std::vector<std::vector<int64_t>> matrix, double accuracy);
    void clear(const QString& placeholder);

    const std::vector<std::vector<int64_t>>& matrix() const { return m_matrix; }
    QString title() const;

    QSize sizeHint() const override { return {360, 300}; }
    QSize minimumSizeHint() const override { return {220, 180}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_title;
    QString m_placeholder;
    QStringList m_labels;
    std::vector<std::vector<int64_t>> m_matrix;
    double m_accuracy = 0;
};

}  // namespace mote::studio
