#include "app/validate/render_command.h"

#include "app/content.h"
#include "app/display.h"
#include "app/fallback.h"
#include "app/wake_events.h"
#include "core/time_checks.h"
#include "events/event_wait.h"
#include "media/mpv_player.h"
#include "media/speech.h"
#include "render/content_check.h"
#include "render/picture_file.h"
#include "render/rotation.h"
#include "render/screens.h"
#include "render/still.h"
#include "system/log.h"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace beacon::app {

namespace {

// Draws a video's or image's first frame with mpv's software renderer.
Status draw_media_first_frame(SDL_Renderer* renderer, const DirectoryContentRoot& root,
                              const Item& item, Size size) {
    std::uint32_t event_type = wake_type(Wake::MediaEvents);
    auto mpv = media::MpvPlayer::create(media::RenderPath::Software, nullptr,
                                        {event_type, wake_type(Wake::MediaFrame)});
    if (!mpv)
        return mpv.error();
    auto kind = item.kind == ItemKind::Video ? media::MpvPlayer::Kind::Video
                                             : media::MpvPlayer::Kind::Image;
    auto id = mpv.value()->load(root.resolve(item.src), kind, std::nullopt);
    events::EventWait waiter;
    Uint32 give_up = SDL_GetTicks() + 10'000;
    while (!SDL_TICKS_PASSED(SDL_GetTicks(), give_up)) {
        auto event = waiter.wait(100);
        if (!event || event->type != event_type)
            continue;
        for (auto& media_event : mpv.value()->poll_events()) {
            if (media_event.load_id != id)
                continue;
            if (media_event.kind == media::MediaEventKind::Failed ||
                media_event.kind == media::MediaEventKind::Ended)
                return Error{"cannot play \"" + item.src + "\": " + media_event.detail};
            mpv.value()->set_paused(true);
            mpv.value()->frame_pending();
            mpv.value()->draw(renderer, size.width, size.height);
            return Done{};
        }
    }
    return Error{"timed out waiting for the first frame of \"" + item.src + "\""};
}

// Draws an image item as the player does, decoded by Beacon; false when it
// cannot read it (the player then has mpv show it), an Error when it is too
// large for any decoder (the player skips it).
Result<bool> draw_still(SDL_Renderer* renderer, const DirectoryContentRoot& root, const Item& item,
                        Size size) {
    std::string const path = root.resolve(item.src);
    auto decoded = render::decode_still(path, size);
    if (!decoded) {
        if (render::too_large_to_show(path))
            return Error{item.src + ": " + decoded.error().message};
        return false;
    }
    SDL_Surface* pixels = decoded.value().pixels.get();
    SDL_Texture* texture = SDL_CreateTextureFromSurface(renderer, pixels);
    if (!texture)
        return false;
    render::draw_still(renderer, texture, {pixels->w, pixels->h}, size);
    SDL_DestroyTexture(texture);
    return true;
}

// A picture item or a video's first frame, as the player shows it: a
// picture Beacon can decode itself, anything else through mpv. An Error when
// neither can show it (a picture too large for both is never handed to mpv).
Status draw_picture(SDL_Renderer* renderer, const DirectoryContentRoot& root, const Item& item,
                    Size size) {
    if (item.kind == ItemKind::Image) {
        auto still = draw_still(renderer, root, item, size);
        if (!still)
            return still.error();
        if (still.value())
            return Done{};
    }
    return draw_media_first_frame(renderer, root, item, size);
}

} // namespace

int run_render(const Options& options) {
    LoadedContent content = load_content(options.files[0]);
    if (content.note)
        log::console(*content.note + "\n");
    for (auto& diagnostic : content.diagnostics)
        log::console(diagnostic.to_string() + "\n");
    // A playlist with errors has no screens to draw, but its kiosk still
    // shows a hotline: --screen hotline draws that one, and the exit status
    // stays 1 because the playlist is refused.
    std::optional<Fallback> fallback;
    if (!content.playlist) {
        if (options.screen != "hotline")
            return 1;
        fallback = choose_fallback(options, options.files[0]);
        log::console("beacon: the playlist has errors; its kiosk shows " + fallback->from +
                     ", drawn in " + options.out + "\n");
    }
    // The configuration's hotline choices, laid over the playlist's as the
    // kiosk lays them (KioskConfig::hotline_choices).
    Playlist playlist = fallback ? fallback->playlist : *content.playlist;
    apply_hotline_choices(playlist.hotline, hotline_choices(options));
    std::string lang = options.lang.empty() ? playlist.languages.front() : options.lang;
    if (std::find(playlist.languages.begin(), playlist.languages.end(), lang) ==
        playlist.languages.end()) {
        log::console("beacon: the playlist has no language \"" + lang + "\"\n");
        return 1;
    }
    const Item* item = nullptr;
    const Notice* notice = nullptr;
    for (auto& candidate : playlist.notices)
        if (candidate.id == options.screen)
            notice = &candidate;
    if (options.screen != "hotline" && !notice) {
        item = playlist.find(options.screen);
        if (!item) {
            log::console("beacon: no item with id \"" + options.screen +
                         "\" (or use --screen hotline)\n");
            return 1;
        }
    }

    // --at: the screen as the loop shows it then. An item its schedules keep
    // out of the loop at that moment is not shown; a notice is shown only
    // before it expires, and its banner goes over the item as in the loop.
    const Notice* banner = nullptr;
    if (options.at) {
        LocalTime const then{options.at->date, weekday_of(options.at->date),
                             options.at->minute_of_day, true};
        std::string const when = to_string(*options.at);
        if (item && !in_loop(playlist.items, static_cast<std::size_t>(item - playlist.items.data()),
                             then)) {
            log::console(
                "beacon: \"" + item->id + "\" is not in the loop at " + when +
                " (its <schedule> does not allow it then, or scheduled items take its turn)\n");
            return 1;
        }
        if (notice && !notice->active_at(then)) {
            log::console("beacon: notice \"" + notice->id + "\" is not shown at " + when +
                         " (it expires at " + to_string(notice->expires) + ")\n");
            return 1;
        }
        for (auto& candidate : playlist.notices)
            if (!banner && candidate.active_at(then))
                banner = &candidate;
    }

    // A fact sheet `validate` refuses (a character no font has, or too much
    // text for the readable size at a checked screen size) is not drawn:
    // the kiosk would show it cut or in boxes.
    if (item && item->kind == ItemKind::FactSheet) {
        auto check = render::TypographyCheck::create();
        if (!check) {
            log::console("beacon: " + check.error().message + "\n");
            return 1;
        }
        Diagnostics refused;
        check.value()->check_factsheet(playlist.source, *item, refused);
        for (auto& diagnostic : refused)
            log::console(diagnostic.to_string() + "\n");
        if (!refused.empty())
            return 1;
    }

    // No window: an off-screen software renderer over a plain surface.
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    auto session = SdlSession::create(SDL_INIT_EVENTS);
    if (!session) {
        log::console("beacon: " + session.error().message + "\n");
        return 1;
    }
    Size size = options.size.value_or(Size{1920, 1080});
    SurfaceHandle surface(
        SDL_CreateRGBSurfaceWithFormat(0, size.width, size.height, 32, SDL_PIXELFORMAT_RGB888));
    RendererHandle renderer(surface ? SDL_CreateSoftwareRenderer(surface.get()) : nullptr);
    if (!renderer) {
        log::console(std::string("beacon: cannot create a renderer: ") + SDL_GetError() + "\n");
        return 1;
    }
    auto screens = render::Screens::create(renderer.get());
    if (!screens) {
        log::console("beacon: " + screens.error().message + "\n");
        return 1;
    }
    screens.value()->set_text_scale(options.text_scale);
    // --speech on: the Listen button as a kiosk with speech on and sound
    // that can be heard shows it, in the languages espeak-ng has a voice for.
    if (options.speech)
        screens.value()->set_listen_languages(media::voiced_languages(playlist.languages));
    // Drawn upright into a canvas, then turned, exactly as the player does.
    render::RotatedOutput rotation(renderer.get(), options.rotation);
    Size output = size;
    size = rotation.logical_size(output);
    rotation.begin_frame(output);
    if (notice) {
        screens.value()->draw_notice(playlist, *notice, lang, size);
    } else if (!item) {
        std::optional<HotlineTarget> focus;
        if (!options.focus.empty()) {
            auto layout =
                render::hotline_layout(playlist, lang, size, screens.value()->listen(lang));
            for (HotlineTarget target : focus_order(layout)) {
                bool const named =
                    (target.kind == HotlineTarget::Kind::Close && options.focus == "close") ||
                    (target.kind == HotlineTarget::Kind::Listen && options.focus == "listen") ||
                    (target.kind == HotlineTarget::Kind::Language &&
                     target.language_index < playlist.languages.size() &&
                     playlist.languages[target.language_index] == options.focus);
                if (named)
                    focus = target;
            }
            if (!focus) {
                log::console("beacon: --focus " + options.focus +
                             ": the hotline screen has no such target\n");
                return 1;
            }
        }
        screens.value()->draw_hotline(playlist, lang, size, focus);
    } else if (item->kind == ItemKind::FactSheet) {
        screens.value()->draw_factsheet(playlist, *item, lang, size);
    } else {
        if (auto drawn = draw_picture(renderer.get(), *content.root, *item, size); !drawn) {
            log::console("beacon: " + drawn.error().message + "\n");
            return 1;
        }
        screens.value()->draw_hotline_footer(playlist, lang, size);
    }
    if (banner && item)
        screens.value()->draw_notice_banner(*banner, lang, size);
    // Every screen shows the hotline (the footer, the notice screen) or
    // leads to it: its problems are reported whatever was drawn.
    screens.value()->report_hotline_problems(playlist, size);
    rotation.end_frame(output);
    if (auto saved = render::save_png(renderer.get(), output, options.out); !saved) {
        log::console("beacon: " + saved.error().message + "\n");
        return 1;
    }
    return fallback ? 1 : 0;
}

} // namespace beacon::app
