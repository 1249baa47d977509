#include "studio_settings.h"

namespace mote::studio {

StudioSettings::StudioSettings() = default;

StudioSettings::StudioSettings(const QString& iniPath) : m_settings(iniPath, QSettings::IniFormat) {}

QByteArray StudioSettings::windowGeometry() const { return m_settings.value("window/geometry").toByteArray(); }
void StudioSettings::setWindowGeometry(const QByteArray& geometry) { m_settings.setValue("window/geometry", geometry); }
QByteArray StudioSettings::windowState() const { return m_settings.value("window/state").toByteArray(); }
void StudioSettings::setWindowState(const QByteArray& state) { m_settings.setValue("window/state", state); }

QString StudioSettings::lastProject() const { return m_settings.value("project/last").toString(); }

void StudioSettings::setLastProject(const QString& dir) {
    m_settings.setValue("project/last", dir);
    addRecentProject(dir);
}

QStringList StudioSettings::recentProjects() const { return m_settings.value("project/recent").toStringList(); }

void StudioSettings::addRecentProject(const QString& dir) {
    if (dir.isEmpty())
        return;
    QStringList list = recentProjects();
    list.removeAll(dir);
    list.prepend(dir);
    while (list.size() > kMaxRecentProjects)
        list.removeLast();
    m_settings.setValue("project/recent", list);
}

void StudioSettings::removeRecentProject(const QString& dir) {
    QStringList list = recentProjects();
    list.removeAll(dir);
    m_settings.setValue("project/recent", list);
}

QString StudioSettings::lastPort() const { return m_settings.value("device/lastPort").toString(); }
void StudioSettings::setLastPort(const QString& port) { m_settings.setValue("device/lastPort", port); }
int StudioSettings::forwarderBaud() const { return m_settings.value("device/forwarderBaud", 115200).toInt(); }
void StudioSettings::setForwarderBaud(int baud) { m_settings.setValue("device/forwarderBaud", baud); }

QString StudioSettings::value(const QString& key, const QString& fallback) const {
    return m_settings.value(key, fallback).toString();
}
void StudioSettings::setValue(const QString& key, const QString& value) { m_settings.setValue(key, value); }

}  // namespace mote::studio
