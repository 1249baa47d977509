#include "impulse_page.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <set>

#include "dsp/dsp_config_json.h"
#include "dataset/sample_store.h"
#include "dsp_block_editor.h"
#include "feature_explorer_job.h"
#include "feature_matrix_view.h"
#include "feature_preview_job.h"
#include "features/feature_names.h"
#include "features/impulse_request.h"
#include "layer_list_editor.h"
#include "signal_plot.h"
#include "studio_context.h"
#include "train/project_training.h"
#include "training_settings_form.h"

namespace mote::studio {
namespace {

constexpr int kPreviewDebounceMs = 200;
constexpr int kMaxListedSamples = 500;   // the preview's sample list (first N by id)
constexpr size_t kMaxScatterPoints = 3000;
constexpr int kListedFeatures = 24;      // most discriminative features offered in the distribution view

// Two DSP JSON objects describe the same block once defaults are filled in
// (a stored impulse may hold a partial object) — rate excluded: it is the input's.
bool sameDsp(const nlohmann::json& a, const nlohmann::json& b) {
    auto pa = dsp::dspConfigFromJson(a);
    auto pb = dsp::dspConfigFromJson(b);
    if (!pa || !pb)
        return a == b;
    pa->sampleRateHz = pb->sampleRateHz = 0;
    return dsp::dspConfigToJson(*pa) == dsp::dspConfigToJson(*pb);
}

QGroupBox* group(const QString& title, QWidget* content, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}

QChartView* makeChartView(const QString& title, QWidget* parent) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 220);
    return view;
}

}  // namespace

ImpulsePage::ImpulsePage(StudioContext& context, QWidget* parent) : QWidget(parent), m_context(context) {
    m_preview = new FeaturePreviewJob(this);
    m_explorer = new FeatureExplorerJob(this);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kPreviewDebounceMs);

    auto* layout = new QVBoxLayout(this);
    auto* header = new QHBoxLayout;
    auto* title = new QLabel(tr("<b style='font-size:15pt'>Impulse</b>"), this);
    m_versionLabel = new QLabel(this);
    m_revert = new QPushButton(tr("Revert"), this);
    m_save = new QPushButton(tr("Save impulse"), this);
    m_save->setShortcut(QKeySequence::Save);
    m_save->setDefault(true);
    header->addWidget(title);
    header->addSpacing(12);
    header->addWidget(m_versionLabel, 1);
    header->addWidget(m_revert);
    header->addWidget(m_save);
    layout->addLayout(header);

    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(buildEditor());
    scroll->setMinimumWidth(400);
    split->addWidget(scroll);
    auto* right = new QWidget(split);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(buildPreview(), 2);
    rightLayout->addWidget(buildExplorer(), 3);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({420, 800});
    layout->addWidget(split, 1);

    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(m_revert, &QPushButton::clicked, this, &ImpulsePage::reload);
    connect(&m_debounce, &QTimer::timeout, this, &ImpulsePage::requestPreview);
    connect(m_preview, &FeaturePreviewJob::ready, this, &ImpulsePage::showPreview);
    connect(m_explorer, &FeatureExplorerJob::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_explorerInfo->setText(tr("Computing features: %1 / %2 samples").arg(done).arg(total));
    });
    connect(m_explorer, &FeatureExplorerJob::finished, this, &ImpulsePage::onExplorerFinished);
    connect(&m_context, &StudioContext::projectChanged, this, &ImpulsePage::loadFromProject);
    connect(&m_context, &StudioContext::datasetChanged, this, [this] {
        // Until an impulse is saved, its defaults follow the samples (sensor
        // type, sample rate): refresh them unless the user has edited the form.
        const bool untouched = m_storedVersion == 0 && editedConfig() == m_stored;
        if (untouched && m_context.project() != nullptr) {
            loadFromProject();
            return;
        }
        reloadSamples();
    });
    loadFromProject();
}

ImpulsePage::~ImpulsePage() = default;

// ---- layout -------------------------------------------------------------------

QWidget* ImpulsePage::buildEditor() {
    auto* editor = new QWidget;
    auto* layout = new QVBoxLayout(editor);
    layout->setContentsMargins(0, 0, 6, 0);

    auto* input = new QWidget(editor);
    auto* inputForm = new QFormLayout(input);
    inputForm->setContentsMargins(0, 0, 0, 0);
    m_sensor = new QComboBox(input);
    m_axes = new QListWidget(input);
    m_axes->setFlow(QListView::LeftToRight);
    m_axes->setWrapping(true);
    m_axes->setSpacing(2);
    m_axes->setFixedHeight(56);
    m_rate = new QDoubleSpinBox(input);
    m_rate->setRange(1, 200000);
    m_rate->setDecimals(1);
    m_rate->setSuffix(tr(" Hz"));
    inputForm->addRow(tr("Sensor"), m_sensor);
    inputForm->addRow(tr("Axes"), m_axes);
    inputForm->addRow(tr("Sample rate"), m_rate);
    layout->addWidget(group(tr("Input"), input, editor));

    auto* window = new QWidget(editor);
    auto* windowForm = new QFormLayout(window);
    windowForm->setContentsMargins(0, 0, 0, 0);
    m_windowSize = new QSpinBox(window);
    m_windowSize->setRange(1, 600000);
    m_windowSize->setSuffix(tr(" ms"));
    m_windowStride = new QSpinBox(window);
    m_windowStride->setRange(1, 600000);
    m_windowStride->setSuffix(tr(" ms"));
    m_zeroPad = new QCheckBox(tr("Zero-pad samples shorter than a window"), window);
    windowForm->addRow(tr("Window size"), m_windowSize);
    windowForm->addRow(tr("Window stride"), m_windowStride);
    windowForm->addRow(QString(), m_zeroPad);
    layout->addWidget(group(tr("Window"), window, editor));

    m_dsp = new DspBlockEditor(editor);
    layout->addWidget(group(tr("Processing block"), m_dsp, editor));
    m_layers = new LayerListEditor(editor);
    layout->addWidget(group(tr("Network (hidden layers)"), m_layers, editor));
    m_training = new TrainingSettingsForm(editor);
    layout->addWidget(group(tr("Training"), m_training, editor));
    layout->addStretch();

    connect(m_sensor, &QComboBox::currentIndexChanged, this, [this] {
        if (m_loading)
            return;
        reloadAxes(m_sensor->currentData().toString(), {});
        onEdited();
    });
    connect(m_axes, &QListWidget::itemChanged, this, [this] { onEdited(); });
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this](double rate) {
        m_dsp->setSampleRate(rate);
        onEdited();
    });
    for (auto* box : {m_windowSize, m_windowStride})
        connect(box, &QSpinBox::valueChanged, this, [this] { onEdited(); });
    connect(m_zeroPad, &QCheckBox::toggled, this, [this] { onEdited(); });
    connect(m_dsp, &DspBlockEditor::changed, this, &ImpulsePage::onEdited);
    connect(m_layers, &LayerListEditor::changed, this, &ImpulsePage::onEdited);
    connect(m_training, &TrainingSettingsForm::changed, this, &ImpulsePage::onEdited);
    return editor;
}

QWidget* ImpulsePage::buildPreview() {
    auto* box = new QGroupBox(tr("Features of a sample"), this);
    auto* layout = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    m_sample = new QComboBox(box);
    m_sample->setMinimumWidth(220);
    m_sample->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_window = new QSpinBox(box);
    m_window->setPrefix(tr("window "));
    m_window->setRange(1, 1);
    m_previewInfo = new QLabel(box);
    m_previewInfo->setWordWrap(true);
    row->addWidget(new QLabel(tr("Sample"), box));
    row->addWidget(m_sample, 1);
    row->addWidget(m_window);
    layout->addLayout(row);
    m_featureView = new FeatureMatrixView(box);
    layout->addWidget(m_featureView, 1);
    layout->addWidget(m_previewInfo);
    connect(m_sample, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading)
            m_debounce.start();
    });
    connect(m_window, &QSpinBox::valueChanged, this, [this] { showPreview(m_previewSerial); });
    return box;
}

QWidget* ImpulsePage::buildExplorer() {
    auto* box = new QGroupBox(tr("Feature explorer (whole dataset)"), this);
    auto* layout = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    m_explore = new QPushButton(tr("Compute features"), box);
    m_cancelExplore = new QPushButton(tr("Cancel"), box);
    m_cancelExplore->setEnabled(false);
    m_progress = new QProgressBar(box);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setMaximumWidth(220);
    m_explorerInfo = new QLabel(tr("Do the classes separate? Compute features to see."), box);
    m_explorerInfo->setWordWrap(true);
    row->addWidget(m_explore);
    row->addWidget(m_cancelExplore);
    row->addWidget(m_progress);
    row->addWidget(m_explorerInfo, 1);
    layout->addLayout(row);

    auto* charts = new QHBoxLayout;
    m_pcaView = makeChartView(tr("PCA projection (each point = one window)"), box);
    charts->addWidget(m_pcaView, 1);
    auto* distBox = new QVBoxLayout;
    m_feature = new QComboBox(box);
    m_feature->setToolTip(tr("Features ranked by how well they separate the classes (Fisher score)"));
    distBox->addWidget(m_feature);
    m_distView = makeChartView(tr("Per-class distribution"), box);
    distBox->addWidget(m_distView, 1);
    charts->addLayout(distBox, 1);
    layout->addLayout(charts, 1);

    connect(m_explore, &QPushButton::clicked, this, &ImpulsePage::computeExplorer);
    connect(m_cancelExplore, &QPushButton::clicked, this, &ImpulsePage::cancelExplorer);
    connect(m_feature, &QComboBox::currentIndexChanged, this, &ImpulsePage::showDistribution);
    return box;
}

// ---- the impulse --------------------------------------------------------------------

void ImpulsePage::loadFromProject() {
    m_stored = impulse::ImpulseConfig{};
    m_storedVersion = 0;
    if (auto* project = m_context.project()) {
        auto current = train::currentImpulse(*project);
        if (current) {
            m_stored = current->config;
            m_storedVersion = current->version;
        } else {
            emit message(tr("Impulse: %1").arg(QString::fromStdString(current.message())));
        }
    }
    reloadSamples();
    loadIntoForms(m_stored);
    emit impulseSaved(m_storedVersion);
}

void ImpulsePage::reload() { loadIntoForms(m_stored); }

void ImpulsePage::setEditedConfig(const impulse::ImpulseConfig& config) { loadIntoForms(config); }

void ImpulsePage::loadIntoForms(const impulse::ImpulseConfig& c) {
    m_loading = true;
    int sensorIndex = m_sensor->findData(QString::fromStdString(c.input.sensor));
    if (sensorIndex < 0) {
        m_sensor->addItem(QString::fromStdString(c.input.sensor), QString::fromStdString(c.input.sensor));
        sensorIndex = m_sensor->count() - 1;
    }
    m_sensor->setCurrentIndex(sensorIndex);
    reloadAxes(QString::fromStdString(c.input.sensor), c.input.axes);
    m_rate->setValue(c.input.sampleRateHz);
    m_windowSize->setValue(c.window.sizeMs);
    m_windowStride->setValue(c.window.strideMs);
    m_zeroPad->setChecked(c.window.zeroPad);
    m_dsp->setDspJson(c.dsp, c.input.sampleRateHz);
    m_layers->setLayers(c.layers);
    m_training->setSettings(c.training);
    m_loading = false;
    updateDirty();
    m_debounce.start();
}

impulse::ImpulseConfig ImpulsePage::editedConfig() const {
    impulse::ImpulseConfig c = m_stored;
    c.input.sensor = m_sensor->currentData().toString().toStdString();
    std::vector<std::string> axes;
    bool all = true;
    for (int i = 0; i < m_axes->count(); ++i) {
        if (m_axes->item(i)->checkState() == Qt::Checked)
            axes.push_back(m_axes->item(i)->text().toStdString());
        else
            all = false;
    }
    // "every axis" stays implicit unless the stored impulse names them.
    c.input.axes = all && m_stored.input.axes.empty() ? std::vector<std::string>{} : axes;
    c.input.sampleRateHz = m_rate->value();
    c.window.sizeMs = m_windowSize->value();
    c.window.strideMs = m_windowStride->value();
    c.window.zeroPad = m_zeroPad->isChecked();
    const nlohmann::json dsp = m_dsp->dspJson();
    if (!sameDsp(dsp, m_stored.dsp))
        c.dsp = dsp;
    c.layers = m_layers->layers();
    c.training = m_training->settings();
    return c;
}

bool ImpulsePage::isDirty() const { return !(editedConfig() == m_stored) || m_storedVersion == 0; }

bool ImpulsePage::save() {
    auto* project = m_context.project();
    if (project == nullptr)
        return false;
    const impulse::ImpulseConfig config = editedConfig();
    if (auto valid = impulse::validate(config); !valid) {
        emit message(tr("Impulse not saved: %1").arg(QString::fromStdString(valid.message())));
        return false;
    }
    auto saved = train::saveImpulse(*project, config);
    if (!saved) {
        emit message(tr("Impulse not saved: %1").arg(QString::fromStdString(saved.message())));
        return false;
    }
    m_stored = saved->config;
    m_storedVersion = saved->version;
    updateDirty();
    emit message(tr("Impulse saved as version %1").arg(m_storedVersion));
    emit impulseSaved(m_storedVersion);
    return true;
}

void ImpulsePage::onEdited() {
    if (m_loading)
        return;
    updateDirty();
    m_debounce.start();
}

void ImpulsePage::updateDirty() {
    const bool dirty = isDirty();
    QString text = m_storedVersion > 0 ? tr("Version %1").arg(m_storedVersion) : tr("Default impulse (not saved yet)");
    if (dirty && m_storedVersion > 0)
        text += QStringLiteral("  <span style='color:#b26a00'>● %1</span>").arg(tr("unsaved changes"));
    else if (!dirty)
        text += QStringLiteral("  <span style='color:#2e7d32'>✓ %1</span>").arg(tr("saved"));
    m_versionLabel->setText(text);
    m_save->setEnabled(dirty);
    m_revert->setEnabled(dirty && m_storedVersion > 0);
}

// ---- samples and axes ------------------------------------------------------------------

void ImpulsePage::reloadSamples() {
    auto* store = m_context.store();
    const bool wasLoading = m_loading;
    m_loading = true;
    const int64_t previous = selectedSampleId();
    const QString sensor = m_sensor->currentData().toString();
    m_sample->clear();
    m_sensor->clear();
    m_sensor->addItem(tr("(any sensor)"), QString());
    if (store != nullptr) {
        auto samples = store->query({}, dataset::Page{0, kMaxListedSamples});
        std::set<std::string> sensors;
        if (samples) {
            for (const auto& s : *samples) {
                sensors.insert(s.sensor);
                m_sample->addItem(QStringLiteral("#%1  %2  (%3, %4 s)")
                                      .arg(s.id)
                                      .arg(QString::fromStdString(s.label), QString::fromStdString(s.sensor))
                                      .arg(s.durationMs() / 1000.0, 0, 'f', 1),
                                  QVariant::fromValue<qlonglong>(s.id));
                m_sample->setItemData(m_sample->count() - 1, QString::fromStdString(s.sensor), Qt::UserRole + 1);
                QStringList axes;
                for (const auto& a : s.axisNames)
                    axes << QString::fromStdString(a);
                m_sample->setItemData(m_sample->count() - 1, axes, Qt::UserRole + 2);
            }
        }
        for (const auto& s : sensors)
            m_sensor->addItem(QString::fromStdString(s), QString::fromStdString(s));
    }
    int sensorIndex = m_sensor->findData(sensor);
    if (sensorIndex < 0 && !sensor.isEmpty()) {
        m_sensor->addItem(sensor, sensor);
        sensorIndex = m_sensor->count() - 1;
    }
    m_sensor->setCurrentIndex(std::max(0, sensorIndex));
    const int sampleIndex = m_sample->findData(QVariant::fromValue<qlonglong>(previous));
    m_sample->setCurrentIndex(sampleIndex >= 0 ? sampleIndex : (m_sample->count() > 0 ? 0 : -1));
    m_loading = wasLoading;
    if (!m_loading)
        m_debounce.start();
}

void ImpulsePage::reloadAxes(const QString& sensor, const std::vector<std::string>& checked) {
    QStringList names;
    for (int i = 0; i < m_sample->count(); ++i) {
        if (!sensor.isEmpty() && m_sample->itemData(i, Qt::UserRole + 1).toString() != sensor)
            continue;
        for (const auto& a : m_sample->itemData(i, Qt::UserRole + 2).toStringList())
            if (!names.contains(a))
                names << a;
    }
    for (const auto& a : checked)
        if (!names.contains(QString::fromStdString(a)))
            names << QString::fromStdString(a);
    const QSignalBlocker block(m_axes);
    m_axes->clear();
    for (const auto& name : names) {
        auto* item = new QListWidgetItem(name, m_axes);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        const bool on = checked.empty() ||
                        std::find(checked.begin(), checked.end(), name.toStdString()) != checked.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

// ---- live preview -----------------------------------------------------------------------

void ImpulsePage::selectSample(int64_t id) {
    const int index = m_sample->findData(QVariant::fromValue<qlonglong>(id));
    if (index >= 0)
        m_sample->setCurrentIndex(index);
}

int64_t ImpulsePage::selectedSampleId() const {
    return m_sample->currentIndex() >= 0 ? m_sample->currentData().toLongLong() : 0;
}

bool ImpulsePage::previewPending() const {
    return m_debounce.isActive() || m_preview->isBusy() || m_previewSerial != m_preview->latest().serial;
}

QString ImpulsePage::previewStatus() const { return m_previewStatus; }

void ImpulsePage::requestPreview() {
    auto* store = m_context.store();
    const int64_t id = selectedSampleId();
    if (store == nullptr || id == 0) {
        m_featureView->clear(tr("Record or import a sample to see its features"));
        m_previewStatus = tr("no sample");
        return;
    }
    const impulse::ImpulseConfig config = editedConfig();
    auto request = features::requestFromImpulse(config);
    if (!request) {
        m_featureView->clear(QString::fromStdString(request.message()));
        m_previewStatus = QString::fromStdString(request.message());
        return;
    }
    auto sample = store->load(id);
    if (!sample) {
        m_featureView->clear(QString::fromStdString(sample.message()));
        m_previewStatus = QString::fromStdString(sample.message());
        return;
    }
    m_previewAxes.clear();
    for (const auto& a : config.input.axes.empty() ? sample->axisNames : config.input.axes)
        m_previewAxes << QString::fromStdString(a);
    m_previewSerial = m_preview->request(std::move(*sample), std::move(*request));
}

void ImpulsePage::showPreview(int serial) {
    if (serial != m_previewSerial || m_preview->latest().serial != serial)
        return;  // a newer request is on its way
    const FeaturePreview& p = m_preview->latest();
    if (!p.error.isEmpty()) {
        m_featureView->clear(p.error);
        m_previewInfo->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(p.error.toHtmlEscaped()));
        m_previewStatus = p.error;
        m_layers->setInputShape({}, 0);
        return;
    }
    const auto& f = p.features;
    const int rows = static_cast<int>(f.windowShape.rows), cols = static_cast<int>(f.windowShape.cols);
    {
        const QSignalBlocker block(m_window);
        m_window->setRange(1, std::max<int>(1, static_cast<int>(f.windows)));
    }
    int classes = 0;
    if (auto* store = m_context.store())
        if (auto counts = store->countsByLabel()) {
            std::set<std::string> labels;
            for (const auto& c : *counts)
                labels.insert(c.label);
            classes = static_cast<int>(labels.size());
        }
    m_layers->setInputShape(rows == 1 ? std::vector<int>{cols} : std::vector<int>{rows, cols}, classes);
    if (f.windows == 0) {
        m_featureView->clear(tr("The sample is shorter than one window (turn on zero-padding)"));
        m_previewStatus = tr("no window");
        return;
    }
    const size_t perWindow = f.windowShape.size();
    const size_t w = static_cast<size_t>(m_window->value() - 1);
    std::vector<float> values(f.values.begin() + static_cast<std::ptrdiff_t>(w * perWindow),
                              f.values.begin() + static_cast<std::ptrdiff_t>((w + 1) * perWindow));
    const dsp::DspConfig dsp = m_dsp->config();
    const QString block = QString::fromLatin1(dsp::blockKindName(dsp.kind)).toUpper();
    const QString caption = tr("%1 — window %2 of %3, %4 × %5").arg(block).arg(w + 1).arg(f.windows).arg(rows).arg(cols);
    switch (dsp.kind) {
    case dsp::BlockKind::kMfe:
    case dsp::BlockKind::kMfcc:
        m_featureView->setMatrix(std::move(values), rows, cols, FeatureMatrixView::Mode::Image, caption);
        break;
    case dsp::BlockKind::kSpectral:
        m_featureView->setMatrix(std::move(values), 1, rows * cols, FeatureMatrixView::Mode::Bars, caption,
                                 static_cast<int>(m_previewAxes.size()), m_previewAxes);
        break;
    case dsp::BlockKind::kRaw:
        m_featureView->setMatrix(std::move(values), rows, cols, FeatureMatrixView::Mode::Lines, caption);
        break;
    }
    m_previewStatus = QStringLiteral("ok");
    m_previewInfo->setText(tr("%1 windows × %2 features, computed in %3 ms off the GUI thread")
                               .arg(f.windows)
                               .arg(perWindow)
                               .arg(p.milliseconds, 0, 'f', 1));
}

// ---- feature explorer ------------------------------------------------------------------------

void ImpulsePage::computeExplorer() {
    auto* project = m_context.project();
    if (project == nullptr || m_explorer->isRunning())
        return;
    auto request = features::requestFromImpulse(editedConfig());
    if (!request) {
        m_explorerStatus = QString::fromStdString(request.message());
        m_explorerInfo->setText(m_explorerStatus);
        return;
    }
    m_explorerStatus = QStringLiteral("running");
    m_explorerInfo->setText(tr("Computing features…"));
    m_progress->setRange(0, 0);
    m_explore->setEnabled(false);
    m_cancelExplore->setEnabled(true);
    m_explorer->start(project->databaseFile(), project->artifactsDir() / "features", *request);
}

void ImpulsePage::cancelExplorer() { m_explorer->cancel(); }

QString ImpulsePage::explorerStatus() const { return m_explorerStatus; }

int ImpulsePage::pcaPointCount() const { return m_pcaPoints; }

void ImpulsePage::onExplorerFinished() {
    m_explore->setEnabled(true);
    m_cancelExplore->setEnabled(false);
    const ExplorerOutcome& out = m_explorer->outcome();
    m_progress->setRange(0, 1);
    m_progress->setValue(out.ok ? 1 : 0);
    if (!out.ok) {
        m_explorerStatus = out.cancelled ? QStringLiteral("cancelled") : out.error;
        m_explorerInfo->setText(out.cancelled ? tr("Cancelled — features computed so far stay cached")
                                              : QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(out.error.toHtmlEscaped()));
        return;
    }
    m_explorerStatus = QStringLiteral("ok");
    const auto& set = out.set;
    const auto& e = out.exploration;
    m_explorerInfo->setText(tr("%1 windows from %2 samples (%3 from cache) in %4 s · nearest-centroid accuracy %5%")
                                .arg(set.windows())
                                .arg(set.samplesUsed)
                                .arg(set.cacheHits)
                                .arg(out.seconds, 0, 'f', 2)
                                .arg(e.nearestCentroidAccuracy * 100, 0, 'f', 1));

    // PCA scatter: one series per class, evenly thinned to kMaxScatterPoints.
    QChart* chart = m_pcaView->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    const size_t windows = set.windows();
    const size_t step = std::max<size_t>(1, (windows + kMaxScatterPoints - 1) / kMaxScatterPoints);
    std::vector<QScatterSeries*> series;
    for (size_t c = 0; c < set.classes.size(); ++c) {
        auto* s = new QScatterSeries;
        s->setName(QString::fromStdString(set.classes[c]));
        s->setMarkerSize(7);
        s->setColor(SignalPlot::channelColor(static_cast<int>(c)));
        s->setBorderColor(Qt::transparent);
        series.push_back(s);
    }
    m_pcaPoints = 0;
    float xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    bool first = true;
    const size_t comps = e.pca.components;
    for (size_t w = 0; w < windows && comps >= 2; w += step) {
        const float x = e.pca.projection[w * comps], y = e.pca.projection[w * comps + 1];
        series[static_cast<size_t>(set.labels[w])]->append(x, y);
        ++m_pcaPoints;
        if (first) {
            xMin = xMax = x;
            yMin = yMax = y;
            first = false;
        }
        xMin = std::min(xMin, x), xMax = std::max(xMax, x), yMin = std::min(yMin, y), yMax = std::max(yMax, y);
    }
    auto* ax = new QValueAxis;
    auto* ay = new QValueAxis;
    const double px = (xMax - xMin) * 0.05 + 1e-6, py = (yMax - yMin) * 0.05 + 1e-6;
    ax->setRange(xMin - px, xMax + px);
    ay->setRange(yMin - py, yMax + py);
    ax->setTitleText(comps >= 1 && !e.pca.explainedRatio.empty()
                         ? tr("PC1 (%1%)").arg(e.pca.explainedRatio[0] * 100, 0, 'f', 0)
                         : tr("PC1"));
    ay->setTitleText(comps >= 2 && e.pca.explainedRatio.size() >= 2
                         ? tr("PC2 (%1%)").arg(e.pca.explainedRatio[1] * 100, 0, 'f', 0)
                         : tr("PC2"));
    ax->setLabelFormat(QStringLiteral("%.1f"));
    ay->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    for (auto* s : series) {
        chart->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
    }

    // The distribution view offers the most discriminative features.
    const QSignalBlocker block(m_feature);
    m_feature->clear();
    auto request = features::requestFromImpulse(editedConfig());
    std::vector<std::string> axisNames;
    for (const auto& a : m_previewAxes)
        axisNames.push_back(a.toStdString());
    const auto axisCount = static_cast<uint32_t>(std::max<qsizetype>(1, m_previewAxes.size()));
    for (size_t r = 0; r < e.rankedFeatures.size() && r < static_cast<size_t>(kListedFeatures); ++r) {
        const size_t f = e.rankedFeatures[r];
        const QString name = request ? QString::fromStdString(features::featureName(request->dsp, axisNames, axisCount,
                                                                                    static_cast<uint32_t>(f)))
                                     : tr("feature %1").arg(f);
        m_feature->addItem(tr("#%1  %2  (Fisher %3)").arg(r + 1).arg(name).arg(e.fisherScore[f], 0, 'f', 2),
                           static_cast<qulonglong>(f));
    }
    showDistribution();
}

void ImpulsePage::showDistribution() {
    QChart* chart = m_distView->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    const ExplorerOutcome& out = m_explorer->outcome();
    if (!out.ok || m_feature->currentIndex() < 0)
        return;
    const auto& e = out.exploration;
    const size_t f = m_feature->currentData().toULongLong();
    const size_t bins = e.bins;
    const double lo = e.binLow[f], hi = e.binHigh[f];
    const double width = bins > 0 ? (hi - lo) / static_cast<double>(bins) : 1.0;
    auto* ax = new QValueAxis;
    auto* ay = new QValueAxis;
    ax->setRange(lo, hi > lo ? hi : lo + 1);
    ax->setTitleText(tr("feature value"));
    ay->setTitleText(tr("share of windows"));
    ax->setLabelFormat(QStringLiteral("%.2g"));
    ay->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    double peak = 0.01;
    for (size_t c = 0; c < e.classes.size(); ++c) {
        const auto& cls = e.classes[c];
        auto* s = new QLineSeries;
        s->setName(QString::fromStdString(cls.label));
        QPen pen(SignalPlot::channelColor(static_cast<int>(c)));
        pen.setWidthF(2.0);
        s->setPen(pen);
        for (size_t b = 0; b < bins; ++b) {
            const double share = cls.windows > 0 ? static_cast<double>(cls.histogram[f * bins + b]) / cls.windows : 0.0;
            peak = std::max(peak, share);
            s->append(lo + width * (static_cast<double>(b) + 0.5), share);
        }
        chart->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    ay->setRange(0, peak * 1.1);
}

}  // namespace mote::studio
