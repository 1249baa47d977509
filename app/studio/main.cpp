// mote-studio: the desktop front of Mote Studio.
#include <QApplication>
#include <QCommandLineParser>

#include "main_window.h"
#include "studio_settings.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Mote Studio");
    QApplication::setApplicationName("Mote Studio");
    QApplication::setApplicationVersion(MOTE_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Mote Studio: offline TinyML workflow studio");
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption virtualBoard("virtual-board", "Start the simulated board and connect to it.");
    QCommandLineOption project("project", "Open the project in DIR (created if DIR is new or empty).", "DIR");
    parser.addOption(virtualBoard);
    parser.addOption(project);
    parser.process(app);

    mote::studio::StudioSettings settings;
    mote::studio::MainWindow window(settings);
    window.show();
    window.startUp({parser.value(project), parser.isSet(virtualBoard)});
    return app.exec();
}
