#include "import_dialog.h"

#include "dataset_commands.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "studio_context.h"

namespace mote::studio {

ImportDialog::ImportDialog(StudioContext& context, QWidget* parent) : QDialog(parent), m_context(context) {
    setWindowTitle(tr("Import data"));
    resize(720, 560);
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(tr("CSV, WAV (16-bit PCM), Edge Impulse JSON and CBOR files. Folders are searched "
                                "recursively. Each file is imported completely or not at all."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_paths = new QListWidget;
    m_paths->setSelectionMode(QAbstractItemView::ExtendedSelection);
    layout->addWidget(m_paths, 1);
    auto* pathButtons = new QHBoxLayout;
    auto* addFiles = new QPushButton(tr("Add files…"));
    auto* addFolder = new QPushButton(tr("Add folder…"));
    auto* remove = new QPushButton(tr("Remove"));
    pathButtons->addWidget(addFiles);
    pathButtons->addWidget(addFolder);
    pathButtons->addWidget(remove);
    pathButtons->addStretch();
    layout->addLayout(pathButtons);
    connect(addFiles, &QPushButton::clicked, this, [this] {
        addPaths(QFileDialog::getOpenFileNames(this, tr("Import files"), {},
                                               tr("Sample files (*.csv *.wav *.json *.cbor);;All files (*)")));
    });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Import folder"));
        if (!dir.isEmpty())
            addPaths({dir});
    });
    connect(remove, &QPushButton::clicked, this, [this] { qDeleteAll(m_paths->selectedItems()); updateButtons(); });

    auto* form = new QFormLayout;
    m_labelMode = new QComboBox;
    m_labelMode->addItem(tr("From the file name (label.anything.ext)"));
    m_labelMode->addItem(tr("From the parent folder name"));
    m_labelMode->addItem(tr("This label:"));
    m_label = new QLineEdit;
    m_label->setPlaceholderText(tr("e.g. wave"));
    m_label->setEnabled(false);
    auto* labelRow = new QHBoxLayout;
    labelRow->addWidget(m_labelMode, 1);
    labelRow->addWidget(m_label, 1);
    form->addRow(tr("Label:"), labelRow);
    connect(m_labelMode, &QComboBox::currentIndexChanged, this, [this](int i) { m_label->setEnabled(i == 2); });
    m_split = new QComboBox;
    m_split->addItem(tr("Automatic (folder name, else 80/20)"));
    m_split->addItem(tr("Train"));
    m_split->addItem(tr("Test"));
    form->addRow(tr("Split:"), m_split);
    m_csvRate = new QDoubleSpinBox;
    m_csvRate->setRange(0.0, 1e6);
    m_csvRate->setDecimals(1);
    m_csvRate->setSuffix(tr(" Hz"));
    m_csvRate->setSpecialValueText(tr("from the timestamp column"));
    form->addRow(tr("CSV sample rate:"), m_csvRate);
    layout->addLayout(form);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    layout->addWidget(m_progress);
    m_status = new QLabel(tr("Add files or folders, then press Import."));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_failures = new QTreeWidget;
    m_failures->setHeaderLabels({tr("File"), tr("Why it was skipped")});
    m_failures->setRootIsDecorated(false);
    m_failures->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_failures->setVisible(false);
    layout->addWidget(m_failures, 1);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    m_import = new QPushButton(tr("Import"));
    m_import->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel import"));
    m_close = new QPushButton(tr("Close"));
    buttons->addWidget(m_import);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_job.cancel();
        m_status->setText(tr("Cancelling after the current file…"));
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);

    connect(&m_job, &ImportJob::progress, this, [this](int done, int total, const QString& file) {
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(done);
        if (!file.isEmpty())
            m_status->setText(tr("Importing %1 (%2 of %3)…").arg(QFileInfo(file).fileName()).arg(done + 1).arg(total));
    });
    connect(&m_job, &ImportJob::finished, this, &ImportDialog::onFinished);
    updateButtons();
}

void ImportDialog::addPaths(const QStringList& paths) {
    for (const QString& p : paths)
        if (!p.isEmpty())
            m_paths->addItem(p);
    updateButtons();
}

QStringList ImportDialog::paths() const {
    QStringList out;
    for (int i = 0; i < m_paths->count(); ++i)
        out << m_paths->item(i)->text();
    return out;
}

dataset::ImportOptions ImportDialog::options() const {
    dataset::ImportOptions o;
    if (m_labelMode->currentIndex() == 1)
        o.labelFromFolder = true;
    else if (m_labelMode->currentIndex() == 2)
        o.label = m_label->text().trimmed().toStdString();
    if (m_split->currentIndex() == 1)
        o.split = dataset::Split::Train;
    else if (m_split->currentIndex() == 2)
        o.split = dataset::Split::Test;
    o.csvSampleRateHz = m_csvRate->value();
    return o;
}

bool ImportDialog::startImport() {
    if (m_job.isRunning() || paths().isEmpty() || !m_context.hasProject())
        return false;
    if (m_labelMode->currentIndex() == 2 && m_label->text().trimmed().isEmpty()) {
        m_status->setText(tr("Type the label to give every imported sample, or take it from the file names."));
        return false;
    }
    m_failures->clear();
    m_failures->setVisible(false);
    m_status->setText(tr("Starting…"));
    const bool started = m_job.start(m_context.databaseFile(), paths(), options());
    updateButtons();
    return started;
}

QString ImportDialog::summary() const {
    const auto& o = m_job.outcome();
    if (!o.fatal.isEmpty())
        return tr("Import failed: %1").arg(o.fatal);
    QString text = tr("Imported %n sample(s) from %1 file(s)", nullptr, o.samplesImported).arg(o.filesImported);
    if (!o.failures.isEmpty())
        text += tr("; %n file(s) skipped (see below)", nullptr, static_cast<int>(o.failures.size()));
    if (o.cancelled)
        text += tr("; cancelled before the remaining files");
    return text + QLatin1Char('.');
}

void ImportDialog::onFinished() {
    const auto& o = m_job.outcome();
    for (const auto& [file, reason] : o.failures)
        new QTreeWidgetItem(m_failures, {QFileInfo(file).fileName(), reason});
    m_failures->setVisible(!o.failures.isEmpty());
    m_status->setText(summary());
    updateButtons();
    if (!o.importedIds.empty())
        m_context.undoStack()->push(new ImportSamplesCommand(m_context, o.importedIds, o.filesImported));
    m_context.notifyDatasetChanged();
}

void ImportDialog::updateButtons() {
    const bool running = m_job.isRunning();
    m_import->setEnabled(!running && m_paths->count() > 0);
    m_cancel->setEnabled(running);
    m_close->setEnabled(!running);
}

}  // namespace mote::studio
