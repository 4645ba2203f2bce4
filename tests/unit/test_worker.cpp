// Worker<Request, Result> (system/worker.h): the one background-thread type.

#include "system/worker.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>

using beacon::Worker;
using namespace std::chrono_literals;

TEST_CASE("a worker answers requests in order and wakes its owner", "[worker]") {
    std::atomic<int> wakes{0};
    Worker<int, std::string> worker(
        [](int& n, auto& context) { context.post(std::to_string(n * n)); },
        {.capacity = 2, .wake = [&] { ++wakes; }});
    for (int n = 1; n <= 5; ++n)
        worker.submit(n); // waits for room after two
    worker.wait_idle();
    CHECK(worker.take() == std::vector<std::string>{"1", "4", "9", "16", "25"});
    CHECK(wakes == 5);
    CHECK(worker.take().empty());
}

TEST_CASE("a worker that keeps the latest request drops the older ones", "[worker]") {
    std::atomic<bool> release{false};
    Worker<int, int> worker(
        [&](int& n, auto& context) {
            while (!release)
                std::this_thread::sleep_for(1ms);
            if (!context.superseded())
                context.post(n);
        },
        {.capacity = 1, .when_full = Worker<int, int>::WhenFull::DropOldest});
    worker.submit(1);
    // 1 may already be running; 2 and 3 queue behind it, and 3 replaces 2.
    worker.submit(2);
    worker.submit(3);
    release = true;
    worker.wait_idle();
    CHECK(worker.take() == std::vector<int>{3});
}

TEST_CASE("stopping a worker interrupts its sleep and runs its hooks", "[worker]") {
    std::atomic<bool> interrupted{false}, finished{false}, started{false};
    auto asleep = std::chrono::steady_clock::now();
    {
        Worker<int, int> worker(
            [](int&, auto& context) {
                // Returns early, false: the destructor asked it to stop.
                if (!context.sleep_for(1h))
                    context.post(0);
            },
            {.start = [&](auto&) { started = true; },
             .interrupt = [&] { interrupted = true; },
             .finish = [&] { finished = true; }});
        worker.submit(1);
        worker.submit(2); // dropped by the stop
    }
    CHECK(std::chrono::steady_clock::now() - asleep < 1min);
    CHECK(started);
    CHECK(interrupted);
    CHECK(finished);
}
