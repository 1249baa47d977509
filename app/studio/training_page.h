#pragma once
// Training page: this run's settings (epochs, learning rate, batch size,
// seed, validation fraction), Start/Cancel, live loss/accuracy curves, the
// trainer's log, and when a run ends its confusion matrix, per-class
// metrics and the studio's own float forward-pass check; the list of past
// runs (selecting one shows its curves and metrics from the database).
// Training runs on the stored impulse (Impulse page → Save), in a
// TrainingWorker thread; the GUI never blocks.
//
// Threads: GUI thread.
#include <QWidget>

#include <cstdint>
#include <optional>

#include "impulse/impulse_config.h"

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace mote::studio {

class ConfusionMatrixView;
class StudioContext;
class TrainingCurves;
class TrainingSettingsForm;
class TrainingWorker;

class TrainingPage : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPage(StudioContext& context, QWidget* parent = nullptr);
    ~TrainingPage() override;

    // Starts a run of the stored impulse with the form's settings. False
    // (with a message) when there is no project or a run is going.
    bool startTraining();
    void cancelTraining();
    bool isTraining() const;

    // Reloads the stored impulse (e.g. after the Impulse page saved one).
    void reloadImpulse();
    void reloadRuns();
    // Shows a past run's curves and metrics from the database.
    void showRun(int64_t runId);

    // Status of the last run started here: "idle", "features", "training",
    // "succeeded", "failed", "cancelled", "timed_out".
    QString state() const { return m_state; }
    std::optional<int64_t> lastRunId() const { return m_lastRunId; }
    int epochsSeen() const { return m_epochsSeen; }

    TrainingSettingsForm* settingsForm() const { return m_settings; }
    TrainingCurves* curves() const { return m_curves; }
    ConfusionMatrixView* confusion() const { return m_confusion; }
    QTableWidget* runsTable() const { return m_runs; }
    QPlainTextEdit* logView() const { return m_log; }
    QLabel* summaryLabel() const { return m_summary; }
    TrainingWorker* worker() const { return m_worker; }

signals:
    void message(const QString& text);
    // A run ended (any status) and was recorded.
    void runFinished(qint64 runId, const QString& status);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onFinished();
    void recoverRuns();
    void setState(const QString& state);
    void showMetrics(const QString& status, const std::string& metricsJson, const QString& logText);

    StudioContext& m_context;
    TrainingWorker* m_worker = nullptr;
    impulse::ImpulseConfig m_impulse;
    int m_impulseVersion = 0;
    QString m_state = QStringLiteral("idle");
    std::optional<int64_t> m_lastRunId;
    int m_epochsSeen = 0;

    QLabel* m_impulseLabel = nullptr;
    TrainingSettingsForm* m_settings = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    TrainingCurves* m_curves = nullptr;
    QTabWidget* m_tabs = nullptr;
    ConfusionMatrixView* m_confusion = nullptr;
    QLabel* m_summary = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QTableWidget* m_runs = nullptr;
};

}  // namespace mote::studio
