#include "devices_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "board_link.h"
#include "studio_context.h"
#include "virtual_board.h"

namespace mote::studio {
namespace {

QString hex4(int v) { return QStringLiteral("%1").arg(v, 4, 16, QLatin1Char('0')); }

QString joinStrings(const std::vector<std::string>& items, const QString& sep = QStringLiteral(", ")) {
    QStringList out;
    for (const auto& s : items)
        out << QString::fromStdString(s);
    return out.join(sep);
}

}  // namespace

DevicesPage::DevicesPage(StudioContext& context, BoardLink& board, VirtualBoard& virtualBoard, QWidget* parent)
    : QWidget(parent), m_context(context), m_board(board), m_virtual(virtualBoard) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(12);

    // ---- left: ports ----
    auto* left = new QVBoxLayout;
    auto* virtualBox = new QGroupBox(tr("No board at hand?"));
    auto* virtualLayout = new QHBoxLayout(virtualBox);
    auto* virtualText = new QLabel(tr("The virtual board simulates a 6-axis IMU and a 16 kHz microphone, "
                                      "speaking the same protocol as real hardware."));
    virtualText->setWordWrap(true);
    m_virtualButton = new QPushButton(tr("Start virtual board"));
    m_virtualButton->setMinimumHeight(36);
    m_virtualButton->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 16px;"));
    virtualLayout->addWidget(virtualText, 1);
    virtualLayout->addWidget(m_virtualButton);
    left->addWidget(virtualBox);

    auto* portsBox = new QGroupBox(tr("Serial ports"));
    auto* portsLayout = new QVBoxLayout(portsBox);
    m_ports = new QTreeWidget;
    m_ports->setHeaderLabels({tr("Port"), tr("Description"), tr("USB VID:PID"), tr("Serial number")});
    m_ports->setRootIsDecorated(false);
    m_ports->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ports->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    portsLayout->addWidget(m_ports, 1);
    auto* hint = new QLabel(tr("Boards appear here when plugged in. Simulated and emulated boards use "
                               "pseudo-terminals: type their path below."));
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: #555b63;"));
    portsLayout->addWidget(hint);
    auto* manualRow = new QHBoxLayout;
    m_manualPort = new QLineEdit;
    m_manualPort->setPlaceholderText(tr("Other port, e.g. /dev/pts/3"));
    manualRow->addWidget(m_manualPort, 1);
    portsLayout->addLayout(manualRow);

    auto* forwarderRow = new QHBoxLayout;
    m_forwarder = new QCheckBox(tr("Board prints CSV lines (forwarder mode)"));
    m_baud = new QComboBox;
    for (int baud : {9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600})
        m_baud->addItem(QString::number(baud), baud);
    m_baud->setCurrentText(QString::number(m_context.settings().forwarderBaud()));
    m_baud->setEnabled(false);
    forwarderRow->addWidget(m_forwarder);
    forwarderRow->addStretch();
    forwarderRow->addWidget(new QLabel(tr("Baud")));
    forwarderRow->addWidget(m_baud);
    portsLayout->addLayout(forwarderRow);

    auto* buttons = new QHBoxLayout;
    m_connect = new QPushButton(tr("Connect"));
    m_disconnect = new QPushButton(tr("Disconnect"));
    buttons->addStretch();
    buttons->addWidget(m_connect);
    buttons->addWidget(m_disconnect);
    portsLayout->addLayout(buttons);
    left->addWidget(portsBox, 1);
    layout->addLayout(left, 5);

    // ---- right: the connected board ----
    auto* boardBox = new QGroupBox(tr("Connected board"));
    auto* boardLayout = new QVBoxLayout(boardBox);
    m_state = new QLabel;
    m_state->setWordWrap(true);
    m_state->setStyleSheet(QStringLiteral("font-size: 13pt; font-weight: bold;"));
    boardLayout->addWidget(m_state);
    m_boardInfo = new QLabel;
    m_boardInfo->setWordWrap(true);
    m_boardInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    boardLayout->addWidget(m_boardInfo);
    boardLayout->addWidget(new QLabel(tr("<b>Sensors</b>")));
    m_sensors = new QTreeWidget;
    m_sensors->setHeaderLabels({tr("Sensor"), tr("Axes (units)"), tr("Rates")});
    m_sensors->setRootIsDecorated(false);
    m_sensors->setWordWrap(true);
    m_sensors->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_sensors->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_sensors->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    boardLayout->addWidget(m_sensors, 1);
    boardLayout->addWidget(new QLabel(tr("<b>Link</b>")));
    m_counters = new QLabel;
    m_counters->setTextFormat(Qt::RichText);
    boardLayout->addWidget(m_counters);
    layout->addWidget(boardBox, 4);

    // ---- wiring ----
    connect(m_virtualButton, &QPushButton::clicked, this, &DevicesPage::startVirtualBoard);
    connect(m_connect, &QPushButton::clicked, this, [this] {
        QString port = m_manualPort->text().trimmed();
        if (port.isEmpty() && m_ports->currentItem())
            port = m_ports->currentItem()->text(0);
        if (!port.isEmpty())
            connectToPort(port);
    });
    connect(m_disconnect, &QPushButton::clicked, this, &DevicesPage::disconnectBoard);
    connect(m_ports, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) { connectToPort(item->text(0)); });
    connect(m_ports, &QTreeWidget::currentItemChanged, this, &DevicesPage::updateButtons);
    connect(m_manualPort, &QLineEdit::textChanged, this, &DevicesPage::updateButtons);
    connect(m_forwarder, &QCheckBox::toggled, m_baud, &QWidget::setEnabled);
    connect(&m_virtual, &VirtualBoard::ready, this, [this](const QString& pty) {
        m_manualPort->setText(pty);
        connectToPort(pty);
    });
    connect(&m_virtual, &VirtualBoard::failed, this, [this](const QString& message) {
        m_state->setText(tr("Virtual board failed"));
        m_boardInfo->setText(message);
        updateButtons();
    });
    connect(&m_virtual, &VirtualBoard::exited, this, &DevicesPage::updateButtons);
    connect(&m_board, &BoardLink::stateChanged, this, [this] { updateBoard(); });
    connect(&m_board, &BoardLink::capabilitiesChanged, this, &DevicesPage::updateBoard);
    connect(&m_board, &BoardLink::countersChanged, this, &DevicesPage::updateCounters);

    auto* timer = new QTimer(this);
    timer->setInterval(1500);
    connect(timer, &QTimer::timeout, this, &DevicesPage::refreshPorts);
    timer->start();
    refreshPorts();
    updateBoard();
}

DevicesPage::~DevicesPage() {
    if (m_lister.joinable())
        m_lister.join();
}

void DevicesPage::refreshPorts() {
    if (m_listing.exchange(true))
        return;  // the previous listing is still running
    if (m_lister.joinable())
        m_lister.join();
    m_lister = std::thread([this] {
        auto ports = serial::listPorts();
        std::vector<serial::PortInfo> list = ports ? std::move(ports.value()) : std::vector<serial::PortInfo>{};
        QMetaObject::invokeMethod(
            this,
            [this, list] {
                m_listing = false;
                applyPorts(list);
            },
            Qt::QueuedConnection);
    });
}

void DevicesPage::applyPorts(const std::vector<serial::PortInfo>& ports) {
    const QString selected = m_ports->currentItem() ? m_ports->currentItem()->text(0) : m_context.settings().lastPort();
    // Only rebuild when the set changed, so a selection survives refreshes.
    QStringList now;
    for (const auto& p : ports)
        now << QString::fromStdString(p.name);
    QStringList shown;
    for (int i = 0; i < m_ports->topLevelItemCount(); ++i)
        shown << m_ports->topLevelItem(i)->text(0);
    if (now == shown)
        return;
    m_ports->clear();
    for (const auto& p : ports) {
        const QString usb = p.usbVid && p.usbPid ? hex4(*p.usbVid) + ":" + hex4(*p.usbPid) : QStringLiteral("—");
        auto* item = new QTreeWidgetItem(m_ports, {QString::fromStdString(p.name), QString::fromStdString(p.description),
                                                   usb, QString::fromStdString(p.usbSerial)});
        if (item->text(0) == selected)
            m_ports->setCurrentItem(item);
    }
    if (ports.empty()) {
        auto* item = new QTreeWidgetItem(m_ports, {tr("No serial ports found"), tr("plug in a board, or start the virtual board")});
        item->setFlags(Qt::NoItemFlags);
    }
    updateButtons();
}

void DevicesPage::startVirtualBoard() {
    if (m_virtual.isRunning() && !m_virtual.ptyPath().isEmpty()) {
        connectToPort(m_virtual.ptyPath());
        return;
    }
    m_state->setText(tr("Starting the virtual board…"));
    m_virtual.start();
    updateButtons();
}

void DevicesPage::connectToPort(const QString& port) {
    m_context.settings().setLastPort(port);
    if (m_forwarder->isChecked()) {
        const int baud = m_baud->currentData().toInt();
        m_context.settings().setForwarderBaud(baud);
        m_board.useForwarder(port, baud);
    } else {
        m_board.connectTo(port);
    }
    m_state->setText(tr("Connecting to %1…").arg(port));
    updateButtons();
}

void DevicesPage::disconnectBoard() {
    m_board.disconnectBoard();
    updateBoard();
}

QString DevicesPage::stateText() const { return m_state->text(); }

void DevicesPage::setForwarderMode(bool on, int baudRate) {
    m_forwarder->setChecked(on);
    const int index = m_baud->findData(baudRate);
    if (index >= 0)
        m_baud->setCurrentIndex(index);
}

QString DevicesPage::boardSummary() const {
    const auto caps = m_board.capabilities();
    if (!caps)
        return {};
    return QStringLiteral("%1 · firmware %2").arg(QString::fromStdString(caps->boardName), QString::fromStdString(caps->firmwareVersion));
}

void DevicesPage::updateBoard() {
    const auto caps = m_board.capabilities();
    const auto state = m_board.state();
    m_sensors->clear();
    if (m_board.mode() == BoardLink::Mode::Forwarder) {
        m_state->setText(tr("Forwarder mode on %1").arg(m_board.port()));
        m_boardInfo->setText(tr("%1 baud. The layout (columns, separator, timestamps) and the rate are detected "
                                "when you record on the Acquisition page.")
                                 .arg(m_board.forwarderBaud()));
    } else if (state == device::SessionState::Connected && caps) {
        m_state->setText(tr("● Connected to %1").arg(QString::fromStdString(caps->boardName)));
        QString info = tr("<table cellspacing=4>"
                          "<tr><td>Port</td><td>%1</td></tr>"
                          "<tr><td>Firmware</td><td>%2 (protocol %3.%4)</td></tr>"
                          "<tr><td>Device id</td><td>%5</td></tr>"
                          "<tr><td>Memory</td><td>%6 KB RAM, %7 KB flash, %8 MHz</td></tr>")
                           .arg(m_board.port().toHtmlEscaped(), QString::fromStdString(caps->firmwareVersion).toHtmlEscaped())
                           .arg(caps->protocolMajor)
                           .arg(caps->protocolMinor)
                           .arg(QString::fromStdString(caps->deviceId).toHtmlEscaped())
                           .arg(caps->ramBytes / 1024)
                           .arg(caps->flashBytes / 1024)
                           .arg(caps->clockHz / 1e6, 0, 'g', 4);
        if (caps->model)
            info += tr("<tr><td>Model</td><td>%1 (hash %2), labels: %3</td></tr>")
                        .arg(QString::fromStdString(caps->model->id).toHtmlEscaped(),
                             QString::fromStdString(caps->model->hash.substr(0, 12)),
                             joinStrings(caps->model->labels).toHtmlEscaped());
        else
            info += tr("<tr><td>Model</td><td>none loaded</td></tr>");
        m_boardInfo->setText(info + QStringLiteral("</table>"));
        for (const auto& s : caps->sensors) {
            // "accX, accY, accZ (m/s2) · gyrX, gyrY, gyrZ (deg/s)": axes grouped by unit.
            QStringList groups;
            for (std::size_t i = 0; i < s.axes.size();) {
                const std::string unit = i < s.units.size() ? s.units[i] : std::string();
                QStringList names;
                std::size_t j = i;
                for (; j < s.axes.size() && (j < s.units.size() ? s.units[j] : std::string()) == unit; ++j)
                    names << QString::fromStdString(s.axes[j]);
                groups << names.join(QStringLiteral(", ")) +
                              (unit.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(unit)));
                i = j;
            }
            // One unit group per line and at most four rates per line, so a
            // 6-axis IMU with six rates reads in full instead of ending in "…".
            QStringList rateLines;
            QStringList rates;
            for (float r : s.ratesHz) {
                rates << QString::number(r, 'g', 6);
                if (rates.size() == 4) {
                    rateLines << rates.join(QStringLiteral(", "));
                    rates.clear();
                }
            }
            if (!rates.isEmpty())
                rateLines << rates.join(QStringLiteral(", "));
            auto* item = new QTreeWidgetItem(m_sensors, {QString::fromStdString(s.name), groups.join(QStringLiteral("\n")),
                                                         rateLines.join(QStringLiteral(",\n")) + QStringLiteral(" Hz")});
            item->setToolTip(1, item->text(1));
            item->setToolTip(2, item->text(2));
        }
    } else if (state == device::SessionState::Connecting) {
        m_state->setText(tr("Connecting to %1…").arg(m_board.port()));
        m_boardInfo->clear();
    } else if (state == device::SessionState::Failed || state == device::SessionState::Disconnected) {
        m_state->setText(state == device::SessionState::Failed ? tr("Could not connect") : tr("Board disconnected"));
        m_boardInfo->setText(m_board.lastError());
    } else {
        m_state->setText(tr("No board connected"));
        m_boardInfo->setText(tr("Pick a port and press Connect, or start the virtual board."));
    }
    updateCounters();
    updateButtons();
}

void DevicesPage::updateCounters() {
    if (m_board.mode() != BoardLink::Mode::Protocol) {
        m_counters->setText(tr("—"));
        return;
    }
    const auto c = m_board.counters();
    const auto drift = m_board.session() ? m_board.session()->drift() : device::DriftEstimate{};
    QString text = tr("%1 frames/s · %2 kB/s · %3 frames · %4 lost · %5 CRC errors · %6 malformed")
                       .arg(c.framesPerSecond, 0, 'f', 0)
                       .arg(c.bytesPerSecond / 1000.0, 0, 'f', 1)
                       .arg(c.frames)
                       .arg(c.lostFrames)
                       .arg(c.crcErrors)
                       .arg(c.malformedFrames);
    if (c.boardOverrunSamples > 0)
        text += tr(" · <span style='color:#c0392b'>board overran %1 samples</span>").arg(c.boardOverrunSamples);
    if (drift.valid)
        text += tr(" · clock drift %1 ppm").arg(drift.ppm, 0, 'f', 0);
    m_counters->setText(text);
}

void DevicesPage::updateButtons() {
    const bool connected = m_board.mode() != BoardLink::Mode::None;
    const bool havePort = !m_manualPort->text().trimmed().isEmpty() ||
                          (m_ports->currentItem() && (m_ports->currentItem()->flags() & Qt::ItemIsEnabled));
    m_connect->setEnabled(havePort);
    m_disconnect->setEnabled(connected);
    m_virtualButton->setText(m_virtual.isRunning() ? tr("Connect virtual board") : tr("Start virtual board"));
}

}  // namespace mote::studio
