#include "worker_job.h"

namespace mote::studio {

WorkerJob::WorkerJob(QObject* parent) : QObject(parent) {}

// Normally the derived destructor has already stopped the worker; this is
// the fallback for a job that never started one.
WorkerJob::~WorkerJob() { stopWorker(); }

bool WorkerJob::launch(std::function<void()> work) {
    if (m_running)
        return false;
    joinWorker();  // a finished run whose finish() was not delivered yet
    m_cancel = false;
    m_running = true;
    m_thread = std::thread(std::move(work));
    return true;
}

void WorkerJob::stopWorker() {
    if (m_thread.joinable())
        cancel();
    joinWorker();
}

void WorkerJob::joinWorker() {
    if (m_thread.joinable())
        m_thread.join();
}

}  // namespace mote::studio
