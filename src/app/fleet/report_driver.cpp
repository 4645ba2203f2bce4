#include "app/fleet/report_driver.h"

#include "app/fleet/report_put.h"
#include "fleet/device_key.h"
#include "fleet/enrol.h"
#include "fleet/envelope.h"
#include "fleet/kiosk_facts.h"
#include "fleet/report_auth.h"
#include "fleet/screenshot.h"
#include "system/log.h"
#include "system/worker.h"
#include "update/backoff.h"
#include "update/http_client.h"

#include <random>

namespace beacon::app {

namespace {

using std::chrono::milliseconds;

std::string report_file_url(const std::string& base, const std::string& name) {
    std::string url = base;
    if (url.empty() || url.back() != '/')
        url += '/';
    return update::sibling_url(url, stats_key(name) + ".json");
}

} // namespace

// The worker's side. Everything but the Worker is touched only by the
// worker thread once it has started (the constructor sets it up first).
struct ReportDriver::Sender {
    enum class State { Unknown, Ok, Failing };

    const Options& options;
    PosixFileSystem files;
    std::string url;
    std::string name;
    std::optional<fleet::DeviceKey> key;
    std::vector<std::string> headers;
    std::unique_ptr<update::HttpClient> client; // null: each PUT in a child
    bool ready = false;                         // start() succeeded
    update::Backoff backoff;
    std::optional<Clock::time_point> retry_at; // real time: the worker's own clock
    State state = State::Unknown;
    long long boot_count = 0;
    Worker<Draft, int> worker; // last: starts once everything above exists

    Sender(const Options& options_, std::string name_)
        : options(options_), url(report_file_url(options_.report_url, name_)),
          name(std::move(name_)),
          // The update poller's backoff. --time-scale (tests) runs it faster,
          // as it does every other timer of the loop.
          backoff(whole_ms(Seconds(30) / options_.time_scale),
                  whole_ms(std::max(Seconds(30), options_.report_interval) / options_.time_scale),
                  std::random_device{}()),
          worker([this](Draft& draft, auto& context) { send(draft, context); },
                 {.capacity = 1,
                  .when_full = Worker<Draft, int>::WhenFull::DropOldest,
                  .start = [this](auto&) { start(); }}) {}

    // Worker thread, once: the device key, the credentials, the boot count.
    void start() {
        auto made = fleet::load_or_make_device_key(files, options.state_dir);
        if (!made) {
            log::error("reports: no device key in " + options.state_dir + ": " +
                       made.error().message + "; reports are not sent");
            return;
        }
        key = made.release_value();
        if (key->made)
            log::info("reports: made this kiosk's key " + key->public_key.id() + " (" +
                      options.state_dir + "/device.pub)");
        if (key->fix)
            log::warning("reports: " + *key->fix);
        if (!options.report_auth_file.empty()) {
            if (auto auth = fleet::load_report_auth(files, options.report_auth_file))
                headers.push_back(auth.value());
            else
                log::error("reports: " + auth.error().message);
        }
        // With update-url the update poller has loaded libcurl: PUT in
        // process. Otherwise each PUT is a child's (report_put.h), and
        // libcurl never enters the player.
        if (!options.update_url.empty()) {
            update::HttpPolicy policy;
            policy.connect_timeout = milliseconds(10'000);
            policy.stall_timeout = milliseconds(20'000);
            auto made_client = update::HttpClient::create(policy);
            if (!made_client) {
                log::error("reports: " + made_client.error().message + "; reports are not sent");
                return;
            }
            client = made_client.release_value();
        }
        ready = true;
        boot_count = fleet::count_boot(files, options.state_dir);
    }

    // The loop's frame as the report's JPEG: a lower quality when a busy
    // picture would not fit the report, none when even that does not.
    static void add_screenshot(FleetReport& report, const render::Thumbnail& frame) {
        for (int quality : {75, 50, 30}) {
            auto jpeg = render::encode_jpeg(frame, quality);
            if (!jpeg) {
                log::error_once_per(std::chrono::hours(1), "reports: " + jpeg.error().message);
                return;
            }
            if (auto shot = fleet::screenshot_of_jpeg(jpeg.value(), frame.width, frame.height)) {
                report.screenshot = shot.release_value();
                return;
            }
        }
    }

    void send(Draft& draft, Worker<Draft, int>::Context& context) {
        if (!key || !ready)
            return;
        FleetReport& report = draft.report;
        if (draft.frame) {
            add_screenshot(report, *draft.frame);
            draft.frame.reset();
        }
        // A stick asking for the key gets it at each report.
        fleet::enrol_on_sticks(files, options.usb_dir, name,
                               update::format_public_key(key->public_key));
        // A report that replaced one still waiting for its retry waits too.
        if (retry_at && !context.sleep_for(*retry_at - Clock::now()))
            return;
        report.boot_count = boot_count;
        fleet::measure(report, files, options.store_dir);
        auto sealed = fleet::seal_report(key->secret, report_json(report));
        // A reader refuses an envelope over its cap: a busy picture beside
        // long counters goes, and the report still gets through.
        if (sealed && sealed.value().size() > fleet::max_envelope_bytes && report.screenshot) {
            log::error_once_per(std::chrono::hours(24),
                                "reports: the screenshot was left out: with it the report "
                                "would pass " +
                                    std::to_string(fleet::max_envelope_bytes) + " bytes");
            report.screenshot.reset();
            sealed = fleet::seal_report(key->secret, report_json(report));
        }
        if (!sealed) {
            log::error_once_per(std::chrono::hours(1), "reports: " + sealed.error().message);
            return;
        }
        for (;;) {
            auto status = client ? client->put(url, sealed.value(), headers, &context.stop_flag())
                                 : put_in_child(url, sealed.value(), headers, &context.stop_flag());
            if (context.stopping())
                return;
            if (status && status.value() >= 200 && status.value() < 300) {
                if (state != State::Ok)
                    log::info("reports: sent to " + url);
                state = State::Ok;
                backoff.reset();
                retry_at.reset();
                return;
            }
            if (state != State::Failing)
                log::warning("reports: cannot send to " + url + ": " +
                             (status ? "the server answered " + std::to_string(status.value())
                                     : status.error().message) +
                             "; retrying, and the next report replaces this one");
            state = State::Failing;
            auto wait = backoff.next();
            retry_at = Clock::now() + wait;
            if (context.superseded() || !context.sleep_for(wait) || context.superseded())
                return;
            retry_at.reset();
        }
    }
};

std::unique_ptr<ReportDriver> ReportDriver::create(const Options& options, Clock::time_point now) {
    if (options.report_url.empty())
        return nullptr;
    // libcurl is loaded (and curl_global_init run) on the main thread, before
    // the worker uses it, only when the update poller needs it anyway.
    if (!options.update_url.empty())
        update::http_global_init();
    return std::unique_ptr<ReportDriver>(new ReportDriver(options, now));
}

ReportDriver::ReportDriver(const Options& options, Clock::time_point now)
    : m_interval(std::chrono::duration_cast<Clock::duration>(options.report_interval)),
      m_next(now + m_interval) {
    std::string name = options.kiosk_name.empty() ? fleet::host_name() : options.kiosk_name;
    if (options.report_url.rfind("http://", 0) == 0)
        log::warning("reports: report-url " + options.report_url +
                     " is plain http: reports are signed, but the network can read them "
                     "and the credentials; use https where the server has it");
    m_sender = std::make_unique<Sender>(options, std::move(name));
}

ReportDriver::~ReportDriver() = default;

void ReportDriver::send_if_due(Clock::time_point now, bool hotline_up,
                               const std::function<Draft()>& make) {
    if (now >= m_next) {
        m_due = true;
        m_next = now + m_interval;
    }
    if (!m_due || hotline_up)
        return;
    m_due = false;
    m_sender->worker.submit(make());
}

std::optional<ReportDriver::Clock::time_point> ReportDriver::next_wake() const {
    return m_due ? std::nullopt : std::optional<Clock::time_point>(m_next);
}

} // namespace beacon::app
