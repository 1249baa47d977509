#include "about_dialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <flatbuffers/base.h>
#include <libserialport.h>
#include <sqlite3.h>

namespace mote::studio {

QList<QPair<QString, QString>> AboutDialog::libraryVersions() {
    return {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion())},
        {QStringLiteral("SQLite"), QString::fromLatin1(sqlite3_libversion())},
        {QStringLiteral("FlatBuffers"), QStringLiteral("%1.%2.%3")
                                            .arg(FLATBUFFERS_VERSION_MAJOR)
                                            .arg(FLATBUFFERS_VERSION_MINOR)
                                            .arg(FLATBUFFERS_VERSION_REVISION)},
        {QStringLiteral("libserialport"), QString::fromLatin1(sp_get_package_version_string())},
    };
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Mote Studio"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<h2>Mote Studio %1</h2>").arg(QString::fromLatin1(MOTE_VERSION)));
    auto* blurb = new QLabel(tr("Offline TinyML workflow studio: collect labeled sensor data, design an impulse, "
                                "train, quantize to int8 and deploy to a microcontroller — all on this machine."));
    blurb->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(blurb);
    auto* form = new QFormLayout;
    for (const auto& [name, version] : libraryVersions()) {
        auto* value = new QLabel(version);
        value->setObjectName(QStringLiteral("version_") + name);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(name + QLatin1Char(':'), value);
    }
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

}  // namespace mote::studio
