#pragma once

// `beacon validate`'s typography check on a second thread. Laying out every
// distinct fact sheet in every language at three screen sizes takes about as
// long as parsing a 10,000-item playlist, so it runs alongside the parse:
// the worker finds the fonts while the file is read, then checks each fact
// sheet as the parser hands it over (load_playlist's FactSheetParsed).
//
// Threading: every public member is called from one thread (the main
// thread). The TypographyCheck belongs to the worker until drain() returns
// and again from the next add(); in between the main thread may use it
// (hotline and caption checks) while the worker waits. See system/worker.h.

#include "core/diagnostic.h"
#include "core/playlist.h"
#include "render/content_check.h"
#include "system/worker.h"

#include <memory>
#include <string>

namespace beacon::app {

class TypographyWorker {
  public:
    // Starts the thread, which starts by finding the fonts.
    // `text_scale`: the kiosk's text-scale, which fact sheets must fit at.
    explicit TypographyWorker(double text_scale = 1);
    // Stops the thread; fact sheets still queued are dropped.
    ~TypographyWorker() = default;
    TypographyWorker(const TypographyWorker&) = delete;
    TypographyWorker& operator=(const TypographyWorker&) = delete;

    // Queues a copy of `factsheet`, named `source` in diagnostics. Waits
    // while many are queued already.
    void add(const std::string& source, const Item& factsheet);

    struct Drained {
        // Null when the fonts could not be found; `error` then says why.
        render::TypographyCheck* check = nullptr;
        std::string error;
        // What the fact sheets added since the last drain() showed, in the
        // order they were added.
        Diagnostics diagnostics;
    };
    // Waits until every queued fact sheet is checked.
    Drained drain();

  private:
    struct Job {
        std::string source;
        Item factsheet;
    };

    // Written once by the worker before it first goes idle; the owner reads
    // them after waiting for that (drain()).
    std::unique_ptr<render::TypographyCheck> m_check;
    std::string m_error;

    Worker<Job, Diagnostics> m_worker; // last: it starts once every member above exists
};

} // namespace beacon::app
