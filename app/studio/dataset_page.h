#pragma once
// Dataset page: the table of every sample (paged model over the store),
// filters, the class balance per label and split, a view of the selected
// sample (all axes; audio also as a spectrogram) and the edits on a
// multi-selection — relabel, move to train/test, delete, crop to a dragged
// range, split into N windows, rebalance — each an undoable command; plus
// import and export on worker threads. GUI thread.
#include <QWidget>

#include <vector>

#include "dataset/sample.h"

class QProgressDialog;
class QPushButton;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTableWidget;
class QToolBar;

namespace mote::studio {

class AudioPlayer;
class ExportJob;
class SampleTableModel;
class SignalPlot;
class SpectrogramView;
class StudioContext;

class DatasetPage : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPage(StudioContext& context, QWidget* parent = nullptr);

    SampleTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QTableWidget* balanceTable() const { return m_balance; }
    SignalPlot* samplePlot() const { return m_plot; }
    SpectrogramView* spectrogramView() const { return m_spectrogram; }
    QPushButton* playButton() const { return m_play; }
    // Plays (or stops) the shown audio sample; false with a reason shown in the status line.
    bool togglePlayback();
    int64_t shownSampleId() const { return m_shownId; }

    // Selection (ids of the selected rows, in row order).
    std::vector<int64_t> selectedIds() const;
    void selectIds(const std::vector<int64_t>& ids);
    void selectNext();
    void selectPrevious();

    // Filters; empty / nullopt = all.
    void setFilter(const QString& label, std::optional<dataset::Split> split, const QString& device,
                   const QString& text);

    // Edits on the selection, pushed on the undo stack. Return false (and
    // say why in the status line) when nothing applies.
    bool relabelSelected(const QString& label);
    bool moveSelected(dataset::Split split);
    bool deleteSelected();
    bool cropShownToSelection();
    bool splitSelected(int parts);
    bool rebalance(double trainFraction, uint64_t seed = 1);

    // Interactive versions (ask with a dialog first).
    void relabelInteractive();
    void splitInteractive();
    void rebalanceInteractive();
    void importInteractive(const QStringList& initialPaths = {});
    void exportInteractive();

    QString statusText() const;

    QAction* relabelAction() const { return m_relabel; }
    QAction* deleteAction() const { return m_delete; }

signals:
    void message(const QString& text);

private:
    void reloadAll();
    void reloadFilterChoices();
    void reloadBalance();
    void showSelected();
    void showSample(int64_t id);
    void updateActions();
    void say(const QString& text);

    StudioContext& m_context;
    SampleTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QTableWidget* m_balance = nullptr;
    SignalPlot* m_plot = nullptr;
    SpectrogramView* m_spectrogram = nullptr;
    QPushButton* m_play = nullptr;   // audio samples only
    AudioPlayer* m_audio = nullptr;
    QLabel* m_sampleInfo = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_count = nullptr;
    QComboBox* m_labelFilter = nullptr;
    QComboBox* m_splitFilter = nullptr;
    QComboBox* m_deviceFilter = nullptr;
    QLineEdit* m_textFilter = nullptr;
    QToolBar* m_toolbar = nullptr;
    QAction* m_relabel = nullptr;
    QAction* m_toTrain = nullptr;
    QAction* m_toTest = nullptr;
    QAction* m_delete = nullptr;
    QAction* m_crop = nullptr;
    QAction* m_split = nullptr;
    QAction* m_rebalance = nullptr;
    ExportJob* m_export = nullptr;
    QProgressDialog* m_exportProgress = nullptr;  // shown while an export runs
    int64_t m_shownId = 0;
    bool m_applyingFilter = false;
};

}  // namespace mote::studio
