#pragma once
// The one main window: a navigation list with one page per workflow step
// (Devices, Acquisition, Dataset now; Impulse … Live shown disabled with a
// one-line explanation until they exist), File/Edit/View/Help menus, and a
// status bar with the project, the board and its live link counters.
// GUI thread.
#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace mote::studio {

class AcquisitionPage;
class BoardLink;
class DatasetPage;
class DeploymentPage;
class DevicesPage;
class ImpulsePage;
class LivePage;
class ModelPage;
class StudioContext;
class StudioSettings;
class TrainingPage;
class VirtualBoard;

struct StartupOptions {
    QString projectDir;         // --project DIR ("" = last project, else the default one)
    bool virtualBoard = false;  // --virtual-board: start the simulator and connect
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { DevicesIndex = 0, AcquisitionIndex, DatasetIndex, ImpulseIndex, TrainingIndex, ModelIndex,
                DeploymentIndex, LiveIndex };

    explicit MainWindow(StudioSettings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the project and optionally starts the virtual board. Errors are
    // shown in the status bar and returned.
    bool startUp(const StartupOptions& options);

    StudioContext& context() { return *m_context; }
    BoardLink& board() { return *m_board; }
    VirtualBoard& virtualBoard() { return *m_virtual; }
    DevicesPage* devicesPage() const { return m_devices; }
    AcquisitionPage* acquisitionPage() const { return m_acquisition; }
    DatasetPage* datasetPage() const { return m_dataset; }
    ImpulsePage* impulsePage() const { return m_impulse; }
    TrainingPage* trainingPage() const { return m_training; }
    ModelPage* modelPage() const { return m_model; }
    DeploymentPage* deploymentPage() const { return m_deployment; }
    LivePage* livePage() const { return m_live; }
    QListWidget* navigation() const { return m_navigation; }
    void showPage(int index);
    int currentPage() const;
    QString boardStatusText() const;
    QString projectStatusText() const;

    void newProject();
    void openProject();
    void openProjectDir(const QString& dir);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void addPage(const QString& title, const QString& subtitle, QWidget* page);
    void addPlannedPage(const QString& title, const QString& explanation);
    void buildMenus();
    void rebuildRecentMenu();
    void updateStatus();
    void showMessage(const QString& text);

    StudioSettings& m_settings;
    StudioContext* m_context = nullptr;
    BoardLink* m_board = nullptr;
    VirtualBoard* m_virtual = nullptr;
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;
    DevicesPage* m_devices = nullptr;
    AcquisitionPage* m_acquisition = nullptr;
    DatasetPage* m_dataset = nullptr;
    ImpulsePage* m_impulse = nullptr;
    TrainingPage* m_training = nullptr;
    ModelPage* m_model = nullptr;
    DeploymentPage* m_deployment = nullptr;
    LivePage* m_live = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_projectLabel = nullptr;
    QLabel* m_boardLabel = nullptr;
    QLabel* m_countersLabel = nullptr;
};

}  // namespace mote::studio
