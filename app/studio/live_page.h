#pragma once
// Live page: live inference on the connected board. Start/Stop sends
// StartInference/StopInference (protocol 1.1); the board streams the sensor
// (SampleChunks, shown in the signal plot) and one InferenceResult per
// stride. The page shows the class scores over the last 30 s (one line per
// label), the signal under them, the big smoothed current label
// (device::LiveInference: majority vote + EMA), DSP/model time in µs and
// cycles (marked "emulated" on QEMU/simulated boards), and the board's
// RAM/flash figures from its Capabilities and the last verified
// deployment's size report.
//
// Threads: GUI thread. Commands only queue on the DeviceSession; the
// board's Ack is polled with a timer, so the GUI never waits on the board.
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "device/live_inference.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace mote::studio {

class BoardLink;
class MemoryBar;
class ScoreChart;
class SignalPlot;
class StudioContext;

class LivePage : public QWidget {
    Q_OBJECT
public:
    LivePage(StudioContext& context, BoardLink& board, QWidget* parent = nullptr);
    ~LivePage() override;

    // Starts live inference on the selected sensor; false (reason in the
    // status line) without a connected board carrying a model.
    bool start();
    void stop();
    bool isRunning() const { return m_running; }

    // For tests.
    uint64_t resultCount() const { return m_results; }
    QString currentLabel() const;
    QString timingText() const;
    QString statusText() const;
    QString boardMemoryText() const;
    const ScoreChart* scoreChart() const { return m_scores; }
    const SignalPlot* signalPlot() const { return m_signal; }

signals:
    void message(const QString& text);

private:
    void onBoardChanged();
    void onResult(const protocol::InferenceResultMessage& message);
    void onSamples(const QString& sensor, int axisCount, const std::vector<float>& values);
    void pollAck();
    void updateBoardFigures();
    void setStatus(const QString& text, bool error = false);
    void setRunning(bool running);
    bool boardIsEmulated() const;

    StudioContext& m_context;
    BoardLink& m_board;
    std::unique_ptr<device::LiveInference> m_live;
    bool m_running = false;
    uint64_t m_results = 0;
    std::optional<uint16_t> m_pendingSeq;  // StartInference awaiting its Ack
    int m_ackPolls = 0;
    QTimer m_ackTimer;
    QString m_sensor;
    // The board samples at its impulse's rate, which Capabilities do not
    // state: the plot's rate is checked against the arrivals once.
    std::vector<float> m_sensorRates;
    qint64 m_framesSeen = 0;
    QElapsedTimer m_streamClock;
    bool m_rateChecked = false;

    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QComboBox* m_sensorCombo = nullptr;
    QSpinBox* m_stride = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_labelDetail = nullptr;
    QLabel* m_timing = nullptr;
    QLabel* m_modelInfo = nullptr;
    QLabel* m_memory = nullptr;
    MemoryBar* m_flashBar = nullptr;
    MemoryBar* m_ramBar = nullptr;
    ScoreChart* m_scores = nullptr;
    SignalPlot* m_signal = nullptr;
};

}  // namespace mote::studio
