#pragma once
// Impulse page: designs how samples become features and what network
// learns from them — input sensor/axes, window, DSP block and parameters,
// hidden layers, training settings — saved as a new version in the project
// database (train::saveImpulse) with a dirty indicator. The selected
// sample's features update live (debounced, computed off the GUI thread),
// and the feature explorer (PCA scatter by label, per-class distribution of
// a feature) runs over the whole dataset with progress and cancel.
//
// Threads: GUI thread; DSP work runs in FeaturePreviewJob / FeatureExplorerJob.
#include <QTimer>
#include <QWidget>

#include <optional>

#include "impulse/impulse_config.h"

class QCheckBox;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace mote::studio {

class DspBlockEditor;
class FeatureExplorerJob;
class FeatureMatrixView;
class FeaturePreviewJob;
class LayerListEditor;
class StudioContext;
class TrainingSettingsForm;

class ImpulsePage : public QWidget {
    Q_OBJECT
public:
    explicit ImpulsePage(StudioContext& context, QWidget* parent = nullptr);
    ~ImpulsePage() override;

    // ---- the impulse ------------------------------------------------------
    // The configuration as edited (what Save stores and Training uses).
    impulse::ImpulseConfig editedConfig() const;
    // Replaces the edited configuration (marks dirty when it differs from the stored one).
    void setEditedConfig(const impulse::ImpulseConfig& config);
    bool isDirty() const;
    int storedVersion() const { return m_storedVersion; }
    // Stores the edited configuration as a new version; errors go to message().
    bool save();
    // Back to the stored (or default) configuration.
    void reload();

    // ---- live preview of the selected sample ---------------------------------
    void selectSample(int64_t id);
    int64_t selectedSampleId() const;
    // True while a preview is waiting (debounce) or computing.
    bool previewPending() const;
    QString previewStatus() const;

    // ---- feature explorer -----------------------------------------------------
    void computeExplorer();
    void cancelExplorer();
    FeatureExplorerJob* explorerJob() const { return m_explorer; }
    QString explorerStatus() const;
    int pcaPointCount() const;  // points drawn in the scatter

    DspBlockEditor* dspEditor() const { return m_dsp; }
    LayerListEditor* layerEditor() const { return m_layers; }
    TrainingSettingsForm* trainingForm() const { return m_training; }
    FeatureMatrixView* featureView() const { return m_featureView; }
    QSpinBox* windowSizeBox() const { return m_windowSize; }
    QSpinBox* windowStrideBox() const { return m_windowStride; }
    QChartView* pcaChart() const { return m_pcaView; }
    QChartView* distributionChart() const { return m_distView; }

signals:
    void message(const QString& text);
    // A new version was stored (or the project changed): training should use it.
    void impulseSaved(int version);

private:
    QWidget* buildEditor();
    QWidget* buildPreview();
    QWidget* buildExplorer();
    void loadFromProject();
    void loadIntoForms(const impulse::ImpulseConfig& config);
    void reloadSamples();
    void reloadAxes(const QString& sensor, const std::vector<std::string>& checked);
    void onEdited();
    void updateDirty();
    void requestPreview();
    void showPreview(int serial);
    void onExplorerFinished();
    void showDistribution();

    StudioContext& m_context;
    impulse::ImpulseConfig m_stored;   // stored (or default) configuration
    int m_storedVersion = 0;
    bool m_loading = false;

    // editor
    QLabel* m_versionLabel = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_revert = nullptr;
    QComboBox* m_sensor = nullptr;
    QListWidget* m_axes = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QSpinBox* m_windowSize = nullptr;
    QSpinBox* m_windowStride = nullptr;
    QCheckBox* m_zeroPad = nullptr;
    DspBlockEditor* m_dsp = nullptr;
    LayerListEditor* m_layers = nullptr;
    TrainingSettingsForm* m_training = nullptr;

    // preview
    QComboBox* m_sample = nullptr;
    QSpinBox* m_window = nullptr;
    QLabel* m_previewInfo = nullptr;
    FeatureMatrixView* m_featureView = nullptr;
    FeaturePreviewJob* m_preview = nullptr;
    QTimer m_debounce;
    int m_previewSerial = 0;
    QString m_previewStatus;
    QStringList m_previewAxes;

    // explorer
    QPushButton* m_explore = nullptr;
    QPushButton* m_cancelExplore = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_explorerInfo = nullptr;
    QComboBox* m_feature = nullptr;
    QChartView* m_pcaView = nullptr;
    QChartView* m_distView = nullptr;
    FeatureExplorerJob* m_explorer = nullptr;
    int m_pcaPoints = 0;
    QString m_explorerStatus;
};

}  // namespace mote::studio
