#pragma once
// Acquisition page: pick sensor, rate, length (or continuous), label (with
// completion from the project's labels) and split; press Record (optionally
// after a 3-2-1 countdown); watch every axis on the live scope; find each new
// sample in the "recent" list with its plot, relabel or delete it there
// (undoable). The link budget line says before recording whether the chosen
// rate fits through the port. GUI thread.
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStringListModel;
class QTimer;

namespace mote::studio {

class BoardLink;
class SignalPlot;
class StudioContext;
struct RecordingOutcome;

class AcquisitionPage : public QWidget {
    Q_OBJECT
public:
    AcquisitionPage(StudioContext& context, BoardLink& board, QWidget* parent = nullptr);

    // Form access for tests and the main window.
    void setSensor(const QString& sensor);
    void setRate(double hz);
    void setLength(double seconds);
    void setContinuous(bool on, int count = 1);
    void setLabel(const QString& label);
    void setSplit(const QString& split);  // "auto", "train", "test"
    void setCountdown(bool on);

    // Starts a recording with the form's settings (the Record button);
    // false with the reason in statusText() when it cannot.
    bool record();
    void cancelRecording();
    bool isRecording() const;

    // Recent list: ids of the samples recorded in this session, newest first.
    std::vector<int64_t> recentIds() const;
    void selectRecent(int row);
    bool relabelRecent(const QString& label);
    bool deleteRecent();

    SignalPlot* scope() const { return m_scope; }
    SignalPlot* recentPlot() const { return m_recentPlot; }
    QPushButton* recordButton() const { return m_record; }
    QString statusText() const;
    QString linkBudgetText() const;
    QStringList completionLabels() const;
    QStringList sensorNames() const;  // what the sensor box offers
    // Scope frames drawn per second over the last second.
    double scopeFps() const { return m_scopeFps; }

signals:
    void message(const QString& text);

private:
    void onCapabilities();
    void onSensorChanged();
    void updateLinkBudget();
    void updatePreview();
    void beginRecording();
    void onFinished(const RecordingOutcome& outcome);
    void reloadLabels();
    void reloadRecent();
    void showRecent();
    void updateButtons();
    void say(const QString& text);

    StudioContext& m_context;
    BoardLink& m_board;
    QComboBox* m_sensor = nullptr;
    QComboBox* m_rate = nullptr;
    QDoubleSpinBox* m_length = nullptr;
    QCheckBox* m_continuous = nullptr;
    QSpinBox* m_count = nullptr;
    QLineEdit* m_label = nullptr;
    QStringListModel* m_labelModel = nullptr;
    QComboBox* m_split = nullptr;
    QCheckBox* m_countdownBox = nullptr;
    QPushButton* m_record = nullptr;
    QLabel* m_budget = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_fps = nullptr;
    SignalPlot* m_scope = nullptr;
    QCheckBox* m_pause = nullptr;
    QCheckBox* m_autoscale = nullptr;
    QListWidget* m_recent = nullptr;
    SignalPlot* m_recentPlot = nullptr;
    QPushButton* m_relabelRecent = nullptr;
    QPushButton* m_deleteRecent = nullptr;
    QTimer* m_countdown = nullptr;
    int m_countdownLeft = 0;
    std::vector<int64_t> m_recentIds;
    double m_scopeFps = 0.0;
    int m_lastPaints = 0;
};

}  // namespace mote::studio
