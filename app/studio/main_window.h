#pragma once
// The one main window: a navigation list with one page per workflow step.
#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace mote::studio {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void addPage(const QString& title, QWidget* page);
    void addPlannedPage(const QString& title, const QString& explanation);

    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;
};

}  // namespace mote::studio
