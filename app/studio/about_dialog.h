#pragma once
// Help > About: what this build is and the versions of the libraries it runs on.
#include <QDialog>

namespace mote::studio {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // "Qt 6.4.2 · SQLite 3.40.1 · FlatBuffers 2.0.8 · libserialport 0.1.1" as
    // label/value pairs, in display order (runtime versions where the library
    // offers them).
    static QList<QPair<QString, QString>> libraryVersions();
};

}  // namespace mote::studio
