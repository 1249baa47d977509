#pragma once
// Plays one audio sample on the default sound output (Qt Multimedia), for
// the Dataset page's Play button. Machines without a sound device (CI,
// headless servers) are normal: available() is false, unavailableReason()
// says why, and play() refuses instead of failing later.
//
// Threads: GUI thread only; playback itself runs in Qt's audio thread.
#include <QBuffer>
#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

#include "dataset/sample.h"

class QAudioSink;

namespace mote::studio {

class AudioPlayer : public QObject {
    Q_OBJECT
public:
    explicit AudioPlayer(QObject* parent = nullptr);
    ~AudioPlayer() override;

    bool available() const;
    QString unavailableReason() const;
    bool isPlaying() const { return m_playing; }

    // Mono 16-bit PCM of a sample's first axis: int16 data is played as
    // recorded; float data is scaled so its peak sits at 90% of full scale.
    static QByteArray pcm16(const dataset::Sample& sample);

    // Starts playing (stopping any current playback); false with `error`
    // set when there is no output device or the format is refused.
    bool play(const dataset::Sample& sample, QString* error = nullptr);
    void stop();

signals:
    void playingChanged(bool playing);

private:
    void setPlaying(bool playing);

    std::unique_ptr<QAudioSink> m_sink;
    QByteArray m_pcm;
    QBuffer m_buffer;
    bool m_playing = false;
};

}  // namespace mote::studio
