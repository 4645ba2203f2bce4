#pragma once

// `beacon validate`'s typography check on two threads. Laying out every
// distinct fact sheet in every language at three screen sizes takes longer
// than parsing a 10,000-item playlist, so it runs alongside the parse: the
// workers find the fonts while the file is read, then check the fact sheets
// validate passes on as the parser hands items over (load_playlist's
// ItemParsed), each on the worker its words hash to. Each worker has a
// TypographyCheck of its own (fonts, shaping and caches are not shared), and
// drain() puts what they found back in the order the fact sheets were
// added, so the output does not depend on which thread finished first.
//
// Threading: every public member is called from one thread (the main
// thread). The TypographyChecks belong to the workers until drain() returns
// and again from the next add(); in between the caller may use both, each
// from one thread at a time (validate: the hotline's layout on `spare`, the
// captions on `check`), while the workers wait. See system/worker.h.

#include "core/diagnostic.h"
#include "core/playlist.h"
#include "render/content_check.h"
#include "system/worker.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace beacon::app {

class TypographyWorker {
  public:
    // Starts the threads, which start by finding the fonts.
    // `text_scale`: the kiosk's text-scale, which fact sheets must fit at.
    explicit TypographyWorker(double text_scale = 1);
    // Stops the threads; fact sheets still queued are dropped.
    ~TypographyWorker() = default;
    TypographyWorker(const TypographyWorker&) = delete;
    TypographyWorker& operator=(const TypographyWorker&) = delete;

    // Queues a copy of `factsheet`, named `source` in diagnostics. Waits
    // while many are queued already.
    void add(const std::string& source, const Item& factsheet);

    struct Drained {
        // Null when the fonts could not be found; `error` then says why.
        render::TypographyCheck* check = nullptr;
        // The other worker's, for one more thread of the caller's
        // (validate lays the hotline out on it while checking videos);
        // null when either worker could not find the fonts.
        render::TypographyCheck* spare = nullptr;
        std::string error;
        // What the fact sheets added since the last drain() showed, in the
        // order they were added.
        Diagnostics diagnostics;
    };
    // Waits until every queued fact sheet is checked.
    Drained drain();

  private:
    static constexpr std::size_t thread_count = 2; // the kiosk boards and CI have 2+ cores

    struct Job {
        std::uint64_t number = 0; // order of add()
        std::string source;
        Item factsheet;
    };
    struct Found {
        std::uint64_t number = 0;
        Diagnostics diagnostics;
    };
    using Thread = Worker<Job, Found>;

    // Written once by each worker (its own slot) before it first goes idle;
    // the owner reads them after waiting for that (drain()).
    std::array<std::unique_ptr<render::TypographyCheck>, thread_count> m_checks;
    std::array<std::string, thread_count> m_errors;
    std::uint64_t m_added = 0;

    // Last: they start once every member above exists.
    std::array<std::unique_ptr<Thread>, thread_count> m_threads;
};

} // namespace beacon::app
