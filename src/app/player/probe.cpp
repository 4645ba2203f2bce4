#include "app/player/probe.h"

#include "core/frame_log.h"
#include "render/screens.h"
#include "system/log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <vector>

namespace beacon::app::player {

namespace {

// The steady clock itself.
class SteadyClock final : public LoopClock {
  public:
    void begin() override { m_start = Clock::now(); }
    Clock::time_point start() const override { return m_start; }
    Clock::time_point now() const override { return Clock::now(); }
    std::chrono::duration<double, std::nano> to_real(Clock::duration loop) const override {
        return loop;
    }
    Clock::duration to_loop(Clock::duration real) const override { return real; }

  private:
    Clock::time_point m_start;
};

// The steady clock sped up `scale` times from the loop's start, so a test
// plays an hour of timers in seconds.
class ScaledClock final : public LoopClock {
  public:
    explicit ScaledClock(double scale) : m_scale(scale) {}
    void begin() override { m_start = Clock::now(); }
    Clock::time_point start() const override { return m_start; }
    Clock::time_point now() const override {
        return m_start +
               std::chrono::duration_cast<Clock::duration>((Clock::now() - m_start) * m_scale);
    }
    std::chrono::duration<double, std::nano> to_real(Clock::duration loop) const override {
        return loop / m_scale;
    }
    Clock::duration to_loop(Clock::duration real) const override {
        return std::chrono::duration_cast<Clock::duration>(real * m_scale);
    }

  private:
    double m_scale;
    Clock::time_point m_start;
};

class NoInput final : public InputSource {
  public:
    void begin(Clock::time_point) override {}
    std::optional<Clock::time_point> next_due() const override { return std::nullopt; }
    void deliver_due(Clock::time_point) override {}
};

// Touches in the middle of the screen (--tap-at) and key presses (--key-at)
// at set times, each a real SDL event through SDL's queue.
class ScriptedTaps final : public InputSource {
  public:
    struct Scripted {
        Seconds at;
        SDL_Keycode key = SDLK_UNKNOWN; // SDLK_UNKNOWN: a touch
    };
    explicit ScriptedTaps(std::vector<Scripted> script) : m_script(std::move(script)) {
        std::stable_sort(m_script.begin(), m_script.end(),
                         [](auto& a, auto& b) { return a.at < b.at; });
    }
    void begin(Clock::time_point start) override {
        for (Scripted const& input : m_script)
            m_due.push_back({start + whole_ms(input.at), input.key});
    }
    std::optional<Clock::time_point> next_due() const override {
        if (m_due.empty())
            return std::nullopt;
        return m_due.front().when;
    }
    void deliver_due(Clock::time_point now) override {
        while (!m_due.empty() && now >= m_due.front().when) {
            SDL_Keycode const key = m_due.front().key;
            m_due.pop_front();
            if (key != SDLK_UNKNOWN) {
                SDL_Event press{};
                press.type = SDL_KEYDOWN;
                press.key.state = SDL_PRESSED;
                press.key.keysym.sym = key;
                press.key.keysym.scancode = SDL_GetScancodeFromKey(key);
                SDL_PushEvent(&press);
                continue;
            }
            SDL_Event touch{};
            touch.type = SDL_FINGERDOWN;
            touch.tfinger.touchId = 1;
            touch.tfinger.x = 0.5f;
            touch.tfinger.y = 0.5f;
            touch.tfinger.pressure = 1.0f;
            SDL_PushEvent(&touch);
        }
    }

  private:
    struct Due {
        Clock::time_point when;
        SDL_Keycode key;
    };
    std::vector<Scripted> m_script;
    std::deque<Due> m_due; // in order
};

class NoRecord final : public FrameSink {
  public:
    void begin(Clock::time_point) override {}
    void event(Clock::time_point, const FrameRowContext&, const std::string&) override {}
    void display(Clock::time_point, const FrameRowContext&, bool) override {}
    void focus(Clock::time_point, const FrameRowContext&, const std::string&) override {}
    void frame(Clock::time_point, const FrameRowContext&, SDL_Renderer*, Size, bool) override {}
};

struct CloseFile {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

// The frame log (core/frame_log.h): one CSV row per presented frame, with
// its mean luma read back from the renderer, and one per input event.
class FrameLogFile final : public FrameSink {
  public:
    explicit FrameLogFile(std::unique_ptr<std::FILE, CloseFile> file) : m_file(std::move(file)) {
        std::fputs(frame_log_header().c_str(), m_file.get());
    }
    void begin(Clock::time_point start) override { m_start = start; }
    void event(Clock::time_point now, const FrameRowContext& on_screen,
               const std::string& detail) override {
        auto row = frame_log_event_row(t_ms(now), on_screen.screen, on_screen.item, on_screen.lang,
                                       detail);
        std::fputs(row.c_str(), m_file.get());
    }
    void display(Clock::time_point now, const FrameRowContext& on_screen, bool on) override {
        auto row = frame_log_display_row(t_ms(now), on_screen.screen, on_screen.item,
                                         on_screen.lang, on ? "on" : "off");
        std::fputs(row.c_str(), m_file.get());
    }
    void focus(Clock::time_point now, const FrameRowContext& on_screen,
               const std::string& target) override {
        auto row = frame_log_focus_row(t_ms(now), on_screen.screen, on_screen.item, on_screen.lang,
                                       target);
        std::fputs(row.c_str(), m_file.get());
    }
    void frame(Clock::time_point now, const FrameRowContext& on_screen, SDL_Renderer* renderer,
               Size output, bool redraw) override {
        double luma = render::mean_luma(renderer, output);
        auto row = frame_log_frame_row(t_ms(now), on_screen.screen, on_screen.item, on_screen.lang,
                                       luma, redraw ? "redraw" : "");
        std::fputs(row.c_str(), m_file.get());
    }

  private:
    long long t_ms(Clock::time_point now) const {
        return std::chrono::duration_cast<Milliseconds>(now - m_start).count();
    }
    std::unique_ptr<std::FILE, CloseFile> m_file;
    Clock::time_point m_start;
};

} // namespace

Probe real_probe() {
    return {std::make_unique<SteadyClock>(), std::make_unique<NoInput>(),
            std::make_unique<NoRecord>(), std::nullopt};
}

Result<Probe> probe_for(const Options& options) {
    Probe probe = real_probe();
    if (options.time_scale != 1)
        probe.clock = std::make_unique<ScaledClock>(options.time_scale);
    if (!options.tap_at.empty() || !options.key_at.empty()) {
        std::vector<ScriptedTaps::Scripted> script;
        for (Seconds t : options.tap_at)
            script.push_back({t});
        for (auto const& [t, name] : options.key_at) {
            SDL_Keycode const key = SDL_GetKeyFromName(name.c_str());
            if (key == SDLK_UNKNOWN)
                return Error{"--key-at: SDL knows no key named \"" + name + "\""};
            script.push_back({t, key});
        }
        probe.input = std::make_unique<ScriptedTaps>(std::move(script));
    }
    if (!options.frame_log.empty()) {
        std::unique_ptr<std::FILE, CloseFile> file(std::fopen(options.frame_log.c_str(), "w"));
        if (!file)
            return Error{"cannot write the frame log " + options.frame_log};
        // A row at a time: tests watch the log while the player runs, and
        // act on a row (a focus move, an item) as soon as it is there.
        std::setvbuf(file.get(), nullptr, _IOLBF, 0);
        probe.frames = std::make_unique<FrameLogFile>(std::move(file));
    }
    if (options.run_for)
        probe.run_for = whole_ms(*options.run_for);
    return probe;
}

} // namespace beacon::app::player
