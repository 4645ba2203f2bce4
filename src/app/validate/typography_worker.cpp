#include "app/validate/typography_worker.h"

#include <algorithm>

namespace beacon::app {

namespace {

// Fact sheets queued ahead of each check: enough that the parser rarely
// waits, few enough that a 10,000-item playlist is not copied twice.
constexpr std::size_t queued_factsheets = 512;

} // namespace

TypographyWorker::TypographyWorker(double text_scale) {
    for (std::size_t i = 0; i < thread_count; ++i)
        m_threads[i] = std::make_unique<Thread>(
            [this, i](Job& job, auto& context) {
                if (!m_checks[i])
                    return; // drain() reports the missing fonts once
                Found found{job.number, {}};
                m_checks[i]->check_factsheet(job.source, job.factsheet, found.diagnostics);
                if (!found.diagnostics.empty())
                    context.post(std::move(found));
            },
            Thread::Setup{.capacity = queued_factsheets, .start = [this, i, text_scale](auto&) {
                              auto created = render::TypographyCheck::create(text_scale);
                              if (created)
                                  m_checks[i] = created.release_value();
                              else
                                  m_errors[i] = created.error().message;
                          }});
}

void TypographyWorker::add(const std::string& source, const Item& factsheet) {
    std::uint64_t const number = m_added++;
    // Chosen by the words, not in turn: a playlist that repeats a sheet's
    // words under new ids has each distinct sheet checked once, by the
    // thread whose cache holds it, not once per thread.
    std::size_t words = 0;
    for (FactSheetText const& text : factsheet.texts)
        words = words * 31 + words_hash(text);
    m_threads[words % thread_count]->submit({number, source, factsheet});
}

TypographyWorker::Drained TypographyWorker::drain() {
    std::vector<Found> all;
    for (auto& thread : m_threads) {
        thread->wait_idle();
        for (auto& found : thread->take())
            all.push_back(std::move(found));
    }
    // Each thread's results are in order already; the two are merged.
    std::stable_sort(all.begin(), all.end(),
                     [](Found const& a, Found const& b) { return a.number < b.number; });
    Drained drained;
    drained.check = m_checks[0].get();
    drained.spare = m_checks[0] ? m_checks[1].get() : nullptr;
    drained.error = m_checks[0] ? std::string() : m_errors[0];
    for (auto& found : all)
        for (auto& diagnostic : found.diagnostics)
            drained.diagnostics.push_back(std::move(diagnostic));
    return drained;
}

} // namespace beacon::app
