#include "demo_dialog.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "firmware/board_profile.h"
#include "install_paths.h"

namespace mote::studio {

namespace {

const char* const kStages[] = {"board", "collect", "train", "quantize", "deploy", "live", "evaluate"};

QString stageTitle(const QString& stage) {
    if (stage == "board") return QObject::tr("Boot the board");
    if (stage == "collect") return QObject::tr("Collect a motion dataset from its IMU");
    if (stage == "train") return QObject::tr("Train (external PyTorch trainer)");
    if (stage == "quantize") return QObject::tr("Quantize to int8");
    if (stage == "deploy") return QObject::tr("Generate, build, flash, verify");
    if (stage == "live") return QObject::tr("Live inference on the board");
    return QObject::tr("Evaluate the test split on the board");
}

QString pct(double v) { return QString::number(v * 100, 'f', 1) + QLatin1Char('%'); }

}  // namespace

DemoDialog::DemoDialog(const QString& projectDir, QWidget* parent) : QDialog(parent), m_projectDir(projectDir) {
    setWindowTitle(tr("Run the demo"));
    resize(760, 620);
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The whole TinyML loop without hardware: the studio boots an emulated board, records "
                                "four motion patterns from its simulated IMU, trains, quantizes, deploys the model "
                                "and checks that the board computes what the studio computes. About 3 minutes.<br>"
                                "Project: <b>%1</b>")
                                 .arg(projectDir.toHtmlEscaped()));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* boardRow = new QHBoxLayout;
    boardRow->addWidget(new QLabel(tr("Board")));
    m_board = new QComboBox;
    m_board->addItem(tr("Emulated Cortex-M4 (QEMU mps2-an386)"), QStringLiteral("qemu-mps2-an386"));
    m_board->addItem(tr("Simulated board (host process)"), QStringLiteral("host-sim"));
    boardRow->addWidget(m_board, 1);
    layout->addLayout(boardRow);
    m_stages = new QListWidget;
    for (const char* s : kStages) {
        auto* item = new QListWidgetItem(QStringLiteral("○  ") + stageTitle(QString::fromLatin1(s)));
        item->setData(Qt::UserRole, QString::fromLatin1(s));
        m_stages->addItem(item);
    }
    m_stages->setMaximumHeight(170);
    layout->addWidget(m_stages);
    m_log = new QPlainTextEdit;
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFont(QStringLiteral("monospace"), 9));
    layout->addWidget(m_log, 1);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    auto* buttons = new QDialogButtonBox;
    m_start = buttons->addButton(tr("Start"), QDialogButtonBox::AcceptRole);
    m_cancelButton = buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        m_cancel = true;
        m_log->appendPlainText(tr("Cancelling…"));
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    updateButtons();
}

DemoDialog::~DemoDialog() {
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void DemoDialog::setDemoScale(double secondsPerLabel, int epochs, double liveSeconds) {
    m_secondsPerLabel = secondsPerLabel;
    m_epochs = epochs;
    m_liveSeconds = liveSeconds;
}

bool DemoDialog::start() {
    if (m_running)
        return false;
    auto profile = firmware::findBoardProfile(firmware::defaultBoardsDir(), m_board->currentData().toString().toStdString());
    if (!profile) {
        m_result->setText(QString::fromStdString(profile.message()));
        return false;
    }
    if (m_thread.joinable())
        m_thread.join();
    workflow::DemoOptions options;
    options.board = *profile;
    options.stockImage = m_stockImage.empty() ? app::stockBoardImage(*profile) : m_stockImage;
    options.resourcesDir = app::resourcesDir();
    options.projectDir = m_projectDir.toStdString();
    options.secondsPerLabel = m_secondsPerLabel;
    options.epochs = m_epochs;
    options.liveSeconds = m_liveSeconds;
    m_cancel = false;
    m_running = true;
    m_summary.reset();
    m_error.clear();
    m_result->clear();
    m_log->clear();
    for (int i = 0; i < m_stages->count(); ++i)
        m_stages->item(i)->setText(QStringLiteral("○  ") + stageTitle(m_stages->item(i)->data(Qt::UserRole).toString()));
    updateButtons();
    m_thread = std::thread([this, options] {
        auto log = [this](const std::string& line) {
            QMetaObject::invokeMethod(
                this, [this, text = QString::fromStdString(line)] { m_log->appendPlainText(text); },
                Qt::QueuedConnection);
        };
        auto stage = [this](const std::string& s) {
            QMetaObject::invokeMethod(
                this, [this, text = QString::fromStdString(s)] { onStage(text); }, Qt::QueuedConnection);
        };
        auto result = workflow::runDemo(options, log, stage, &m_cancel);
        std::optional<workflow::DemoSummary> summary;
        QString error;
        if (result)
            summary = std::move(result.value());
        else
            error = QString::fromStdString(result.message());
        QMetaObject::invokeMethod(
            this, [this, summary, error] { onDone(summary, error); }, Qt::QueuedConnection);
    });
    return true;
}

void DemoDialog::onStage(const QString& stage) {
    bool passed = true;
    for (int i = 0; i < m_stages->count(); ++i) {
        auto* item = m_stages->item(i);
        const QString name = item->data(Qt::UserRole).toString();
        if (name == stage)
            passed = false;
        const QString mark = name == stage ? QStringLiteral("▶  ") : passed ? QStringLiteral("✔  ") : QStringLiteral("○  ");
        item->setText(mark + stageTitle(name));
    }
    m_stage = stage;
}

void DemoDialog::onDone(std::optional<workflow::DemoSummary> summary, const QString& error) {
    m_running = false;
    m_summary = std::move(summary);
    m_error = error;
    if (m_summary) {
        const auto& s = *m_summary;
        m_result->setText(
            tr("<b>Done in %1 s.</b> Accuracy: float %2 · int8 %3 · on the board %4 (the board matched the studio on "
               "%5 of %6 windows). Firmware: %7 B RAM, %8 B flash; %9 cycles per inference%10. Open the project to "
               "see each step on its page.")
                .arg(s.seconds, 0, 'f', 0)
                .arg(pct(s.floatAccuracy), pct(s.int8Accuracy), pct(s.deviceAccuracy), pct(s.deviceMatchesHost))
                .arg(s.evalWindows)
                .arg(s.ramBytes)
                .arg(s.flashBytes)
                .arg(s.cyclesPerInference, 0, 'f', 0)
                .arg(s.emulated ? tr(" (emulated by QEMU, not silicon)") : QString()));
    } else {
        for (int i = 0; i < m_stages->count(); ++i) {
            auto* item = m_stages->item(i);
            if (item->data(Qt::UserRole).toString() == m_stage)
                item->setText(QStringLiteral("✘  ") + stageTitle(m_stage));
        }
        m_result->setText(tr("<span style='color:#c0392b'><b>The demo stopped:</b> %1</span>").arg(error.toHtmlEscaped()));
    }
    updateButtons();
    emit finished();
}

void DemoDialog::updateButtons() {
    m_start->setEnabled(!m_running);
    m_board->setEnabled(!m_running);
    m_cancelButton->setEnabled(m_running);
    m_close->setEnabled(!m_running);
}

void DemoDialog::closeEvent(QCloseEvent* event) {
    if (m_running) {
        m_cancel = true;
        event->ignore();  // closes once the pipeline has stopped
        connect(this, &DemoDialog::finished, this, &QDialog::close, Qt::SingleShotConnection);
        return;
    }
    QDialog::closeEvent(event);
}

}  // namespace mote::studio
