#include "link_budget.h"

#include <algorithm>
#include <cmath>

#include <QObject>

namespace mote::studio {
namespace {

QString rate(double bytesPerSecond) {
    if (bytesPerSecond >= 1e6)
        return QStringLiteral("%1 MB/s").arg(bytesPerSecond / 1e6, 0, 'f', 1);
    if (bytesPerSecond >= 1e3)
        return QStringLiteral("%1 kB/s").arg(bytesPerSecond / 1e3, 0, 'f', 1);
    return QStringLiteral("%1 B/s").arg(bytesPerSecond, 0, 'f', 0);
}

}  // namespace

LinkBudget computeLinkBudget(int axes, double rateHz, int bytesPerValue, const QString& portKind, int baudRate,
                             int chunkValues) {
    LinkBudget b;
    axes = std::max(1, axes);
    chunkValues = std::max(axes, chunkValues);
    b.payloadBytesPerSecond = axes * rateHz * bytesPerValue;
    // Per chunk frame: 4-byte header, ~40 bytes of flatbuffer fields
    // (sensor id, timestamp, first index, vector length), 4-byte CRC, the
    // 0x00 delimiter, and COBS adds one byte per 254.
    const double chunksPerSecond = axes * rateHz / chunkValues;
    const double overhead = chunksPerSecond * (4 + 40 + 4 + 1);
    b.wireBytesPerSecond = (b.payloadBytesPerSecond + overhead) * (1.0 + 1.0 / 254.0);
    QString link;
    if (portKind == QLatin1String("pty")) {
        b.capacityBytesPerSecond = 35e6;
        link = QObject::tr("the pseudo-terminal");
    } else if (portKind == QLatin1String("usb")) {
        b.capacityBytesPerSecond = 1e6;
        link = QObject::tr("USB CDC");
    } else {
        b.capacityBytesPerSecond = std::max(1, baudRate) / 10.0;
        link = QObject::tr("%1 baud").arg(baudRate);
    }
    b.fits = b.wireBytesPerSecond <= 0.9 * b.capacityBytesPerSecond;
    const double share = 100.0 * b.wireBytesPerSecond / b.capacityBytesPerSecond;
    b.text = QObject::tr("%1 axes × %2 Hz × %3 B = %4 (≈ %5 with framing) of %6 over %7 (%8%)")
                 .arg(axes)
                 .arg(rateHz, 0, 'g', 6)
                 .arg(bytesPerValue)
                 .arg(rate(b.payloadBytesPerSecond), rate(b.wireBytesPerSecond), rate(b.capacityBytesPerSecond), link)
                 .arg(share < 1 ? QStringLiteral("<1") : QString::number(share, 'f', 0));
    if (!b.fits)
        b.text += QObject::tr(" — too much: lower the rate or the axes, or samples will be lost");
    return b;
}

}  // namespace mote::studio
