#pragma once
// Shared helpers for the GUI tests: a QApplication on the offscreen platform
// (created once for the whole test binary), event pumping with a deadline,
// and screenshots written to <build>/screenshots/<name>.png.
#include <QString>
#include <QWidget>

#include <chrono>
#include <functional>

namespace mote::test {

// Processes Qt events until `done()` is true or `timeout` passes; returns done().
bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout);
// Processes events for `duration`.
void pumpEvents(std::chrono::milliseconds duration);
// Grabs the widget into <build>/screenshots/<name>.png; returns the path ("" on failure).
QString saveScreenshot(QWidget* widget, const QString& name);
// A fresh temporary directory for one test (removed at exit).
QString tempDir();

}  // namespace mote::test
