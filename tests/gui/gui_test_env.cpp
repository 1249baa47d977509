#include "gui_test_env.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "common/shared_dir.h"

namespace mote::test {
namespace {

// The QApplication lives for the whole run. Installed from a static
// initialiser because gtest_main owns main().
class QtEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Keep the user's real settings untouched.
        static QTemporaryDir settingsHome;
        qputenv("XDG_CONFIG_HOME", settingsHome.path().toLocal8Bit());
        qputenv("XDG_DATA_HOME", (settingsHome.path() + "/data").toLocal8Bit());
        m_app = std::make_unique<QApplication>(m_argc, m_argv);
        QApplication::setOrganizationName("Mote Studio Tests");
        QApplication::setApplicationName("Mote Studio Tests");
    }
    void TearDown() override { m_app.reset(); }

private:
    int m_argc = 1;
    char m_arg0[16] = "mote_gui_tests";
    char* m_argv[2] = {m_arg0, nullptr};
    std::unique_ptr<QApplication> m_app;
};

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new QtEnvironment);

std::vector<std::unique_ptr<QTemporaryDir>>& tempDirs() {
    static std::vector<std::unique_ptr<QTemporaryDir>> dirs;
    return dirs;
}

}  // namespace

bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeout.count())
            return done();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

void pumpEvents(std::chrono::milliseconds duration) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < duration.count()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
}

QString saveScreenshot(QWidget* widget, const QString& name) {
    const QString dir = QString::fromStdString((binaryDir() / "screenshots").string());
    QDir().mkpath(dir);
    const QString path = dir + "/" + name + ".png";
    pumpEvents(std::chrono::milliseconds(50));
    return widget->grab().save(path) ? path : QString();
}

QString tempDir() {
    tempDirs().push_back(std::make_unique<QTemporaryDir>());
    return tempDirs().back()->path();
}

}  // namespace mote::test
