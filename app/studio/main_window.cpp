#include "main_window.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>

namespace mote::studio {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Mote Studio"));
    resize(1280, 800);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    m_navigation = new QListWidget(central);
    m_navigation->setFixedWidth(180);
    m_pages = new QStackedWidget(central);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    const QStringList steps = {tr("Devices"), tr("Acquisition"), tr("Dataset"), tr("Impulse"),
                               tr("Training"), tr("Model"), tr("Deployment"), tr("Live")};
    for (const auto& step : steps)
        addPlannedPage(step, tr("This step is not built yet."));

    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);
    statusBar()->showMessage(tr("No project open"));
}

void MainWindow::addPage(const QString& title, QWidget* page) {
    m_navigation->addItem(title);
    m_pages->addWidget(page);
}

void MainWindow::addPlannedPage(const QString& title, const QString& explanation) {
    auto* label = new QLabel(explanation);
    label->setAlignment(Qt::AlignCenter);
    addPage(title, label);
    auto* item = m_navigation->item(m_navigation->count() - 1);
    item->setToolTip(explanation);
}

}  // namespace mote::studio
