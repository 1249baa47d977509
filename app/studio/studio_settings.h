#pragma once
// The studio's persisted preferences (QSettings, per user): window geometry
// and state, the last project, recent projects, the last port and baud rate,
// acquisition choices. GUI thread only.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace mote::studio {

class StudioSettings {
public:
    static constexpr int kMaxRecentProjects = 8;

    // Uses the application's organisation/name (QSettings default). Tests
    // pass a file path so they never touch the user's real settings.
    StudioSettings();
    explicit StudioSettings(const QString& iniPath);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    QString lastProject() const;
    void setLastProject(const QString& dir);  // also pushes it onto the recent list
    QStringList recentProjects() const;
    void addRecentProject(const QString& dir);
    void removeRecentProject(const QString& dir);

    QString lastPort() const;
    void setLastPort(const QString& port);
    int forwarderBaud() const;
    void setForwarderBaud(int baud);

    QString value(const QString& key, const QString& fallback = {}) const;
    void setValue(const QString& key, const QString& value);

    void sync() { m_settings.sync(); }

private:
    QSettings m_settings;
};

}  // namespace mote::studio
