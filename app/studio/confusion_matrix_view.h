#pragma once
// Confusion matrix (rows = actual class, columns = predicted, cell colour
// intensity = share of the row) and per-class precision / recall / F1 /
// support, from the metrics JSON a run stores (nn::metricsToJson). GUI thread.
#include <QWidget>

#include <nlohmann/json.hpp>

class QLabel;
class QTableWidget;

namespace mote::studio {

class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    // `metrics`: {"confusion": [[...]], "per_class": [{"class","precision","recall","f1","support"}],
    // "total", "correct", "accuracy"}; `classes` names rows/columns.
    void setMetrics(const nlohmann::json& metrics, const std::vector<std::string>& classes);
    void clear(const QString& message = {});

    // Sum of every cell (= the windows evaluated).
    long long total() const { return m_total; }
    QTableWidget* matrix() const { return m_matrix; }
    QTableWidget* perClass() const { return m_perClass; }

private:
    QTableWidget* m_matrix = nullptr;
    QTableWidget* m_perClass = nullptr;
    QLabel* m_note = nullptr;
    long long m_total = 0;
};

}  // namespace mote::studio
