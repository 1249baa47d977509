#include "live_page.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <nlohmann/json.hpp>

#include "board_link.h"
#include "firmware/board_profile.h"
#include "memory_bar.h"
#include "score_chart.h"
#include "signal_plot.h"
#include "studio_context.h"

namespace mote::studio {
namespace {

constexpr double kScoreWindowSeconds = 30.0;
constexpr double kSignalWindowSeconds = 10.0;
constexpr int kAckPollMs = 25;
constexpr int kAckTimeoutMs = 3000;

QString cyclesText(uint64_t cycles) {
    if (cycles >= 1000000)
        return QObject::tr("%1 M cycles").arg(static_cast<double>(cycles) / 1e6, 0, 'f', 2);
    if (cycles >= 1000)
        return QObject::tr("%1 k cycles").arg(static_cast<double>(cycles) / 1e3, 0, 'f', 1);
    return QObject::tr("%1 cycles").arg(cycles);
}

// "m/s2 · deg/s" for a sensor whose axes mix units (an IMU), so gyro axes
// are not labelled with the accelerometer's unit.
QString unitsText(const std::vector<std::string>& units) {
    QStringList unique;
    for (const auto& u : units)
        if (const QString q = QString::fromStdString(u); !q.isEmpty() && !unique.contains(q))
            unique << q;
    return unique.join(QStringLiteral(" · "));
}

}  // namespace

LivePage::LivePage(StudioContext& context, BoardLink& board, QWidget* parent)
    : QWidget(parent), m_context(context), m_board(board) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(10);

    // ---- controls ----
    auto* controls = new QHBoxLayout;
    m_start = new QPushButton(tr("Start live inference"));
    m_start->setMinimumHeight(40);
    m_start->setStyleSheet(QStringLiteral(
        "QPushButton { font-weight: bold; background: #2f6fde; color: white; border-radius: 6px; padding: 6px 20px; }"
        " QPushButton:disabled { background: #a9bfe8; }"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setMinimumHeight(40);
    m_stop->setEnabled(false);
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Sensor")));
    m_sensorCombo = new QComboBox;
    m_sensorCombo->setMinimumContentsLength(10);
    controls->addWidget(m_sensorCombo);
    controls->addWidget(new QLabel(tr("Stride")));
    m_stride = new QSpinBox;
    m_stride->setRange(0, 1000000);
    m_stride->setSpecialValueText(tr("impulse default"));
    m_stride->setSuffix(tr(" samples"));
    m_stride->setMinimumWidth(150);
    controls->addWidget(m_stride);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    controls->addSpacing(12);
    controls->addWidget(m_status, 1);
    layout->addLayout(controls);

    // ---- label, timing, memory | charts ----
    auto* body = new QHBoxLayout;
    auto* side = new QVBoxLayout;
    auto* labelBox = new QGroupBox(tr("Current label"));
    auto* labelLayout = new QVBoxLayout(labelBox);
    m_label = new QLabel(QStringLiteral("—"));
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setMinimumHeight(90);
    m_label->setStyleSheet(QStringLiteral("font-size: 34pt; font-weight: bold; color: #2f6fde;"));
    labelLayout->addWidget(m_label);
    m_labelDetail = new QLabel(tr("smoothed: majority of the last 5 results, EMA score ≥ 0.5"));
    m_labelDetail->setAlignment(Qt::AlignCenter);
    m_labelDetail->setWordWrap(true);
    m_labelDetail->setStyleSheet(QStringLiteral("color: #555b63;"));
    labelLayout->addWidget(m_labelDetail);
    side->addWidget(labelBox);

    auto* timingBox = new QGroupBox(tr("Time per inference (on the board)"));
    auto* timingLayout = new QVBoxLayout(timingBox);
    m_timing = new QLabel(tr("—"));
    m_timing->setTextFormat(Qt::RichText);
    m_timing->setWordWrap(true);
    timingLayout->addWidget(m_timing);
    side->addWidget(timingBox);

    auto* memoryBox = new QGroupBox(tr("Board memory"));
    auto* memoryLayout = new QVBoxLayout(memoryBox);
    m_modelInfo = new QLabel;
    m_modelInfo->setWordWrap(true);
    memoryLayout->addWidget(m_modelInfo);
    m_flashBar = new MemoryBar(tr("Flash"));
    m_ramBar = new MemoryBar(tr("RAM"));
    memoryLayout->addWidget(m_flashBar);
    memoryLayout->addWidget(m_ramBar);
    m_memory = new QLabel;
    m_memory->setWordWrap(true);
    m_memory->setStyleSheet(QStringLiteral("color: #555b63;"));
    memoryLayout->addWidget(m_memory);
    side->addWidget(memoryBox);
    side->addStretch();
    body->addLayout(side, 3);

    auto* charts = new QVBoxLayout;
    auto* scoresBox = new QGroupBox(tr("Class scores, last 30 s"));
    m_scores = new ScoreChart;
    (new QVBoxLayout(scoresBox))->addWidget(m_scores);
    charts->addWidget(scoresBox, 3);
    auto* signalBox = new QGroupBox(tr("Signal"));
    m_signal = new SignalPlot;
    m_signal->setPlaceholder(tr("The sensor's signal appears here while live inference runs."));
    (new QVBoxLayout(signalBox))->addWidget(m_signal);
    charts->addWidget(signalBox, 2);
    body->addLayout(charts, 7);
    layout->addLayout(body, 1);

    m_ackTimer.setInterval(kAckPollMs);
    connect(&m_ackTimer, &QTimer::timeout, this, &LivePage::pollAck);
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &LivePage::stop);
    connect(&m_board, &BoardLink::capabilitiesChanged, this, &LivePage::onBoardChanged);
    connect(&m_board, &BoardLink::stateChanged, this, [this] { onBoardChanged(); });
    connect(&m_board, &BoardLink::inferenceArrived, this, &LivePage::onResult);
    connect(&m_board, &BoardLink::samplesArrived, this, &LivePage::onSamples);
    onBoardChanged();
}

LivePage::~LivePage() = default;

bool LivePage::boardIsEmulated() const {
    const auto caps = m_board.capabilities();
    if (!caps)
        return false;
    if (auto profiles = firmware::loadBoardProfiles(firmware::defaultBoardsDir()))
        for (const auto& p : *profiles)
            if (p.name == caps->boardName)
                return p.emulated;
    // Boards without a profile: the simulator and QEMU name themselves.
    return caps->boardName.find("qemu") != std::string::npos || caps->boardName.find("sim") != std::string::npos;
}

void LivePage::onBoardChanged() {
    const auto caps = m_board.capabilities();
    const bool connected = m_board.isConnected() && m_board.mode() == BoardLink::Mode::Protocol && caps;
    if (!connected && m_running)
        setRunning(false);
    const QString previous = m_sensorCombo->currentText();
    m_sensorCombo->clear();
    if (connected)
        for (const auto& s : caps->sensors)
            m_sensorCombo->addItem(QString::fromStdString(s.name));
    const int index = m_sensorCombo->findText(previous);
    if (index >= 0)
        m_sensorCombo->setCurrentIndex(index);
    m_start->setEnabled(connected && caps->model.has_value() && !m_running);
    if (!connected)
        setStatus(tr("Connect a board carrying a model (Deployment page) to run live inference."));
    else if (!caps->model)
        setStatus(tr("%1 carries no model: deploy one from the Deployment page.")
                      .arg(QString::fromStdString(caps->boardName)));
    else if (!m_running)
        setStatus(tr("Ready: %1 runs model %2.")
                      .arg(QString::fromStdString(caps->boardName), QString::fromStdString(caps->model->id)));
    updateBoardFigures();
}

void LivePage::updateBoardFigures() {
    const auto caps = m_board.capabilities();
    if (!caps || !m_board.isConnected()) {
        m_modelInfo->setText(tr("No board connected."));
        m_flashBar->clearUsage(tr("no board"));
        m_ramBar->clearUsage(tr("no board"));
        m_memory->clear();
        return;
    }
    QString info = tr("<b>%1</b> · firmware %2").arg(QString::fromStdString(caps->boardName).toHtmlEscaped(),
                                                    QString::fromStdString(caps->firmwareVersion).toHtmlEscaped());
    if (caps->model) {
        QStringList labels;
        for (const auto& l : caps->model->labels)
            labels << QString::fromStdString(l);
        info += tr("<br>model <b>%1</b> (%2…) · labels: %3")
                    .arg(QString::fromStdString(caps->model->id).toHtmlEscaped(),
                         QString::fromStdString(caps->model->hash.substr(0, 12)),
                         labels.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    m_modelInfo->setText(info);

    // The size report of the deployment that put this model on the board.
    std::optional<nlohmann::json> detail;
    if (auto* store = m_context.store(); store && caps->model)
        if (auto deployments = store->listDeployments())
            for (auto it = deployments->rbegin(); it != deployments->rend() && !detail; ++it) {
                if (it->status != "verified")
                    continue;
                auto j = nlohmann::json::parse(it->detailJson, nullptr, false);
                if (j.is_object() && j.value("model_hash", std::string()) == caps->model->hash)
                    detail = j;
            }
    if (detail) {
        const uint64_t flash = detail->value("flash_bytes", uint64_t{0});
        const uint64_t ram = detail->value("ram_bytes", uint64_t{0});
        const uint64_t weights = std::min(flash, detail->value("weights_bytes", uint64_t{0}));
        const uint64_t arena = std::min(ram, detail->value("arena_bytes", uint64_t{0}));
        using firmware::UsageCategory;
        m_flashBar->setUsage({{tr("Model weights"), weights, MemoryBar::categoryColor(UsageCategory::ModelWeights)},
                              {tr("Agent, kernels, other"), flash - weights,
                               MemoryBar::categoryColor(UsageCategory::Code)}},
                             caps->flashBytes);
        m_ramBar->setUsage({{tr("Tensor arena"), arena, MemoryBar::categoryColor(UsageCategory::Arena)},
                            {tr("Agent, stack, other"), ram - arena,
                             MemoryBar::categoryColor(UsageCategory::OtherRam)}},
                           caps->ramBytes);
        m_memory->setText(tr("Firmware size report of the verified deployment; limits as the board reports them."));
    } else {
        m_flashBar->clearUsage(tr("board has %1").arg(MemoryBar::humanBytes(caps->flashBytes)));
        m_ramBar->clearUsage(tr("board has %1").arg(MemoryBar::humanBytes(caps->ramBytes)));
        m_memory->setText(caps->model ? tr("No size report: this model was not deployed from this project.")
                                      : QString());
    }
}

bool LivePage::start() {
    if (m_running || m_pendingSeq)
        return false;
    auto* session = m_board.session();
    const auto caps = m_board.capabilities();
    if (!session || !caps || !m_board.isConnected()) {
        setStatus(tr("No board connected."), true);
        return false;
    }
    if (!caps->model) {
        setStatus(tr("The board carries no model: deploy one first."), true);
        return false;
    }
    m_sensor = m_sensorCombo->currentText();
    if (m_sensor.isEmpty() && !caps->sensors.empty())
        m_sensor = QString::fromStdString(caps->sensors.front().name);
    // Scores and the signal share the board stream: stop the scope's preview.
    m_board.stopStream();
    auto seq = session->startInference(m_sensor.toStdString(), static_cast<uint32_t>(m_stride->value()));
    if (!seq) {
        setStatus(tr("Live inference did not start: %1").arg(QString::fromStdString(seq.message())), true);
        return false;
    }
    std::vector<std::string> labels = caps->model->labels;
    m_live = std::make_unique<device::LiveInference>(labels);
    QStringList names;
    for (const auto& l : labels)
        names << QString::fromStdString(l);
    m_scores->setLabels(names, kScoreWindowSeconds);
    m_results = 0;
    if (const auto* sensor = caps->findSensor(m_sensor.toStdString())) {
        QStringList axes;
        for (const auto& a : sensor->axes)
            axes << QString::fromStdString(a);
        m_signal->setChannels(axes, unitsText(sensor->units));
        m_sensorRates = sensor->ratesHz;
        const double rate = sensor->ratesHz.empty() ? 100.0 : static_cast<double>(sensor->ratesHz.front());
        m_signal->setLiveWindow(kSignalWindowSeconds, rate);
    }
    m_framesSeen = 0;
    m_rateChecked = false;
    m_streamClock.invalidate();
    m_pendingSeq = *seq;
    m_ackPolls = 0;
    m_ackTimer.start();
    setRunning(true);
    setStatus(tr("Starting live inference on %1…").arg(m_sensor));
    return true;
}

void LivePage::pollAck() {
    auto* session = m_board.session();
    if (!m_pendingSeq || !session) {
        m_ackTimer.stop();
        m_pendingSeq.reset();
        return;
    }
    // A zero timeout only looks at the replies already received.
    auto reply = session->waitReply(*m_pendingSeq, std::chrono::milliseconds(0));
    ++m_ackPolls;
    // "did not answer" = no Ack yet (the session's wording has varied:
    // "board did not answer…", "board on <port> did not answer…").
    const bool noAnswerYet = !reply && reply.message().find("did not answer command") != std::string::npos;
    if (noAnswerYet && m_ackPolls * kAckPollMs < kAckTimeoutMs)
        return;
    m_ackTimer.stop();
    m_pendingSeq.reset();
    if (reply) {
        setStatus(tr("Live inference running on %1 (%2).")
                      .arg(m_sensor, boardIsEmulated() ? tr("emulated board") : tr("board")));
        return;
    }
    setRunning(false);
    setStatus(tr("Live inference did not start: %1").arg(QString::fromStdString(reply.message())), true);
}

void LivePage::stop() {
    m_ackTimer.stop();
    m_pendingSeq.reset();
    if (auto* session = m_board.session(); session && m_running)
        (void)session->stopInference();  // acked; nothing to wait for
    setRunning(false);
    if (m_board.isConnected())
        setStatus(tr("Stopped after %1 results.").arg(m_results));
}

void LivePage::setRunning(bool running) {
    m_running = running;
    const auto caps = m_board.capabilities();
    m_start->setEnabled(!running && m_board.isConnected() && caps && caps->model);
    m_stop->setEnabled(running);
    m_sensorCombo->setEnabled(!running);
    m_stride->setEnabled(!running);
}

void LivePage::onResult(const protocol::InferenceResultMessage& message) {
    // Results from a session we did not start (e.g. the CLI left it
    // running), or already on the wire when Stop was pressed.
    if (!m_live || !m_running)
        return;
    m_live->push(message);
    for (const device::LiveResult& r : m_live->drain()) {
        ++m_results;
        m_scores->addScores(r.hostSeconds, r.smoothedScores.empty() ? r.scores : r.smoothedScores);
        const bool uncertain = r.smoothedIndex < 0;
        m_label->setText(QString::fromStdString(r.smoothedLabel));
        m_label->setStyleSheet(QStringLiteral("font-size: 34pt; font-weight: bold; color: %1;")
                                   .arg(uncertain ? QStringLiteral("#9aa0a6")
                                                  : SignalPlot::channelColor(r.smoothedIndex).name()));
        const float top = r.topIndex >= 0 && r.topIndex < static_cast<int>(r.scores.size())
                              ? r.scores[static_cast<size_t>(r.topIndex)]
                              : 0.0f;
        m_labelDetail->setText(tr("latest window: %1 (%2) · result #%3")
                                   .arg(QString::fromStdString(r.topLabel))
                                   .arg(static_cast<double>(top), 0, 'f', 2)
                                   .arg(r.index + 1));
        const QString emulated = boardIsEmulated()
                                     ? tr("<br><span style='color:#8a6d00'>emulated: cycles are QEMU -icount "
                                          "instruction counts, not silicon</span>")
                                     : QString();
        m_timing->setText(tr("<table cellspacing='4'>"
                             "<tr><td><b>DSP</b></td><td align='right'>%1 µs</td><td align='right'>%2</td></tr>"
                             "<tr><td><b>Model</b></td><td align='right'>%3 µs</td><td align='right'>%4</td></tr>"
                             "<tr><td><b>Total</b></td><td align='right'>%5 µs</td><td align='right'>%6</td></tr>"
                             "</table>%7")
                              .arg(r.dspUs)
                              .arg(cyclesText(r.dspCycles))
                              .arg(r.modelUs)
                              .arg(cyclesText(r.modelCycles))
                              .arg(r.dspUs + r.modelUs)
                              .arg(cyclesText(r.dspCycles + r.modelCycles))
                              .arg(emulated));
    }
}

void LivePage::onSamples(const QString& sensor, int axisCount, const std::vector<float>& values) {
    if (!m_running || sensor != m_sensor || axisCount <= 0 ||
        axisCount != static_cast<int>(m_signal->channels().size()))
        return;
    const size_t frames = values.size() / static_cast<size_t>(axisCount);
    if (!m_streamClock.isValid())
        m_streamClock.start();
    m_framesSeen += static_cast<qint64>(frames);
    if (!m_rateChecked && m_streamClock.elapsed() >= 2000 && !m_sensorRates.empty()) {
        m_rateChecked = true;
        const double measured = 1000.0 * static_cast<double>(m_framesSeen) / static_cast<double>(m_streamClock.elapsed());
        double best = m_sensorRates.front();
        for (float r : m_sensorRates)
            if (std::abs(r - measured) < std::abs(best - measured))
                best = r;
        if (std::abs(best - m_signal->sampleRate()) > 0.01 * best)
            m_signal->setLiveWindow(kSignalWindowSeconds, best);
    }
    m_signal->appendFrames(values.data(), frames);
}

void LivePage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
    if (error)
        emit message(text);
}

QString LivePage::currentLabel() const { return m_label->text(); }
QString LivePage::timingText() const { return m_timing->text(); }
QString LivePage::statusText() const { return m_status->text(); }
QString LivePage::boardMemoryText() const {
    return m_flashBar->caption() + QStringLiteral(" | ") + m_ramBar->caption();
}

}  // namespace mote::studio
