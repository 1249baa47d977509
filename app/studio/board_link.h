#pragma once
// BoardLink: the studio's one connection to a board, as a QObject.
//
// Protocol mode wraps a core DeviceSession (its own worker thread does the
// serial I/O). Forwarder mode remembers a port + baud rate for boards that
// print CSV lines; recording then runs core's recordForwarder.
//
// Threads: use from the GUI thread. DeviceSession callbacks arrive on its
// worker thread; BoardLink copies what they carry under a mutex and posts
// ONE queued call at a time to the GUI thread (QMetaObject::invokeMethod,
// Qt::QueuedConnection), so a 16 kHz stream costs a handful of GUI wake-ups
// per frame, not one per chunk. Every signal below is emitted on the GUI
// thread. Recording runs on its own std::thread with its own SampleStore.
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "device/device_session.h"
#include "device/recorder.h"
#include "device/sample_queue.h"

namespace mote::studio {

struct RecordingOutcome {
    std::vector<int64_t> sampleIds;  // committed to the store
    int lossySamples = 0;
    QString error;                   // empty when everything asked for was recorded
};

class BoardLink : public QObject {
    Q_OBJECT
public:
    enum class Mode { None, Protocol, Forwarder };

    explicit BoardLink(QObject* parent = nullptr);
    ~BoardLink() override;  // stops recording and the session (joins their threads)

    // Protocol mode: open + handshake in the background (stateChanged follows).
    void connectTo(const QString& port);
    // Forwarder mode: no handshake; the port is opened when recording.
    void useForwarder(const QString& port, int baudRate);
    void disconnectBoard();

    Mode mode() const { return m_mode; }
    QString port() const { return m_port; }
    int forwarderBaud() const { return m_baud; }
    bool isConnected() const;  // protocol: handshake done; forwarder: port chosen
    device::SessionState state() const;
    QString lastError() const;
    std::optional<protocol::CapabilitiesMessage> capabilities() const;
    device::SessionCounters counters() const;
    device::DeviceSession* session() { return m_session.get(); }

    // Live preview for the scope: continuous sampling of one sensor.
    Status startStream(const QString& sensor, float rateHz);
    void stopStream();
    QString streamingSensor() const { return m_streamSensor; }

    // Records labelled samples into the project database on a worker thread.
    // recordingProgress / recordingFinished follow. False (with the reason in
    // *why) if not connected or already recording.
    bool startRecording(const QString& databaseFile, const device::RecordRequest& request, QString* why = nullptr);
    void cancelRecording() { m_cancelRecording = true; }
    bool isRecording() const { return m_recording; }

signals:
    void stateChanged(mote::device::SessionState state, const QString& message);
    void capabilitiesChanged();
    void countersChanged();
    // Physical values (raw × scale), interleaved frames × axisCount.
    void samplesArrived(const QString& sensor, int axisCount, const std::vector<float>& values);
    void recordingProgress(int done, int total);
    void recordingFinished(const mote::studio::RecordingOutcome& outcome);
    // One InferenceResult from a board running live inference (Live page).
    void inferenceArrived(const mote::protocol::InferenceResultMessage& result);

private:
    void drainSamples();
    void joinRecorder();

    Mode m_mode = Mode::None;
    QString m_port;
    int m_baud = 115200;
    std::unique_ptr<device::DeviceSession> m_session;
    QString m_streamSensor;

    // Filled on the session's worker thread, drained on the GUI thread.
    std::mutex m_pendingMutex;
    std::vector<device::SampleBatch> m_pending;
    std::atomic<bool> m_drainPosted{false};

    device::SampleQueue m_recordQueue;
    std::atomic<bool> m_feedRecorder{false};
    std::atomic<bool> m_cancelRecording{false};
    std::thread m_recorder;
    bool m_recording = false;
};

}  // namespace mote::studio
