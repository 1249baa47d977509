#pragma once
// File > Import: choose files or folders, label and split rules, then watch
// the ImportJob (progress, cancel, and a list of the files that failed with
// the reason for each). GUI thread.
#include <QDialog>

#include "import_job.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace mote::studio {

class StudioContext;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(StudioContext& context, QWidget* parent = nullptr);

    void addPaths(const QStringList& paths);
    QStringList paths() const;
    // The options the form describes (label, split, CSV rate).
    dataset::ImportOptions options() const;
    // Starts the import of paths() (what the Import button does).
    bool startImport();
    ImportJob& job() { return m_job; }
    QString summary() const;

private:
    void onFinished();
    void updateButtons();

    StudioContext& m_context;
    ImportJob m_job;
    QListWidget* m_paths = nullptr;
    QComboBox* m_labelMode = nullptr;
    QLineEdit* m_label = nullptr;
    QComboBox* m_split = nullptr;
    QDoubleSpinBox* m_csvRate = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTreeWidget* m_failures = nullptr;
    QPushButton* m_import = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_close = nullptr;
};

}  // namespace mote::studio
