#pragma once

// Worker<Request, Result>: one background thread with a bounded queue of
// requests, the results it posts back, and how it stops. Every background
// thread that waits for work is one of these: the update worker, the
// typography check, the font search, the still decoder and the read-ahead
// of the installer. (The only other threads: libmpv's own, and the exit
// timer in system/termination.cpp, which is detached on purpose.)
//
// Threading rules:
// - The owner is one thread (the loop, or a command's main thread). Only it
//   calls submit(), take(), wait_idle(), stop() and the destructor.
// - The handler and the `start` and `finish` hooks run on the worker thread
//   only. They reach the owner only through Context::post(), which queues a
//   result and then calls `wake` on the worker thread. `wake` must be safe on
//   any thread and must not call back into the worker. Without SDL here, a
//   loop that sleeps in events::EventWait passes a `wake` that calls
//   events::push_wake_event().
// - stop() (and the destructor) raise the stop flag, drop the queued
//   requests and call `interrupt` on the owner's thread, to break a blocking
//   wait the handler is in that the flag cannot (a FileWatcher). The
//   destructor then joins: a handler that runs long checks ctx.stopping(),
//   sleeps with ctx.sleep_for(), or hands ctx.stop_flag() on.
// - Results are not bounded: a handler that posts often (progress) limits
//   its own rate. A submit() never waits on the owner's take(), so the owner
//   may block in submit() or wait_idle() without deadlock.
//
// Lifetime: the thread starts in the constructor, so a Worker is declared
// as its owner's last member. It then starts once every member its handler
// uses exists, and is joined before any of them goes.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace beacon {

template <typename Request, typename Result> class Worker {
  public:
    // What the handler sees of its worker. Worker thread only.
    class Context {
      public:
        // Queues `result` for the owner's take(), then calls `wake`.
        void post(Result result) {
            {
                std::lock_guard lock(m_worker.m_mutex);
                m_worker.m_results.push_back(std::move(result));
            }
            m_worker.m_changed.notify_all(); // for wait_and_take()
            if (m_worker.m_setup.wake)
                m_worker.m_setup.wake();
        }
        bool stopping() const { return m_worker.m_stopping.load(); }
        // For code that polls a flag itself (the installer's cancel).
        const std::atomic<bool>& stop_flag() const { return m_worker.m_stopping; }
        // Sleeps `time` unless asked to stop; false when asked to stop.
        template <typename Rep, typename Period>
        bool sleep_for(std::chrono::duration<Rep, Period> time) {
            std::unique_lock lock(m_worker.m_mutex);
            return !m_worker.m_changed.wait_for(lock, time,
                                                [this] { return m_worker.m_stopping.load(); });
        }
        // Whether a newer request is already queued (its result would make
        // the current one's pointless, for a queue that keeps the latest).
        bool superseded() const {
            std::lock_guard lock(m_worker.m_mutex);
            return !m_worker.m_requests.empty();
        }

      private:
        friend class Worker;
        explicit Context(Worker& worker) : m_worker(worker) {}
        Worker& m_worker;
    };

    using Handler = std::function<void(Request&, Context&)>;
    // What submit() does with a full queue.
    enum class WhenFull {
        Wait,       // the owner waits for room: nothing is lost
        DropOldest, // the oldest queued request goes: only the latest matters
    };
    struct Setup {
        std::size_t capacity = 64; // queued requests, not counting the one running
        WhenFull when_full = WhenFull::Wait;
        std::function<void()> wake;          // worker thread, after each post()
        std::function<void(Context&)> start; // worker thread, before the first request
        std::function<void()> interrupt;     // owner's thread, in stop()
        std::function<void()> finish;        // worker thread, the last thing it runs
    };

    Worker(Handler handler, Setup setup)
        : m_handler(std::move(handler)), m_setup(std::move(setup)), m_thread([this] { run(); }) {}
    // Stops (queued requests are dropped) and joins.
    ~Worker() {
        stop();
        m_thread.join();
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Queues `request`; see WhenFull. Dropped once stop() was called.
    void submit(Request request) {
        {
            std::unique_lock lock(m_mutex);
            if (m_setup.when_full == WhenFull::Wait)
                m_changed.wait(lock, [this] {
                    return m_stopping.load() || m_requests.size() < m_setup.capacity;
                });
            else
                while (!m_requests.empty() && m_requests.size() >= m_setup.capacity)
                    m_requests.pop_front();
            if (m_stopping)
                return;
            m_requests.push_back(std::move(request));
        }
        m_changed.notify_all();
    }

    // Every result posted since the last take(), oldest first.
    std::vector<Result> take() {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_results, {});
    }

    // For an owner that has nothing else to wait for: waits until a result
    // is posted (or the worker stops), then takes every result posted.
    std::vector<Result> wait_and_take() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_results.empty() || m_stopping.load(); });
        return std::exchange(m_results, {});
    }

    // Waits until `start` has run and no request is queued or running.
    void wait_idle() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_busy && m_requests.empty(); });
    }

    // Asks the handler to return soon; see the threading rules above.
    void stop() {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
            m_stopping = true;
            m_requests.clear();
        }
        m_changed.notify_all();
        if (m_setup.interrupt)
            m_setup.interrupt();
    }

  private:
    void run() {
        Context context(*this);
        if (m_setup.start)
            m_setup.start(context);
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_busy = false;
            m_changed.notify_all();
            m_changed.wait(lock, [this] { return m_stopping.load() || !m_requests.empty(); });
            if (m_stopping)
                break;
            m_busy = true;
            Request request = std::move(m_requests.front());
            m_requests.pop_front();
            m_changed.notify_all(); // room for a waiting submit()
            lock.unlock();
            m_handler(request, context);
            lock.lock();
        }
        m_busy = false;
        m_changed.notify_all();
        lock.unlock();
        if (m_setup.finish)
            m_setup.finish();
    }

    const Handler m_handler;
    const Setup m_setup;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed; // any change to the members below
    // Guarded by m_mutex (m_stopping is also read without it).
    std::deque<Request> m_requests;
    std::vector<Result> m_results;
    bool m_busy = true; // running `start` or a request
    std::atomic<bool> m_stopping{false};
    std::thread m_thread; // last: starts once every member above exists
};

} // namespace beacon
