#include "app/player/sound_config.h"

#include "core/config_parser.h"
#include "system/files.h"
#include "system/log.h"
#include "system/text_decoding.h"

#include <system_error>

namespace beacon::app::player {

namespace {

constexpr std::size_t max_config_bytes = 1024 * 1024; // as parse_options() reads it

bool from_command_line(const Options& options, const char* name) {
    auto origin = options.origins.find(name);
    return origin != options.origins.end() && origin->second == "command line";
}

} // namespace

SoundConfig::SoundConfig(const Options& options)
    : m_options(options), m_settings(options.sound), m_stamp(stamp()) {}

std::optional<SoundConfig::Stamp> SoundConfig::stamp() const {
    if (m_options.config_read.empty())
        return std::nullopt;
    std::error_code error;
    auto time = std::filesystem::last_write_time(m_options.config_read, error);
    if (error)
        return std::nullopt;
    auto size = std::filesystem::file_size(m_options.config_read, error);
    if (error)
        return std::nullopt;
    return Stamp{time, size};
}

const SoundSettings& SoundConfig::current() {
    // Only the file read at start-up is watched; a kiosk started without
    // one keeps its command line and defaults.
    if (m_options.config_read.empty())
        return m_settings;
    auto now = stamp();
    if (now && now != m_stamp) {
        m_stamp = now;
        reread();
    }
    return m_settings;
}

void SoundConfig::reread() {
    auto text = read_text_file(m_options.config_read, max_config_bytes);
    if (!text) {
        log::warning(text.error().message + "; the sound settings stay as they were");
        return;
    }
    DecodedText decoded = decode_text(text.value(), m_options.config_read);
    if (!decoded.ok()) {
        log::warning(decoded.error()->to_string() + "; the sound settings stay as they were");
        return;
    }
    Options fresh;
    for (auto& problem : apply_config(fresh, parse_config(decoded.text(), m_options.config_read)))
        log::warning(problem.to_string());
    SoundSettings settings = fresh.sound;
    const SoundSettings& given = m_options.sound;
    if (from_command_line(m_options, "--audio"))
        settings.audio = given.audio;
    if (from_command_line(m_options, "--volume"))
        settings.volume = given.volume;
    if (from_command_line(m_options, "--quiet-hours"))
        settings.quiet_hours = given.quiet_hours;
    if (from_command_line(m_options, "--audio-device"))
        settings.device = given.device;
    log::info(m_options.config_read + " changed: sound from the next video is audio " +
              (settings.audio ? "on" : "off") + ", volume " + std::to_string(settings.volume));
    m_settings = settings;
}

} // namespace beacon::app::player
