#include "app/validate/typography_worker.h"

namespace beacon::app {

TypographyWorker::TypographyWorker() : m_thread([this] { run(); }) {}

TypographyWorker::~TypographyWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void TypographyWorker::add(const std::string& source, const Item& factsheet) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back({source, factsheet});
    }
    m_changed.notify_all();
}

TypographyWorker::Drained TypographyWorker::drain() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_busy && m_queue.empty(); });
    Drained drained;
    drained.check = m_check.get();
    drained.error = m_error;
    drained.diagnostics = std::move(m_diagnostics);
    m_diagnostics.clear();
    return drained;
}

void TypographyWorker::run() {
    auto created = render::TypographyCheck::create();
    std::unique_lock lock(m_mutex);
    if (created)
        m_check = created.release_value();
    else
        m_error = created.error().message;
    for (;;) {
        m_busy = false;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping)
            return;
        m_busy = true;
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        if (!m_check)
            continue; // drain() reports the missing fonts once
        lock.unlock();
        Diagnostics found;
        m_check->check_factsheet(job.source, job.factsheet, found);
        lock.lock();
        for (auto& diagnostic : found)
            m_diagnostics.push_back(std::move(diagnostic));
    }
}

} // namespace beacon::app
