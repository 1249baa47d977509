#include "main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QPainter>
#include <QUndoStack>

#include "about_dialog.h"
#include "acquisition_page.h"
#include "board_link.h"
#include "dataset_page.h"
#include "demo_dialog.h"
#include "deployment_page.h"
#include "devices_page.h"
#include "impulse_page.h"
#include "live_page.h"
#include "model_page.h"
#include "studio_context.h"
#include "studio_settings.h"
#include "training_page.h"
#include "virtual_board.h"

namespace mote::studio {
namespace {

constexpr int kSubtitleRole = Qt::UserRole + 1;

// Navigation entries: the step name and a one-line explanation under it.
class NavigationDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
        return {option.rect.width(), option.fontMetrics.height() * 2 + 18};
    }
    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        const bool enabled = index.flags() & Qt::ItemIsEnabled;
        const bool selected = option.state & QStyle::State_Selected;
        p->save();
        if (selected) {
            p->fillRect(option.rect, QColor(0x2f, 0x6f, 0xde));
        } else if (option.state & QStyle::State_MouseOver && enabled) {
            p->fillRect(option.rect, QColor(0xe8, 0xee, 0xf8));
        }
        const QRect r = option.rect.adjusted(14, 7, -8, -7);
        QFont title = option.font;
        title.setBold(true);
        p->setFont(title);
        p->setPen(selected ? Qt::white : enabled ? QColor(0x22, 0x26, 0x2b) : QColor(0x9a, 0x9f, 0xa6));
        p->drawText(QRect(r.left(), r.top(), r.width(), r.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                    index.data(Qt::DisplayRole).toString());
        QFont small = option.font;
        small.setPointSizeF(option.font.pointSizeF() * 0.85);
        p->setFont(small);
        p->setPen(selected ? QColor(0xdc, 0xe6, 0xfa) : QColor(0x7a, 0x80, 0x88));
        const QString subtitle = QFontMetrics(small).elidedText(index.data(kSubtitleRole).toString(), Qt::ElideRight, r.width());
        p->drawText(QRect(r.left(), r.top() + r.height() / 2, r.width(), r.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                    subtitle);
        p->restore();
    }
};

}  // namespace

MainWindow::MainWindow(StudioSettings& settings, QWidget* parent) : QMainWindow(parent), m_settings(settings) {
    setWindowTitle(tr("Mote Studio"));
    resize(1360, 860);
    m_context = new StudioContext(m_settings, this);
    m_board = new BoardLink(this);
    m_virtual = new VirtualBoard(this);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_navigation = new QListWidget(central);
    m_navigation->setFixedWidth(230);
    m_navigation->setItemDelegate(new NavigationDelegate(m_navigation));
    m_navigation->setStyleSheet(QStringLiteral("QListWidget { background: #f3f5f8; border: none; "
                                               "border-right: 1px solid #d9dde3; padding-top: 8px; }"));
    m_navigation->setMouseTracking(true);
    m_pages = new QStackedWidget(central);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_devices = new DevicesPage(*m_context, *m_board, *m_virtual);
    m_acquisition = new AcquisitionPage(*m_context, *m_board);
    m_dataset = new DatasetPage(*m_context);
    addPage(tr("Devices"), tr("Connect a board or the virtual one"), m_devices);
    addPage(tr("Acquisition"), tr("Record labeled samples"), m_acquisition);
    addPage(tr("Dataset"), tr("Browse, label and organize"), m_dataset);
    m_impulse = new ImpulsePage(*m_context);
    m_training = new TrainingPage(*m_context);
    addPage(tr("Impulse"), tr("Features (DSP) and network"), m_impulse);
    addPage(tr("Training"), tr("Train with PyTorch, see curves"), m_training);
    connect(m_impulse, &ImpulsePage::impulseSaved, m_training, [this] { m_training->reloadImpulse(); });
    connect(m_impulse, &ImpulsePage::message, this, &MainWindow::showMessage);
    connect(m_training, &TrainingPage::message, this, &MainWindow::showMessage);
    m_model = new ModelPage(*m_context);
    m_deployment = new DeploymentPage(*m_context, *m_board);
    m_live = new LivePage(*m_context, *m_board);
    addPage(tr("Model"), tr("Quantize to int8, inspect .tflite"), m_model);
    addPage(tr("Deployment"), tr("Build, flash and verify"), m_deployment);
    addPage(tr("Live"), tr("Live inference on the board"), m_live);
    connect(m_model, &ModelPage::deployFileRequested, this, [this](const QString& path) {
        m_deployment->addModelFile(path);
        showPage(DeploymentIndex);
    });
    connect(m_model, &ModelPage::modelQuantized, m_deployment, [this](int64_t id) {
        m_deployment->refresh();
        m_deployment->selectModelRow(id);
    });
    connect(m_deployment, &DeploymentPage::deployFinished, this, [this](bool ok) {
        if (ok)
            showMessage(tr("Deployed and verified: open the Live page to see the board's predictions."));
    });
    connect(m_model, &ModelPage::message, this, &MainWindow::showMessage);
    connect(m_deployment, &DeploymentPage::message, this, &MainWindow::showMessage);
    connect(m_live, &LivePage::message, this, &MainWindow::showMessage);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    m_projectLabel = new QLabel;
    m_boardLabel = new QLabel;
    m_countersLabel = new QLabel;
    for (auto* label : {m_projectLabel, m_boardLabel, m_countersLabel})
        label->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_projectLabel);
    statusBar()->addPermanentWidget(m_boardLabel);
    statusBar()->addPermanentWidget(m_countersLabel);

    buildMenus();

    connect(m_context, &StudioContext::projectChanged, this, [this] {
        updateStatus();
        rebuildRecentMenu();
    });
    connect(m_context, &StudioContext::errorOccurred, this, &MainWindow::showMessage);
    connect(m_board, &BoardLink::stateChanged, this, [this](device::SessionState state, const QString& message) {
        updateStatus();
        if ((state == device::SessionState::Failed || state == device::SessionState::Disconnected) && !message.isEmpty())
            showMessage(message);
        if (state == device::SessionState::Connected && currentPage() == DevicesIndex && m_board->capabilities())
            showPage(AcquisitionIndex);  // connected: next step is recording
    });
    connect(m_board, &BoardLink::capabilitiesChanged, this, &MainWindow::updateStatus);
    connect(m_board, &BoardLink::countersChanged, this, &MainWindow::updateStatus);
    connect(m_devices, &DevicesPage::destroyed, this, [] {});
    connect(m_acquisition, &AcquisitionPage::message, this, &MainWindow::showMessage);
    connect(m_dataset, &DatasetPage::message, this, &MainWindow::showMessage);

    if (!restoreGeometry(m_settings.windowGeometry()))
        resize(1360, 860);
    m_navigation->setCurrentRow(DevicesIndex);
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(const QString& title, const QString& subtitle, QWidget* page) {
    auto* item = new QListWidgetItem(title, m_navigation);
    item->setData(kSubtitleRole, subtitle);
    item->setToolTip(subtitle);
    m_pages->addWidget(page);
}

void MainWindow::addPlannedPage(const QString& title, const QString& explanation) {
    auto* label = new QLabel(explanation);
    label->setAlignment(Qt::AlignCenter);
    addPage(title, explanation, label);
    auto* item = m_navigation->item(m_navigation->count() - 1);
    item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Project…"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open Project…"), QKeySequence::Open, this, &MainWindow::openProject);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(tr("&Import Data…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, [this] {
        showPage(DatasetIndex);
        m_dataset->importInteractive();
    });
    file->addAction(tr("&Export Dataset…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        showPage(DatasetIndex);
        m_dataset->exportInteractive();
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* undo = m_context->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    auto* redo = m_context->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(m_dataset->relabelAction());
    edit->addAction(m_dataset->deleteAction());
    edit->addAction(tr("&Next Sample"), QKeySequence(Qt::CTRL | Qt::Key_Down), this, [this] { m_dataset->selectNext(); });
    edit->addAction(tr("&Previous Sample"), QKeySequence(Qt::CTRL | Qt::Key_Up), this,
                    [this] { m_dataset->selectPrevious(); });

    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Devices"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] { showPage(DevicesIndex); });
    view->addAction(tr("&Acquisition"), QKeySequence(Qt::CTRL | Qt::Key_2), this, [this] { showPage(AcquisitionIndex); });
    view->addAction(tr("Data&set"), QKeySequence(Qt::CTRL | Qt::Key_3), this, [this] { showPage(DatasetIndex); });

    auto* board = menuBar()->addMenu(tr("&Board"));
    board->addAction(tr("Start &Virtual Board"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), this, [this] {
        showPage(DevicesIndex);
        m_devices->startVirtualBoard();
    });
    board->addAction(tr("&Record"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
        showPage(AcquisitionIndex);
        m_acquisition->record();
    });
    board->addAction(tr("&Disconnect"), this, [this] { m_devices->disconnectBoard(); });
    board->addSeparator();
    board->addAction(tr("Run the &Demo on an Emulated Board…"), this, [this] {
        const QString dir = QFileInfo(StudioContext::defaultProjectDir()).dir().filePath(QStringLiteral("mote-demo"));
        DemoDialog dialog(dir, this);
        dialog.exec();
        if (dialog.summary() &&
            QMessageBox::question(this, tr("Demo finished"), tr("Open the demo project to see each step on its page?")) ==
                QMessageBox::Yes)
            openProjectDir(dir);
    });

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Mote Studio"), this, [this] { AboutDialog(this).exec(); });
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = m_settings.recentProjects();
    for (const QString& dir : recent)
        m_recentMenu->addAction(dir, this, [this, dir] { openProjectDir(dir); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showPage(int index) { m_navigation->setCurrentRow(index); }
int MainWindow::currentPage() const { return m_navigation->currentRow(); }

void MainWindow::showMessage(const QString& text) { statusBar()->showMessage(text, 8000); }

bool MainWindow::startUp(const StartupOptions& options) {
    bool ok = true;
    if (auto st = m_context->openStartupProject(options.projectDir); !st) {
        showMessage(tr("Could not open the project: %1").arg(QString::fromStdString(st.message())));
        ok = false;
    }
    if (options.virtualBoard)
        m_devices->startVirtualBoard();
    updateStatus();
    return ok;
}

void MainWindow::newProject() {
    const QString dir = QFileDialog::getSaveFileName(this, tr("New project folder"), QString(),
                                                     tr("Mote project (*.mote)"));
    if (dir.isEmpty())
        return;
    const QString path = dir.endsWith(QLatin1String(".mote")) ? dir : dir + QStringLiteral(".mote");
    if (auto st = m_context->createProject(path, QFileInfo(path).completeBaseName()); !st)
        QMessageBox::warning(this, tr("New project"), QString::fromStdString(st.message()));
}

void MainWindow::openProject() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open project folder"));
    if (!dir.isEmpty())
        openProjectDir(dir);
}

void MainWindow::openProjectDir(const QString& dir) {
    if (auto st = m_context->openProject(dir); !st) {
        QMessageBox::warning(this, tr("Open project"), QString::fromStdString(st.message()));
        m_settings.removeRecentProject(dir);
        rebuildRecentMenu();
    }
}

QString MainWindow::projectStatusText() const { return m_projectLabel->text(); }
QString MainWindow::boardStatusText() const { return m_boardLabel->text(); }

void MainWindow::updateStatus() {
    m_projectLabel->setText(m_context->hasProject() ? tr("Project: %1").arg(m_context->projectName())
                                                    : tr("No project open"));
    m_projectLabel->setToolTip(m_context->projectDir());
    setWindowTitle(m_context->hasProject() ? tr("%1 — Mote Studio").arg(m_context->projectName()) : tr("Mote Studio"));
    const auto caps = m_board->capabilities();
    if (m_board->mode() == BoardLink::Mode::Forwarder) {
        m_boardLabel->setText(tr("Forwarder: %1").arg(m_board->port()));
    } else if (m_board->isConnected() && caps) {
        m_boardLabel->setText(tr("● %1 on %2").arg(QString::fromStdString(caps->boardName), m_board->port()));
        m_boardLabel->setStyleSheet(QStringLiteral("color: #2c7a3f;"));
    } else {
        m_boardLabel->setText(tr("No board"));
        m_boardLabel->setStyleSheet(QString());
    }
    if (m_board->mode() == BoardLink::Mode::Protocol && m_board->session()) {
        const auto c = m_board->counters();
        m_countersLabel->setText(tr("%1 frames/s · %2 lost · %3 CRC errors")
                                     .arg(c.framesPerSecond, 0, 'f', 0)
                                     .arg(c.lostFrames)
                                     .arg(c.crcErrors));
        m_countersLabel->setStyleSheet(c.lostFrames + c.crcErrors > 0 ? QStringLiteral("color: #c0392b;") : QString());
    } else {
        m_countersLabel->clear();
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.sync();
    m_board->disconnectBoard();
    m_virtual->stop();
    QMainWindow::closeEvent(event);
}

}  // namespace mote::studio
