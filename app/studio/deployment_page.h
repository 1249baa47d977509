#pragma once
// Deployment page: choose a model (the project's int8/imported models or any
// .tflite file) and a board profile, see whether it fits (flash and RAM bars
// against the board's limits: estimated before building, measured from the
// ELF after), and deploy with one button: generate -> build -> flash ->
// verify, one progress bar per stage, the live build log and Cancel. The
// deployment history (model, board, firmware hash, time, status/reason)
// comes from the project database. After a verified deploy the board link
// reconnects to the freshly flashed board.
//
// Threads: GUI thread; the pipeline runs in a DeployJob (worker thread).
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

#include "firmware/board_profile.h"
#include "firmware/deploy.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace mote::studio {

class BoardLink;
class DeployJob;
class MemoryBar;
class StudioContext;

class DeploymentPage : public QWidget {
    Q_OBJECT
public:
    DeploymentPage(StudioContext& context, BoardLink& board, QWidget* parent = nullptr);
    ~DeploymentPage() override;

    // Re-reads board profiles, the project's models and the history.
    void refresh();
    // Adds (and selects) a .tflite file that is not in the project.
    void addModelFile(const QString& path);
    bool selectBoard(const QString& profileName);
    bool selectModelRow(int64_t modelId);

    // Starts the pipeline for the selected model and board; false (with the
    // reason in the status line) when nothing is selected or a job runs.
    bool deploy();
    void cancel();
    bool isDeploying() const;

    // Where the generated project and build go (default: the project's
    // artifacts/builds/<board>, else a temp folder). Tests point it elsewhere.
    void setWorkDirOverride(const QString& dir) { m_workDirOverride = dir; }
    // Flasher options (state folder for running boards); tests isolate them.
    void setFlasherOptions(const firmware::FlasherOptions& options) { m_flasherOptions = options; }

    // For tests and the status bar.
    QString statusText() const;
    QString logText() const;
    int historyRowCount() const;
    QString historyCell(int row, int column) const;  // columns: time, model, board, firmware, status, reason
    const MemoryBar* flashBar() const { return m_flashBar; }
    const MemoryBar* ramBar() const { return m_ramBar; }
    bool emulatorNoteVisible() const;
    int stageProgress(int stageIndex) const;  // 0 generate, 1 build, 2 flash, 3 verify
    QString lastConnectionPath() const { return m_lastConnection; }

signals:
    void message(const QString& text);
    void deployFinished(bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct ModelChoice {
        QString path;                  // absolute .tflite path
        std::optional<int64_t> rowId;  // lineage row, when from the project
        std::vector<std::string> labels;
        QString title;
    };
    void loadBoards();
    void loadModels();
    void loadHistory();
    void updateBoardInfo();
    void updateEstimate();
    void onStage(firmware::DeployStage stage, int percent);
    void onFinished();
    void setStatus(const QString& text, bool error = false);
    void setRunning(bool running);
    const firmware::BoardProfile* currentBoard() const;
    const ModelChoice* currentModel() const;

    StudioContext& m_context;
    BoardLink& m_board;
    DeployJob* m_job = nullptr;
    std::vector<firmware::BoardProfile> m_profiles;
    std::vector<ModelChoice> m_models;
    QString m_workDirOverride;
    firmware::FlasherOptions m_flasherOptions;
    QString m_lastConnection;
    int m_reconnectAttempts = 0;  // handshake retries with the freshly flashed board
    // Estimates by model path: generating code for a 300 KB model takes a
    // noticeable moment, switching boards should not repeat it.
    struct Estimate {
        bool ok = false;
        QString error;
        firmware::MemoryUsage usage;
    };
    std::map<QString, Estimate> m_estimates;

    QComboBox* m_modelCombo = nullptr;
    QPushButton* m_browse = nullptr;
    QComboBox* m_boardCombo = nullptr;
    QLabel* m_boardInfo = nullptr;
    QLabel* m_emulatorNote = nullptr;
    QLabel* m_fitTitle = nullptr;
    MemoryBar* m_flashBar = nullptr;
    MemoryBar* m_ramBar = nullptr;
    QPushButton* m_deploy = nullptr;
    QPushButton* m_cancel = nullptr;
    std::vector<QProgressBar*> m_stageBars;
    QLabel* m_status = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QTableWidget* m_history = nullptr;
};

}  // namespace mote::studio
