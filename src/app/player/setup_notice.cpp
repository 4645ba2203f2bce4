#include "app/player/setup_notice.h"

#include <algorithm>
#include <cctype>

namespace beacon::app::player {

namespace {

std::string_view trimmed(std::string_view text) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    return text;
}

} // namespace

std::string setup_summary(const std::vector<std::string>& problems) {
    if (problems.empty())
        return {};
    std::string summary = "Setup problem: " + problems.front();
    if (problems.size() == 2)
        summary += " (and 1 more: see the journal)";
    else if (problems.size() > 2)
        summary += " (and " + std::to_string(problems.size() - 1) + " more: see the journal)";
    return summary;
}

std::vector<std::string> setup_problem_lines(std::string_view text, std::size_t max_problems) {
    std::vector<std::string> lines;
    while (!text.empty() && lines.size() < max_problems) {
        auto end = text.find('\n');
        std::string_view line = trimmed(text.substr(0, end));
        if (!line.empty())
            lines.emplace_back(line);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return lines;
}

SetupNotice::SetupNotice(SDL_Renderer* renderer, const std::vector<std::string>& problems)
    : m_overlay(renderer), m_summary(setup_summary(problems)) {}

void SetupNotice::begin(Clock::time_point start) {
    if (m_summary.empty())
        return;
    m_overlay.show_notice(m_summary, render::UpdateOverlay::Tone::Bad);
    m_until = start + shown_for;
}

bool SetupNotice::expire(Clock::time_point now) {
    if (!m_until || now < *m_until)
        return false;
    m_until.reset();
    m_overlay.hide();
    return true;
}

void SetupNotice::draw(Size screen) {
    if (m_until)
        m_overlay.draw(screen);
}

} // namespace beacon::app::player
