#pragma once
// Link budget: will a sensor configuration fit through the port? Shown on
// the Acquisition page before recording. Pure functions, any thread.
#include <QString>

namespace mote::studio {

struct LinkBudget {
    double payloadBytesPerSecond = 0;  // axes × rate × bytes per value
    double wireBytesPerSecond = 0;     // plus frame header, chunk fields, CRC, COBS
    double capacityBytesPerSecond = 0; // what the port carries
    bool fits = true;                  // wire <= 90% of capacity
    QString text;                      // one line for the user
};

// `portKind`: "pty" (simulated/emulated board: fast), "usb" (CDC-ACM:
// baud ignored, ~1 MB/s full-speed), otherwise a UART at `baudRate`
// (10 bits per byte). `chunkValues` is values per SampleChunk frame.
LinkBudget computeLinkBudget(int axes, double rateHz, int bytesPerValue, const QString& portKind, int baudRate,
                             int chunkValues = 256);

}  // namespace mote::studio
