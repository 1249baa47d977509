#include "dataset_page.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <set>

#include "audio_player.h"
#include "dataset_commands.h"
#include "export_job.h"
#include "import_dialog.h"
#include "sample_table_model.h"
#include "signal_plot.h"
#include "spectrogram_view.h"
#include "studio_context.h"

namespace mote::studio {
namespace {

bool isAudio(const dataset::Sample& s) {
    const QString sensor = QString::fromStdString(s.sensor).toLower();
    return sensor.contains("micro") || sensor.contains("audio") || (s.axisCount() == 1 && s.sampleRateHz >= 4000);
}

QString seconds(double ms) { return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1); }

}  // namespace

DatasetPage::DatasetPage(StudioContext& context, QWidget* parent) : QWidget(parent), m_context(context) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(8);

    // ---- actions ----
    m_toolbar = new QToolBar;
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* importAction = m_toolbar->addAction(tr("Import…"), this, [this] { importInteractive(); });
    importAction->setToolTip(tr("Import CSV, WAV or Edge Impulse files and folders"));
    m_toolbar->addAction(tr("Export…"), this, &DatasetPage::exportInteractive);
    m_toolbar->addSeparator();
    m_relabel = m_toolbar->addAction(tr("Relabel…"), this, &DatasetPage::relabelInteractive);
    m_relabel->setShortcut(Qt::Key_F2);
    m_relabel->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_toTrain = m_toolbar->addAction(tr("Move to train"), this, [this] { moveSelected(dataset::Split::Train); });
    m_toTest = m_toolbar->addAction(tr("Move to test"), this, [this] { moveSelected(dataset::Split::Test); });
    m_delete = m_toolbar->addAction(tr("Delete"), this, &DatasetPage::deleteSelected);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_toolbar->addSeparator();
    m_crop = m_toolbar->addAction(tr("Crop to selection"), this, &DatasetPage::cropShownToSelection);
    m_crop->setToolTip(tr("Drag across the plot to choose the range to keep"));
    m_split = m_toolbar->addAction(tr("Split into windows…"), this, &DatasetPage::splitInteractive);
    m_toolbar->addSeparator();
    m_rebalance = m_toolbar->addAction(tr("Rebalance train/test…"), this, &DatasetPage::rebalanceInteractive);
    addAction(m_relabel);
    addAction(m_delete);
    layout->addWidget(m_toolbar);

    // ---- filters ----
    auto* filters = new QHBoxLayout;
    filters->setSpacing(6);
    m_labelFilter = new QComboBox;
    m_labelFilter->setMinimumContentsLength(10);
    m_splitFilter = new QComboBox;
    m_splitFilter->addItems({tr("All"), tr("train"), tr("test")});
    m_deviceFilter = new QComboBox;
    m_deviceFilter->setMinimumContentsLength(10);
    m_textFilter = new QLineEdit;
    m_textFilter->setPlaceholderText(tr("Search label, sensor, file name…"));
    m_textFilter->setClearButtonEnabled(true);
    filters->addWidget(new QLabel(tr("Label")));
    filters->addWidget(m_labelFilter);
    filters->addSpacing(8);
    filters->addWidget(new QLabel(tr("Split")));
    filters->addWidget(m_splitFilter);
    filters->addSpacing(8);
    filters->addWidget(new QLabel(tr("Device")));
    filters->addWidget(m_deviceFilter);
    filters->addSpacing(8);
    filters->addWidget(m_textFilter, 1);
    m_count = new QLabel;
    m_count->setMinimumWidth(120);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    filters->addWidget(m_count);
    layout->addLayout(filters);

    // ---- table | balance + sample view ----
    auto* splitter = new QSplitter(Qt::Horizontal);
    m_model = new SampleTableModel(m_context, this);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(24);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int widths[] = {56, 110, 56, 72, 82, 140, 120, 150, 80};
    for (int c = 0; c < SampleTableModel::ColCount; ++c)
        m_table->setColumnWidth(c, widths[c]);
    splitter->addWidget(m_table);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* balanceBox = new QGroupBox(tr("Class balance"));
    auto* balanceLayout = new QVBoxLayout(balanceBox);
    m_balance = new QTableWidget(0, 5);
    m_balance->setHorizontalHeaderLabels({tr("Label"), tr("Train"), tr("Test"), tr("Train time"), tr("Test time")});
    m_balance->verticalHeader()->setVisible(false);
    m_balance->verticalHeader()->setDefaultSectionSize(22);
    m_balance->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_balance->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_balance->setSelectionMode(QAbstractItemView::NoSelection);
    m_balance->setMaximumHeight(190);
    balanceLayout->addWidget(m_balance);
    rightLayout->addWidget(balanceBox);

    auto* sampleBox = new QGroupBox(tr("Sample"));
    auto* sampleLayout = new QVBoxLayout(sampleBox);
    m_sampleInfo = new QLabel(tr("Select a sample to see it."));
    m_sampleInfo->setWordWrap(true);
    sampleLayout->addWidget(m_sampleInfo);
    m_plot = new SignalPlot;
    m_plot->setSelectable(true);
    m_plot->setPlaceholder(tr("Select a sample in the table"));
    sampleLayout->addWidget(m_plot, 2);
    m_spectrogram = new SpectrogramView;
    m_spectrogram->setVisible(false);
    sampleLayout->addWidget(m_spectrogram, 1);
    m_audio = new AudioPlayer(this);
    m_play = new QPushButton(tr("▶ Play"));
    m_play->setVisible(false);
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
    if (!m_audio->available()) {
        m_play->setEnabled(false);
        m_play->setToolTip(m_audio->unavailableReason());
    } else {
        m_play->setToolTip(tr("Play the sample on the default sound output (Space)"));
    }
    connect(m_play, &QPushButton::clicked, this, [this] { togglePlayback(); });
    connect(m_audio, &AudioPlayer::playingChanged, this,
            [this](bool playing) { m_play->setText(playing ? tr("■ Stop") : tr("▶ Play")); });
    auto* playRow = new QHBoxLayout;
    playRow->addWidget(m_play);
    playRow->addStretch();
    sampleLayout->addLayout(playRow);
    rightLayout->addWidget(sampleBox, 1);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({720, 520});
    layout->addWidget(splitter, 1);

    m_status = new QLabel;
    m_status->setStyleSheet(QStringLiteral("color: #555b63;"));
    layout->addWidget(m_status);

    m_export = new ExportJob(this);
    m_exportProgress = new QProgressDialog(tr("Exporting samples…"), tr("Cancel"), 0, 100, this);
    m_exportProgress->setWindowTitle(tr("Export"));
    m_exportProgress->setMinimumDuration(300);  // quick exports never flash a dialog
    m_exportProgress->setAutoReset(false);
    m_exportProgress->reset();
    connect(m_exportProgress, &QProgressDialog::canceled, m_export, &ExportJob::cancel);
    connect(m_export, &ExportJob::progress, this, [this](int done, int total) {
        m_exportProgress->setMaximum(std::max(total, 1));
        m_exportProgress->setValue(done);
        m_exportProgress->setLabelText(tr("Exported %1 of %2 samples…").arg(done).arg(total));
    });
    connect(m_export, &ExportJob::finished, this, [this] {
        m_exportProgress->reset();
        say(m_export->error().isEmpty() ? tr("Exported %n sample(s).", nullptr, m_export->samplesWritten())
                                        : tr("Export failed: %1").arg(m_export->error()));
    });

    // ---- wiring ----
    auto applyFilter = [this] {
        if (m_applyingFilter)
            return;
        const QString label = m_labelFilter->currentIndex() > 0 ? m_labelFilter->currentText() : QString();
        std::optional<dataset::Split> split;
        if (m_splitFilter->currentIndex() == 1)
            split = dataset::Split::Train;
        else if (m_splitFilter->currentIndex() == 2)
            split = dataset::Split::Test;
        const QString device = m_deviceFilter->currentIndex() > 0 ? m_deviceFilter->currentText() : QString();
        setFilter(label, split, device, m_textFilter->text());
    };
    connect(m_labelFilter, &QComboBox::currentIndexChanged, this, applyFilter);
    connect(m_splitFilter, &QComboBox::currentIndexChanged, this, applyFilter);
    connect(m_deviceFilter, &QComboBox::currentIndexChanged, this, applyFilter);
    // Typing filters after a short pause, not on every key.
    auto* textDelay = new QTimer(this);
    textDelay->setSingleShot(true);
    textDelay->setInterval(250);
    connect(m_textFilter, &QLineEdit::textChanged, textDelay, qOverload<>(&QTimer::start));
    connect(textDelay, &QTimer::timeout, this, applyFilter);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showSelected();
        updateActions();
    });
    connect(m_plot, &SignalPlot::selectionChanged, this, [this] { updateActions(); });
    connect(&m_context, &StudioContext::datasetChanged, this, &DatasetPage::reloadAll);
    reloadAll();
}

void DatasetPage::say(const QString& text) {
    m_status->setText(text);
    emit message(text);
}

QString DatasetPage::statusText() const { return m_status->text(); }

void DatasetPage::reloadAll() {
    const auto keep = selectedIds();
    reloadFilterChoices();
    m_model->reload();
    m_count->setText(tr("%n sample(s)", nullptr, static_cast<int>(m_model->totalCount())));
    reloadBalance();
    // Keep the selection on the samples that still exist.
    std::vector<int64_t> still;
    for (int64_t id : keep)
        if (m_model->rowOfId(id) >= 0)
            still.push_back(id);
    if (!still.empty()) {
        selectIds(still);
    } else {
        m_shownId = 0;
        showSelected();
    }
    if (!m_model->lastError().isEmpty())
        say(m_model->lastError());
    updateActions();
}

void DatasetPage::reloadFilterChoices() {
    auto* store = m_context.store();
    m_applyingFilter = true;
    const QString label = m_labelFilter->currentText();
    const QString device = m_deviceFilter->currentText();
    m_labelFilter->clear();
    m_labelFilter->addItem(tr("All"));
    m_deviceFilter->clear();
    m_deviceFilter->addItem(tr("All"));
    if (store) {
        if (auto labels = store->labels())
            for (const auto& l : labels.value())
                m_labelFilter->addItem(QString::fromStdString(l));
        if (auto devices = store->devices())
            for (const auto& d : devices.value())
                m_deviceFilter->addItem(QString::fromStdString(d.identity));
    }
    m_labelFilter->setCurrentIndex(std::max(0, m_labelFilter->findText(label)));
    m_deviceFilter->setCurrentIndex(std::max(0, m_deviceFilter->findText(device)));
    m_applyingFilter = false;
}

void DatasetPage::reloadBalance() {
    m_balance->setRowCount(0);
    auto* store = m_context.store();
    if (!store)
        return;
    auto counts = store->countsByLabel();
    if (!counts) {
        say(QString::fromStdString(counts.message()));
        return;
    }
    struct Row {
        int64_t train = 0, test = 0;
        double trainMs = 0, testMs = 0;
    };
    std::map<std::string, Row> rows;
    Row total;
    for (const auto& c : counts.value()) {
        Row& r = rows[c.label];
        if (c.split == dataset::Split::Train) {
            r.train += c.count;
            r.trainMs += c.totalDurationMs;
        } else {
            r.test += c.count;
            r.testMs += c.totalDurationMs;
        }
    }
    auto addRow = [this](const QString& label, const Row& r, bool bold) {
        const int row = m_balance->rowCount();
        m_balance->insertRow(row);
        const QStringList cells = {label, QString::number(r.train), QString::number(r.test), seconds(r.trainMs),
                                   seconds(r.testMs)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (bold) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            m_balance->setItem(row, c, item);
        }
    };
    for (const auto& [label, r] : rows) {
        addRow(QString::fromStdString(label), r, false);
        total.train += r.train;
        total.test += r.test;
        total.trainMs += r.trainMs;
        total.testMs += r.testMs;
    }
    if (!rows.empty())
        addRow(tr("Total"), total, true);
}

void DatasetPage::setFilter(const QString& label, std::optional<dataset::Split> split, const QString& device,
                            const QString& text) {
    dataset::SampleFilter filter;
    if (!label.isEmpty())
        filter.label = label.toStdString();
    filter.split = split;
    if (!device.isEmpty())
        filter.device = device.toStdString();
    if (!text.trimmed().isEmpty())
        filter.text = text.trimmed().toStdString();
    m_model->setFilter(filter);
    m_count->setText(tr("%n sample(s)", nullptr, static_cast<int>(m_model->totalCount())));
    showSelected();
    updateActions();
}

std::vector<int64_t> DatasetPage::selectedIds() const {
    std::vector<int64_t> ids;
    auto rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const auto& index : rows)
        ids.push_back(m_model->sampleId(index.row()));
    return ids;
}

void DatasetPage::selectIds(const std::vector<int64_t>& ids) {
    QItemSelection selection;
    int first = -1;
    for (int64_t id : ids) {
        const int row = m_model->rowOfId(id);
        if (row < 0)
            continue;
        if (first < 0)
            first = row;
        selection.select(m_model->index(row, 0), m_model->index(row, SampleTableModel::ColCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (first >= 0) {
        m_table->selectionModel()->setCurrentIndex(m_model->index(first, 0), QItemSelectionModel::NoUpdate);
        m_table->scrollTo(m_model->index(first, 0));
    }
}

void DatasetPage::selectNext() {
    const int row = m_table->currentIndex().isValid() ? m_table->currentIndex().row() + 1 : 0;
    if (row >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
    if (row < m_model->rowCount())
        selectIds({m_model->sampleId(row)});
}

void DatasetPage::selectPrevious() {
    const int row = m_table->currentIndex().isValid() ? m_table->currentIndex().row() - 1 : 0;
    if (row >= 0 && row < m_model->rowCount())
        selectIds({m_model->sampleId(row)});
}

void DatasetPage::showSelected() {
    const auto ids = selectedIds();
    if (ids.empty()) {
        m_shownId = 0;
        m_plot->setChannels({});
        m_plot->setPlaceholder(m_model->totalCount() == 0 ? tr("No samples yet: record some on the Acquisition page "
                                                               "or import files")
                                                          : tr("Select a sample in the table"));
        m_spectrogram->clear();
        m_spectrogram->setVisible(false);
        m_sampleInfo->setText(tr("Select a sample to see it. Ctrl+click or Shift+click selects several."));
        return;
    }
    if (ids.size() > 1)
        m_sampleInfo->setText(tr("%n samples selected; showing the first.", nullptr, static_cast<int>(ids.size())));
    showSample(ids.front());
}

void DatasetPage::showSample(int64_t id) {
    auto* store = m_context.store();
    if (!store)
        return;
    auto sample = store->load(id);
    if (!sample) {
        say(QString::fromStdString(sample.message()));
        return;
    }
    const auto& s = sample.value();
    m_shownId = id;
    QStringList axes;
    for (const auto& a : s.axisNames)
        axes << QString::fromStdString(a);
    QString unit;
    if (!s.units.empty())
        unit = QString::fromStdString(s.units.front());
    m_plot->setChannels(axes, unit);
    m_plot->setTitle(QStringLiteral("%1 · #%2").arg(QString::fromStdString(s.label)).arg(s.id));
    auto values = s.values();
    const bool audio = isAudio(s);
    if (audio && s.axisCount() == 1)
        m_spectrogram->setSignal(values.data(), values.size(), s.sampleRateHz);
    m_spectrogram->setVisible(audio && s.axisCount() == 1);
    m_audio->stop();
    m_play->setVisible(audio);
    m_plot->setSignal(std::move(values), s.sampleRateHz);
    if (selectedIds().size() <= 1) {
        QString info = tr("<b>%1</b> · %2 · %3 · %4 frames at %5 Hz (%6) · %7")
                           .arg(QString::fromStdString(s.label).toHtmlEscaped())
                           .arg(QString::fromLatin1(dataset::splitName(s.split)))
                           .arg(QString::fromStdString(s.sensor).toHtmlEscaped())
                           .arg(s.frameCount)
                           .arg(s.sampleRateHz, 0, 'g', 6)
                           .arg(seconds(s.durationMs()))
                           .arg(s.device.empty() ? tr("no device") : QString::fromStdString(s.device).toHtmlEscaped());
        if (s.lostFrames > 0 || s.crcErrors > 0)
            info += tr(" · <span style='color:#c0392b'>%1 frames lost, %2 CRC errors while recording</span>")
                        .arg(s.lostFrames)
                        .arg(s.crcErrors);
        m_sampleInfo->setText(info);
    }
}

bool DatasetPage::togglePlayback() {
    if (m_audio->isPlaying()) {
        m_audio->stop();
        return true;
    }
    if (m_shownId == 0 || !m_context.store())
        return false;
    auto sample = m_context.store()->load(m_shownId);
    if (!sample) {
        say(QString::fromStdString(sample.message()));
        return false;
    }
    QString error;
    if (!m_audio->play(sample.value(), &error)) {
        say(tr("Cannot play: %1").arg(error));
        return false;
    }
    return true;
}

void DatasetPage::updateActions() {
    const auto ids = selectedIds();
    const bool any = !ids.empty();
    m_relabel->setEnabled(any);
    m_toTrain->setEnabled(any);
    m_toTest->setEnabled(any);
    m_delete->setEnabled(any);
    m_split->setEnabled(any);
    m_crop->setEnabled(ids.size() == 1 && m_plot->hasSelection());
    m_rebalance->setEnabled(m_model->totalCount() > 1);
}

bool DatasetPage::relabelSelected(const QString& label) {
    const auto ids = selectedIds();
    const QString clean = label.trimmed();
    if (ids.empty() || clean.isEmpty()) {
        say(ids.empty() ? tr("Select the samples to relabel first.") : tr("A label cannot be empty."));
        return false;
    }
    m_context.undoStack()->push(new RelabelCommand(m_context, ids, clean.toStdString()));
    say(tr("Relabeled %n sample(s) as \"%1\".", nullptr, static_cast<int>(ids.size())).arg(clean));
    return true;
}

bool DatasetPage::moveSelected(dataset::Split split) {
    const auto ids = selectedIds();
    if (ids.empty())
        return false;
    m_context.undoStack()->push(new MoveSplitCommand(m_context, ids, split));
    say(tr("Moved %n sample(s) to %1.", nullptr, static_cast<int>(ids.size())).arg(dataset::splitName(split)));
    return true;
}

bool DatasetPage::deleteSelected() {
    const auto ids = selectedIds();
    if (ids.empty())
        return false;
    // Remember where we were so the next sample gets selected afterwards.
    const int row = m_model->rowOfId(ids.back()) + 1;
    const int64_t next = m_model->sampleId(row);
    m_context.undoStack()->push(new DeleteSamplesCommand(m_context, ids));
    if (next != 0)
        selectIds({next});
    say(tr("Deleted %n sample(s) (Edit > Undo brings them back).", nullptr, static_cast<int>(ids.size())));
    return true;
}

bool DatasetPage::cropShownToSelection() {
    if (m_shownId == 0 || !m_plot->hasSelection()) {
        say(tr("Drag across the plot to choose the part of the sample to keep."));
        return false;
    }
    const int64_t id = m_shownId;
    const qint64 first = m_plot->selectionFirst();
    const qint64 count = m_plot->selectionLast() - first;
    m_context.undoStack()->push(new CropSampleCommand(m_context, id, first, count));
    say(tr("Cropped sample %1 to %2 frames.").arg(id).arg(count));
    selectIds({m_context.resolveId(id)});
    return true;
}

bool DatasetPage::splitSelected(int parts) {
    const auto ids = selectedIds();
    if (ids.empty() || parts < 2)
        return false;
    // A refused command is dropped by push() (obsolete), so the index stays.
    const int before = m_context.undoStack()->index();
    m_context.undoStack()->push(new SplitSamplesCommand(m_context, ids, parts));
    if (m_context.undoStack()->index() == before)
        return false;
    say(tr("Split %n sample(s) into %1 windows each.", nullptr, static_cast<int>(ids.size())).arg(parts));
    return true;
}

bool DatasetPage::rebalance(double trainFraction, uint64_t seed) {
    if (!m_context.store())
        return false;
    m_context.undoStack()->push(new RebalanceCommand(m_context, trainFraction, seed));
    say(tr("Rebalanced: each label is now split %1% train / %2% test.")
            .arg(qRound(trainFraction * 100))
            .arg(100 - qRound(trainFraction * 100)));
    return true;
}

void DatasetPage::relabelInteractive() {
    const auto ids = selectedIds();
    if (ids.empty())
        return;
    QStringList labels;
    if (auto* store = m_context.store())
        if (auto all = store->labels())
            for (const auto& l : all.value())
                labels << QString::fromStdString(l);
    const auto* first = m_model->sampleAt(m_model->rowOfId(ids.front()));
    const int current = first ? std::max(0, static_cast<int>(labels.indexOf(QString::fromStdString(first->label)))) : 0;
    bool ok = false;
    const QString label =
        QInputDialog::getItem(this, tr("Relabel"), tr("New label for %n sample(s):", nullptr, static_cast<int>(ids.size())),
                              labels, current, true, &ok);
    if (ok)
        relabelSelected(label);
}

void DatasetPage::splitInteractive() {
    bool ok = false;
    const int parts = QInputDialog::getInt(this, tr("Split into windows"),
                                           tr("Cut each selected sample into this many equal windows:"), 2, 2, 1000, 1,
                                           &ok);
    if (ok)
        splitSelected(parts);
}

void DatasetPage::rebalanceInteractive() {
    bool ok = false;
    const int train = QInputDialog::getInt(this, tr("Rebalance train/test"),
                                           tr("Percent of each label to put in the training set:"), 80, 1, 99, 5, &ok);
    if (ok)
        rebalance(train / 100.0);
}

void DatasetPage::importInteractive(const QStringList& initialPaths) {
    if (!m_context.hasProject())
        return;
    ImportDialog dialog(m_context, this);
    dialog.addPaths(initialPaths);
    dialog.exec();
    if (!dialog.job().outcome().fatal.isEmpty() || dialog.job().outcome().filesTotal > 0)
        say(dialog.summary());
}

void DatasetPage::exportInteractive() {
    if (!m_context.hasProject() || m_export->isRunning())
        return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export dataset to an empty folder"));
    if (dir.isEmpty())
        return;
    if (m_export->start(m_context.databaseFile(), dir, std::nullopt, m_model->filter())) {
        m_exportProgress->setValue(0);
        say(tr("Exporting to %1…").arg(dir));
    }
}

}  // namespace mote::studio
