#pragma once
// Board > Run the Demo: the whole loop of `mote demo` (boot the emulated
// board, collect, train, quantize, deploy, live inference, on-device
// evaluation) from the studio, with its stages ticked off, the log, Cancel,
// and the summary at the end. The demo works in its own project folder,
// which the user can open afterwards to look at every step on its page.
//
// Threads: the pipeline runs on a std::thread; every widget update is a
// queued call to the GUI thread. Closing the dialog cancels and joins.
#include <QDialog>
#include <QString>

#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>

#include "workflow/demo_pipeline.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace mote::studio {

class DemoDialog : public QDialog {
    Q_OBJECT
public:
    // `projectDir`: where the demo project goes (created or reused).
    DemoDialog(const QString& projectDir, QWidget* parent = nullptr);
    ~DemoDialog() override;

    // Overrides for tests (the defaults come from the build/installation).
    void setStockImage(const std::filesystem::path& image) { m_stockImage = image; }
    void setDemoScale(double secondsPerLabel, int epochs, double liveSeconds);

    bool start();  // false when already running or the board profile is missing
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }
    QString projectDir() const { return m_projectDir; }
    // After a run: the summary, or the error ("" while running / on success).
    const std::optional<workflow::DemoSummary>& summary() const { return m_summary; }
    QString error() const { return m_error; }
    QString currentStage() const { return m_stage; }

signals:
    void finished();

protected:
    void closeEvent(class QCloseEvent* event) override;

private:
    void onStage(const QString& stage);
    void onDone(std::optional<workflow::DemoSummary> summary, const QString& error);
    void updateButtons();

    QString m_projectDir;
    std::filesystem::path m_stockImage;
    double m_secondsPerLabel = 24;
    int m_epochs = 40;
    double m_liveSeconds = 12;
    QComboBox* m_board = nullptr;
    QListWidget* m_stages = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_close = nullptr;
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    QString m_stage;
    QString m_error;
    std::optional<workflow::DemoSummary> m_summary;
};

}  // namespace mote::studio
