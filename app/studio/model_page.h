#pragma once
// Model page: turn a trained run into an int8 model and judge it.
//   - Quantize: pick a trained run, calibration windows, Quantize (worker
//     thread, progress, cancel) -> int8 .tflite + report in the project.
//   - Report of a quantized model: float vs int8 accuracy and the two
//     confusion matrices side by side, flash (weights + model) and RAM
//     (arena) bars against the selected board's limits with the latency
//     estimate, and the per-layer error chart (worst layers highlighted).
//   - External .tflite: file dialog -> inspection (ops, unsupported ops
//     named, arena, MACs); a model Mote cannot run is refused with the
//     inspector's message; an accepted one can be sent to Deployment.
// Threads: GUI thread; quantization runs in a QuantizeJob.
#include <QWidget>

#include <optional>
#include <vector>

#include "firmware/board_profile.h"
#include "model_inspection.h"
#include "train/project_quantization.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTreeWidget;

namespace mote::studio {

class ConfusionGrid;
class LayerErrorChart;
class MemoryBar;
class QuantizeJob;
class StudioContext;

class ModelPage : public QWidget {
    Q_OBJECT
public:
    explicit ModelPage(StudioContext& context, QWidget* parent = nullptr);
    ~ModelPage() override;

    // Re-reads runs, quantized models and board profiles.
    void refresh();

    // Quantizes the selected run (or `runId`); false when none / busy.
    bool quantize(std::optional<int64_t> runId = std::nullopt);
    void cancelQuantize();
    bool isQuantizing() const;

    // Shows the stored report of int8 model row `modelId`.
    bool showReport(int64_t modelId);
    const std::optional<train::QuantizationReport>& report() const { return m_report; }

    // External model: inspects `path` and shows the result (the file dialog
    // calls this). Returns the inspection.
    const ModelInspection& importTflite(const QString& path);
    void importInteractive();
    const std::optional<ModelInspection>& inspection() const { return m_inspection; }
    bool selectBoard(const QString& profileName);

    // For tests and screenshots.
    enum Tab { QuantizedTab = 0, ExternalTab = 1 };
    void showTab(Tab tab);
    QString statusText() const;
    QString accuracyText() const;
    QString verdictText() const;
    QStringList inspectedOps() const;  // rows of the ops table: "index NAME (status)"
    const ConfusionGrid* floatConfusion() const { return m_floatConfusion; }
    const ConfusionGrid* int8Confusion() const { return m_int8Confusion; }
    const LayerErrorChart* layerChart() const { return m_layerChart; }
    const MemoryBar* flashBar() const { return m_flashBar; }
    const MemoryBar* ramBar() const { return m_ramBar; }
    const MemoryBar* externalFlashBar() const { return m_externalFlash; }
    const MemoryBar* externalRamBar() const { return m_externalRam; }

signals:
    void message(const QString& text);
    // An int8 model was created (row id): the Deployment page lists it.
    void modelQuantized(int64_t modelId);
    // The user wants to deploy an accepted external .tflite.
    void deployFileRequested(const QString& path);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildQuantizedTab();
    QWidget* buildExternalTab();
    void loadRuns();
    void loadModels();
    void loadBoards();
    void showQuantizationReport(const train::QuantizationReport& report);
    void updateBars();
    void onQuantizeFinished();
    void setStatus(const QString& text, bool error = false);
    const firmware::BoardProfile* currentBoard() const;

    StudioContext& m_context;
    QuantizeJob* m_job = nullptr;
    std::optional<train::QuantizationReport> m_report;
    std::optional<ModelInspection> m_inspection;
    std::vector<firmware::BoardProfile> m_profiles;

    QTabWidget* m_tabs = nullptr;
    // Quantize controls
    QComboBox* m_runCombo = nullptr;
    QSpinBox* m_calibration = nullptr;
    QPushButton* m_quantize = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_modelCombo = nullptr;
    QComboBox* m_boardCombo = nullptr;
    // Report
    QLabel* m_floatAccuracy = nullptr;
    QLabel* m_int8Accuracy = nullptr;
    QLabel* m_accuracyNote = nullptr;
    QLabel* m_figures = nullptr;
    MemoryBar* m_flashBar = nullptr;
    MemoryBar* m_ramBar = nullptr;
    QLabel* m_latency = nullptr;
    ConfusionGrid* m_floatConfusion = nullptr;
    ConfusionGrid* m_int8Confusion = nullptr;
    LayerErrorChart* m_layerChart = nullptr;
    // External
    QLabel* m_externalPath = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_externalFigures = nullptr;
    QTreeWidget* m_opsTable = nullptr;
    QTreeWidget* m_ioTable = nullptr;
    MemoryBar* m_externalFlash = nullptr;
    MemoryBar* m_externalRam = nullptr;
    QPushButton* m_deployExternal = nullptr;
};

}  // namespace mote::studio
