#pragma once
// WorkerJob: the start / finish / cancel plumbing shared by the studio's
// long-running jobs (import, export, deploy, quantize, feature explorer,
// training). A job runs one piece of work at a time on its own std::thread
// and reports back on the GUI thread.
//
// Contract for a derived job:
//   - start(): `if (isRunning()) return false;`, reset its outcome, then
//     `return launch([this, args] { ...work...; finish([this, out] { m_outcome = out; }); });`
//   - the work reads cancelRequested() / passes cancelFlag() to core code,
//     emits its own signals through post(), and ends with exactly one finish().
//   - its destructor calls stopWorker() FIRST: the worker uses the derived
//     object's members, which are gone by the time ~WorkerJob runs.
//
// Threads: start()/cancel()/isRunning() on the GUI thread (cancel() may be
// called from any thread). finish() runs `publish`, clears isRunning() and
// emits finished() on the GUI thread, in that order, after joining the worker.
// Queued calls are dropped if the job is destroyed first (Qt context object).
#include <QMetaObject>
#include <QObject>

#include <atomic>
#include <functional>
#include <thread>
#include <utility>

namespace mote::studio {

class WorkerJob : public QObject {
    Q_OBJECT
public:
    explicit WorkerJob(QObject* parent = nullptr);
    ~WorkerJob() override;

    // Asks the running work to stop; it still ends with finished().
    virtual void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }

signals:
    void finished();

protected:
    // Starts `work` on a new thread. False (nothing started) when a job is running.
    bool launch(std::function<void()> work);

    // Worker side: true once cancel() was called for this run.
    bool cancelRequested() const { return m_cancel.load(); }
    // For core functions that poll a cancel flag.
    std::atomic<bool>* cancelFlag() { return &m_cancel; }

    // Worker side: runs `fn` on the GUI thread (queued).
    template <typename Fn>
    void post(Fn fn) {
        QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
    }

    // Worker side, last thing the work does: on the GUI thread, join the
    // worker, run `publish` (store the outcome), clear isRunning(), emit finished().
    template <typename Publish>
    void finish(Publish publish) {
        post([this, publish = std::move(publish)]() mutable {
            joinWorker();
            publish();
            m_running = false;
            emit finished();
        });
    }

    // Cancels and joins; call first in every derived destructor.
    void stopWorker();

private:
    void joinWorker();

    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

}  // namespace mote::studio
