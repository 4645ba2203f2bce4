#include "app/validate/typography_worker.h"

namespace beacon::app {

namespace {

// Fact sheets queued ahead of the check: enough that the parser rarely
// waits, few enough that a 10,000-item playlist is not copied twice.
constexpr std::size_t queued_factsheets = 1024;

} // namespace

TypographyWorker::TypographyWorker(double text_scale)
    : m_worker(
          [this](Job& job, auto& context) {
              if (!m_check)
                  return; // drain() reports the missing fonts once
              Diagnostics found;
              m_check->check_factsheet(job.source, job.factsheet, found);
              if (!found.empty())
                  context.post(std::move(found));
          },
          {.capacity = queued_factsheets, .start = [this, text_scale](auto&) {
               auto created = render::TypographyCheck::create(text_scale);
               if (created)
                   m_check = created.release_value();
               else
                   m_error = created.error().message;
           }}) {}

void TypographyWorker::add(const std::string& source, const Item& factsheet) {
    m_worker.submit({source, factsheet});
}

TypographyWorker::Drained TypographyWorker::drain() {
    m_worker.wait_idle();
    Drained drained;
    drained.check = m_check.get();
    drained.error = m_error;
    for (auto& found : m_worker.take())
        for (auto& diagnostic : found)
            drained.diagnostics.push_back(std::move(diagnostic));
    return drained;
}

} // namespace beacon::app
