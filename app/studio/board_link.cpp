#include "board_link.h"

#include "device/forwarder_recorder.h"

#include <chrono>

namespace mote::studio {

using device::SessionState;

BoardLink::BoardLink(QObject* parent) : QObject(parent) {}

BoardLink::~BoardLink() {
    m_cancelRecording = true;
    joinRecorder();
    m_session.reset();  // joins the session's worker; no callback runs after this
}

void BoardLink::joinRecorder() {
    if (m_recorder.joinable())
        m_recorder.join();
}

void BoardLink::connectTo(const QString& port) {
    disconnectBoard();
    m_mode = Mode::Protocol;
    m_port = port;
    device::SessionCallbacks callbacks;
    // All of these run on the session's worker thread.
    callbacks.onState = [this](SessionState state, const std::string& message) {
        const QString text = QString::fromStdString(message);
        QMetaObject::invokeMethod(this, [this, state, text] { emit stateChanged(state, text); }, Qt::QueuedConnection);
    };
    callbacks.onCapabilities = [this](const protocol::CapabilitiesMessage&) {
        QMetaObject::invokeMethod(this, [this] { emit capabilitiesChanged(); }, Qt::QueuedConnection);
    };
    callbacks.onCounters = [this](const device::SessionCounters&) {
        QMetaObject::invokeMethod(this, [this] { emit countersChanged(); }, Qt::QueuedConnection);
    };
    callbacks.onSamples = [this](const device::SampleBatch& batch) {
        if (m_feedRecorder)
            m_recordQueue.push(batch);
        {
            std::lock_guard lock(m_pendingMutex);
            m_pending.push_back(batch);
        }
        if (!m_drainPosted.exchange(true))
            QMetaObject::invokeMethod(this, &BoardLink::drainSamples, Qt::QueuedConnection);
    };
    callbacks.onInference = [this](const protocol::InferenceResultMessage& result) {
        // A few per second at most: one queued call each is fine.
        QMetaObject::invokeMethod(this, [this, result] { emit inferenceArrived(result); }, Qt::QueuedConnection);
    };
    m_session = std::make_unique<device::DeviceSession>(port.toStdString(), device::SessionOptions{}, callbacks);
    if (auto st = m_session->start(); !st)
        emit stateChanged(SessionState::Failed, QString::fromStdString(st.message()));
}

void BoardLink::useForwarder(const QString& port, int baudRate) {
    disconnectBoard();
    m_mode = Mode::Forwarder;
    m_port = port;
    m_baud = baudRate;
    emit stateChanged(SessionState::Connected, tr("Forwarder mode on %1 at %2 baud").arg(port).arg(baudRate));
}

void BoardLink::disconnectBoard() {
    if (m_recording)
        m_cancelRecording = true;
    joinRecorder();
    m_recording = false;
    const bool had = m_mode != Mode::None;
    m_session.reset();
    m_streamSensor.clear();
    m_mode = Mode::None;
    {
        std::lock_guard lock(m_pendingMutex);
        m_pending.clear();
    }
    if (had)
        emit stateChanged(SessionState::Stopped, tr("Disconnected"));
}

bool BoardLink::isConnected() const {
    if (m_mode == Mode::Forwarder)
        return true;
    return m_session && m_session->state() == SessionState::Connected;
}

SessionState BoardLink::state() const {
    if (m_mode == Mode::Forwarder)
        return SessionState::Connected;
    return m_session ? m_session->state() : SessionState::Idle;
}

QString BoardLink::lastError() const {
    return m_session ? QString::fromStdString(m_session->lastError()) : QString();
}

std::optional<protocol::CapabilitiesMessage> BoardLink::capabilities() const {
    return m_session ? m_session->capabilities() : std::nullopt;
}

device::SessionCounters BoardLink::counters() const { return m_session ? m_session->counters() : device::SessionCounters{}; }

Status BoardLink::startStream(const QString& sensor, float rateHz) {
    if (!m_session || m_mode != Mode::Protocol)
        return Error{tr("No board connected").toStdString()};
    if (m_streamSensor == sensor)
        return {};
    if (!m_streamSensor.isEmpty())
        stopStream();
    auto seq = m_session->startSampling(sensor.toStdString(), rateHz, 0);
    if (!seq)
        return seq.error();
    m_streamSensor = sensor;
    return {};
}

void BoardLink::stopStream() {
    if (m_session && !m_streamSensor.isEmpty())
        (void)m_session->stopSampling(m_streamSensor.toStdString());
    m_streamSensor.clear();
}

void BoardLink::drainSamples() {
    m_drainPosted = false;
    std::vector<device::SampleBatch> batches;
    {
        std::lock_guard lock(m_pendingMutex);
        batches.swap(m_pending);
    }
    const auto caps = capabilities();
    for (const auto& batch : batches) {
        const protocol::SensorDescriptor* sensor = caps ? caps->findSensor(batch.sensor) : nullptr;
        std::vector<float> values(batch.values.size());
        const std::size_t axes = static_cast<std::size_t>(std::max(1, batch.axisCount));
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::size_t axis = i % axes;
            const float scale = sensor && axis < sensor->scales.size() ? sensor->scales[axis] : 1.0f;
            values[i] = static_cast<float>(batch.values[i]) * scale;
        }
        emit samplesArrived(QString::fromStdString(batch.sensor), batch.axisCount, values);
    }
}

bool BoardLink::startRecording(const QString& databaseFile, const device::RecordRequest& request, QString* why) {
    auto refuse = [why](const QString& text) {
        if (why)
            *why = text;
        return false;
    };
    if (m_recording)
        return refuse(tr("A recording is already running."));
    if (!isConnected())
        return refuse(tr("Connect a board on the Devices page first."));
    joinRecorder();
    m_recording = true;
    m_cancelRecording = false;
    const bool forwarder = m_mode == Mode::Forwarder;
    const std::string db = databaseFile.toStdString();
    const std::string port = m_port.toStdString();
    const int baud = m_baud;
    if (!forwarder) {
        stopStream();
        m_feedRecorder = true;
    }
    m_recorder = std::thread([this, db, request, forwarder, port, baud] {
        RecordingOutcome outcome;
        auto progress = [this](const device::RecordProgress& p) {
            QMetaObject::invokeMethod(
                this, [this, p] { emit recordingProgress(p.done, p.total); }, Qt::QueuedConnection);
        };
        auto store = dataset::SampleStore::open(db);
        if (!store) {
            outcome.error = QString::fromStdString(store.message());
        } else {
            Result<device::RecordResult> result = Error{};
            if (forwarder) {
                device::ForwarderRecordRequest fr;
                fr.port = port;
                fr.serial.baudRate = baud;
                fr.label = request.label;
                fr.rateHz = request.rateHz;
                fr.lengthSeconds = request.lengthSeconds;
                fr.count = request.count;
                fr.split = request.split;
                auto r = device::recordForwarder(fr, store.value(), progress, &m_cancelRecording);
                if (r)
                    result = r.value().record;
                else
                    result = r.error();
            } else {
                // Let the preview stream's last chunks drain before the
                // recorder clears the queue and starts its own stream.
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                device::Recorder recorder(*m_session, m_recordQueue, store.value());
                result = recorder.record(request, progress, &m_cancelRecording);
            }
            if (!result) {
                outcome.error = QString::fromStdString(result.message());
            } else {
                for (const auto& s : result.value().samples) {
                    outcome.sampleIds.push_back(s.id);
                    if (s.lossy)
                        ++outcome.lossySamples;
                }
                outcome.error = QString::fromStdString(result.value().error);
            }
        }
        m_feedRecorder = false;
        QMetaObject::invokeMethod(
            this,
            [this, outcome] {
                joinRecorder();
                m_recording = false;
                emit recordingFinished(outcome);
            },
            Qt::QueuedConnection);
    });
    return true;
}

}  // namespace mote::studio
