#include "virtual_board.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace mote::studio {

VirtualBoard::VirtualBoard(QObject* parent) : QObject(parent) {
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        if (!m_pty.isEmpty()) {
            m_process.readAllStandardOutput();  // only the first line matters
            return;
        }
        m_stdout += m_process.readAllStandardOutput();
        const int newline = static_cast<int>(m_stdout.indexOf('\n'));
        if (newline < 0)
            return;
        const QString line = QString::fromUtf8(m_stdout.left(newline)).trimmed();
        if (line.startsWith(QLatin1String("PTY "))) {
            m_pty = line.mid(4).trimmed();
            emit ready(m_pty);
        } else {
            emit failed(tr("The virtual board printed \"%1\" instead of its port.").arg(line));
            stop();
        }
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit failed(tr("Could not start the virtual board %1: %2").arg(m_program, m_process.errorString()));
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        if (m_pty.isEmpty() && code != 0)
            emit failed(tr("The virtual board exited with code %1: %2")
                            .arg(code)
                            .arg(QString::fromUtf8(m_process.readAllStandardError()).trimmed()));
        m_pty.clear();
        emit exited();
    });
}

VirtualBoard::~VirtualBoard() {
    m_process.disconnect(this);
    stop();
}

QString VirtualBoard::findSimulator() {
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("mote-board-sim"));
    if (QFileInfo(beside).isExecutable())
        return beside;
    const QString env = qEnvironmentVariable("MOTE_BOARD_SIM");
    if (!env.isEmpty() && QFileInfo(env).isExecutable())
        return env;
    return {};
}

void VirtualBoard::start(const QStringList& arguments) {
    if (isRunning())
        return;
    if (m_program.isEmpty())
        m_program = findSimulator();
    if (m_program.isEmpty()) {
        emit failed(tr("mote-board-sim was not found next to mote-studio (%1); build it with "
                       "'cmake --build build --target mote-board-sim' or set MOTE_BOARD_SIM.")
                        .arg(QCoreApplication::applicationDirPath()));
        return;
    }
    m_pty.clear();
    m_stdout.clear();
    m_process.setProgram(m_program);
    m_process.setArguments(arguments);
    m_process.start();
}

void VirtualBoard::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(2000)) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

}  // namespace mote::studio
