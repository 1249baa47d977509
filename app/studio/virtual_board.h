#pragma once
// VirtualBoard: runs the simulated board (`mote-board-sim`, found next to the
// studio's own executable) as a child process and reports the pseudo-terminal
// it opened. What a first-time user without hardware gets from
// "Start virtual board" and `mote-studio --virtual-board`.
//
// Threads: GUI thread; QProcess is asynchronous, nothing here blocks.
// The process is terminated (SIGTERM, then killed after 2 s) by stop() and
// by the destructor.
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace mote::studio {

class VirtualBoard : public QObject {
    Q_OBJECT
public:
    explicit VirtualBoard(QObject* parent = nullptr);
    ~VirtualBoard() override;

    // The simulator next to this executable, else $MOTE_BOARD_SIM, else "" .
    static QString findSimulator();
    // Starts it with extra arguments (e.g. --pattern wave). ready(pty) or
    // failed(message) follows.
    void start(const QStringList& arguments = {});
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString ptyPath() const { return m_pty; }
    void setProgram(const QString& path) { m_program = path; }

signals:
    void ready(const QString& ptyPath);
    void failed(const QString& message);
    void exited();

private:
    QProcess m_process;
    QString m_program;
    QString m_pty;
    QByteArray m_stdout;
};

}  // namespace mote::studio
