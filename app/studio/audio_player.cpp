#include "audio_player.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QMediaDevices>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mote::studio {

AudioPlayer::AudioPlayer(QObject* parent) : QObject(parent) {}

AudioPlayer::~AudioPlayer() { stop(); }

bool AudioPlayer::available() const { return !QMediaDevices::defaultAudioOutput().isNull(); }

QString AudioPlayer::unavailableReason() const {
    return available() ? QString() : tr("No sound output device on this computer");
}

QByteArray AudioPlayer::pcm16(const dataset::Sample& sample) {
    const auto frames = static_cast<std::size_t>(std::max<int64_t>(0, sample.frameCount));
    const std::size_t axes = static_cast<std::size_t>(std::max(1, sample.axisCount()));
    QByteArray out(static_cast<qsizetype>(frames * sizeof(int16_t)), Qt::Uninitialized);
    auto* pcm = reinterpret_cast<int16_t*>(out.data());
    if (sample.dataType == dataset::DataType::Int16 && sample.data.size() >= frames * axes * sizeof(int16_t)) {
        for (std::size_t i = 0; i < frames; ++i)
            std::memcpy(&pcm[i], sample.data.data() + i * axes * sizeof(int16_t), sizeof(int16_t));
        return out;
    }
    const auto values = sample.values();
    float peak = 0;
    for (std::size_t i = 0; i < frames && i * axes < values.size(); ++i)
        peak = std::max(peak, std::fabs(values[i * axes]));
    const float gain = peak > 0 ? 0.9f * 32767.0f / peak : 0.0f;
    for (std::size_t i = 0; i < frames; ++i) {
        const float v = i * axes < values.size() ? values[i * axes] * gain : 0.0f;
        pcm[i] = static_cast<int16_t>(std::lround(std::clamp(v, -32768.0f, 32767.0f)));
    }
    return out;
}

bool AudioPlayer::play(const dataset::Sample& sample, QString* error) {
    stop();
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        if (error)
            *error = unavailableReason();
        return false;
    }
    QAudioFormat format;
    format.setSampleRate(static_cast<int>(std::lround(sample.sampleRateHz)));
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format)) {
        if (error)
            *error = tr("The sound device cannot play %1 Hz mono 16-bit audio").arg(format.sampleRate());
        return false;
    }
    m_pcm = pcm16(sample);
    m_buffer.setData(m_pcm);
    m_buffer.open(QIODevice::ReadOnly);
    m_sink = std::make_unique<QAudioSink>(device, format);
    connect(m_sink.get(), &QAudioSink::stateChanged, this, [this](QAudio::State state) {
        if (state == QAudio::IdleState || state == QAudio::StoppedState)
            stop();
    });
    m_sink->start(&m_buffer);
    if (m_sink->error() != QAudio::NoError) {
        if (error)
            *error = tr("The sound device refused to start playback");
        stop();
        return false;
    }
    setPlaying(true);
    return true;
}

void AudioPlayer::stop() {
    if (m_sink) {
        // Deleted later: stop() may run inside the sink's own stateChanged.
        QAudioSink* sink = m_sink.release();
        sink->disconnect(this);
        sink->stop();
        sink->deleteLater();
    }
    m_buffer.close();
    setPlaying(false);
}

void AudioPlayer::setPlaying(bool playing) {
    if (playing == m_playing)
        return;
    m_playing = playing;
    emit playingChanged(playing);
}

}  // namespace mote::studio
