#pragma once
// Devices page: the serial ports on this machine (refreshed every 1.5 s so
// plugged/unplugged boards appear and vanish), connect/disconnect, what the
// connected board said in its handshake, live link counters, the "Start
// virtual board" action, and forwarder mode for boards printing CSV lines.
// GUI thread; port listing runs on a short-lived worker thread.
#include <QWidget>

#include <atomic>
#include <thread>
#include <vector>

#include "serial/port_list.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace mote::studio {

class BoardLink;
class StudioContext;
class VirtualBoard;

class DevicesPage : public QWidget {
    Q_OBJECT
public:
    DevicesPage(StudioContext& context, BoardLink& board, VirtualBoard& virtualBoard, QWidget* parent = nullptr);
    ~DevicesPage() override;

    // What the buttons do.
    void startVirtualBoard();
    void connectToPort(const QString& port);
    void disconnectBoard();
    void refreshPorts();

    QTreeWidget* portsView() const { return m_ports; }
    QTreeWidget* sensorsView() const { return m_sensors; }
    QPushButton* virtualBoardButton() const { return m_virtualButton; }
    QString boardSummary() const;  // "mote-sim-host · firmware 1.0 …" or ""
    QString stateText() const;
    // "Board prints CSV lines" (forwarder mode) and its baud rate, as the user sets them.
    void setForwarderMode(bool on, int baudRate = 115200);

private:
    void applyPorts(const std::vector<serial::PortInfo>& ports);
    void updateBoard();
    void updateCounters();
    void updateButtons();

    StudioContext& m_context;
    BoardLink& m_board;
    VirtualBoard& m_virtual;
    QTreeWidget* m_ports = nullptr;
    QLineEdit* m_manualPort = nullptr;
    QPushButton* m_connect = nullptr;
    QPushButton* m_disconnect = nullptr;
    QPushButton* m_virtualButton = nullptr;
    QCheckBox* m_forwarder = nullptr;
    QComboBox* m_baud = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_boardInfo = nullptr;
    QTreeWidget* m_sensors = nullptr;
    QLabel* m_counters = nullptr;
    std::thread m_lister;
    std::atomic<bool> m_listing{false};
};

}  // namespace mote::studio
