#include "core/translation/po.h"

#include "core/hex_digit.h"
#include "core/utf8.h"

#include <algorithm>
#include <set>
#include <utility>

namespace beacon {

namespace {

class Reporter {
  public:
    Reporter(const std::string& source, std::size_t limit, Diagnostics& out)
        : m_source(source), m_limit(limit), m_out(out) {}
    void error(int line, std::string message) {
        if (m_out.size() < m_limit)
            m_out.push_back({m_source, line, std::move(message)});
    }
    bool any() const { return !m_out.empty(); }

  private:
    const std::string& m_source;
    std::size_t m_limit;
    Diagnostics& m_out;
};

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && (is_space(text.back()) || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// Decodes one "quoted" piece that makes up the whole of `text` (spaces
// around it allowed), appending it to `out`. Returns what is wrong, if
// anything.
std::optional<std::string> append_quoted(std::string_view text, std::string& out) {
    text = trimmed(text);
    if (text.size() < 2 || text.front() != '"')
        return "expected a string in double quotes";
    std::size_t at = 1;
    while (at < text.size() && text[at] != '"') {
        char c = text[at++];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (at >= text.size())
            break;
        char escape = text[at++];
        switch (escape) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'v':
            out += '\v';
            break;
        case '\\':
        case '"':
        case '\'':
        case '?':
            out += escape;
            break;
        case 'x': {
            int value = 0, digits = 0;
            while (at < text.size() && hex_digit_value(text[at]) >= 0 && digits < 2)
                value = value * 16 + hex_digit_value(text[at++]), ++digits;
            if (digits == 0)
                return std::optional<std::string>("\\x needs hex digits");
            out += static_cast<char>(value);
            break;
        }
        default:
            if (escape >= '0' && escape <= '7') {
                int value = escape - '0', digits = 1;
                while (at < text.size() && text[at] >= '0' && text[at] <= '7' && digits < 3)
                    value = value * 8 + (text[at++] - '0'), ++digits;
                out += static_cast<char>(value & 0xff);
                break;
            }
            return "unknown escape \\" + std::string(1, escape);
        }
    }
    if (at >= text.size())
        return std::optional<std::string>("the string has no closing double quote");
    if (at + 1 != text.size())
        return std::optional<std::string>("text after the closing double quote");
    return std::nullopt;
}

enum class Field { None, Context, Id, IdPlural, Str, OtherStr };

} // namespace

bool PoEntry::fuzzy() const {
    return std::find(flags.begin(), flags.end(), "fuzzy") != flags.end();
}

ParsedPo parse_po(std::string_view text, const std::string& source, const PoLimits& limits) {
    ParsedPo result;
    Reporter report(source, limits.max_diagnostics, result.diagnostics);
    if (text.size() > limits.max_bytes) {
        report.error(1, "the file is " + std::to_string(text.size()) + " bytes long; at most " +
                            std::to_string(limits.max_bytes) + " are accepted");
        return result;
    }
    if (text.substr(0, 3) == "\xef\xbb\xbf")
        text.remove_prefix(3);
    PoFile file;
    PoEntry entry;
    Field field = Field::None;
    bool has_id = false, has_str = false, started = false;
    std::set<std::pair<std::string, std::string>> seen;

    auto finish = [&](int line) {
        if (!started)
            return;
        if (!has_id || !has_str)
            report.error(entry.line ? entry.line : line,
                         has_id ? "this entry has a msgid but no msgstr"
                                : "this entry has no msgid");
        else if (!seen.insert({entry.context.value_or(std::string(1, '\0')), entry.id}).second)
            report.error(entry.line, "a second entry with the same msgctxt and msgid");
        else if (file.entries.size() >= limits.max_entries)
            report.error(entry.line,
                         "more than " + std::to_string(limits.max_entries) + " entries");
        else
            file.entries.push_back(std::move(entry));
        entry = PoEntry{};
        field = Field::None;
        has_id = has_str = started = false;
    };

    int line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = trimmed(text.substr(start, end - start));
        ++line_number;
        start = end + 1;
        if (auto bad = invalid_utf8_at(line)) {
            report.error(line_number, "this line is not UTF-8 (byte " + std::to_string(*bad + 1) +
                                          "); save the file as UTF-8");
            continue;
        }
        if (line.empty()) {
            field = Field::None;
            continue;
        }
        if (line.front() == '#') {
            if (has_str)
                finish(line_number);
            field = Field::None;
            if (line.substr(0, 2) == "#~" || line.substr(0, 2) == "#|")
                continue; // obsolete entries and previous msgids
            started = true;
            std::string body(trimmed(line.substr(line.size() > 1 ? 2 : 1)));
            char kind = line.size() > 1 ? line[1] : ' ';
            if (kind == ',') {
                std::size_t from = 0;
                while (from <= body.size()) {
                    std::size_t comma = std::min(body.find(',', from), body.size());
                    std::string flag(trimmed(std::string_view(body).substr(from, comma - from)));
                    if (!flag.empty())
                        entry.flags.push_back(flag);
                    from = comma + 1;
                }
            } else if (kind == ':') {
                std::size_t from = 0;
                while (from < body.size()) {
                    std::size_t space = std::min(body.find(' ', from), body.size());
                    if (space > from)
                        entry.references.push_back(body.substr(from, space - from));
                    from = space + 1;
                }
            } else if (kind == '.') {
                entry.extracted_comments.push_back(body);
            } else {
                entry.translator_comments.push_back(std::string(trimmed(line.substr(1))));
            }
            continue;
        }
        if (line.front() == '"') {
            std::string* target = field == Field::Context    ? &*entry.context
                                  : field == Field::Id       ? &entry.id
                                  : field == Field::IdPlural ? &*entry.id_plural
                                  : field == Field::Str      ? &entry.str
                                                             : nullptr;
            std::string ignored;
            if (field == Field::None) {
                report.error(line_number, "a string that belongs to no msgid or msgstr");
                continue;
            }
            if (auto problem = append_quoted(line, target ? *target : ignored))
                report.error(line_number, *problem);
            continue;
        }
        std::size_t keyword_end = 0;
        while (keyword_end < line.size() && !is_space(line[keyword_end]) &&
               line[keyword_end] != '"')
            ++keyword_end;
        std::string_view keyword = line.substr(0, keyword_end);
        std::string_view rest = line.substr(keyword_end);
        std::string* target = nullptr;
        std::string ignored;
        if (keyword == "msgctxt" || keyword == "msgid") {
            if (has_str)
                finish(line_number);
            if (!started || !entry.line)
                entry.line = line_number;
            started = true;
            if (keyword == "msgctxt") {
                if (has_id || entry.context) {
                    report.error(line_number, "msgctxt must come first in an entry, once");
                    continue;
                }
                entry.context.emplace();
                target = &*entry.context;
                field = Field::Context;
            } else {
                if (has_id) {
                    report.error(line_number, "a second msgid in one entry (is a msgstr missing?)");
                    continue;
                }
                has_id = true;
                target = &entry.id;
                field = Field::Id;
            }
        } else if (keyword == "msgid_plural") {
            if (!has_id || has_str) {
                report.error(line_number, "msgid_plural must follow a msgid");
                continue;
            }
            entry.id_plural.emplace();
            target = &*entry.id_plural;
            field = Field::IdPlural;
        } else if (keyword == "msgstr" || keyword.substr(0, 7) == "msgstr[") {
            if (!has_id) {
                report.error(line_number, keyword.size() ? "a msgstr without a msgid before it"
                                                         : "a msgstr without a msgid");
                continue;
            }
            bool first = keyword == "msgstr" || keyword == "msgstr[0]";
            if (first && has_str) {
                report.error(line_number, "a second msgstr in one entry");
                continue;
            }
            has_str = has_str || first;
            target = first ? &entry.str : &ignored;
            field = first ? Field::Str : Field::OtherStr;
        } else {
            report.error(line_number, "unknown keyword \"" + std::string(keyword) +
                                          "\"; expected msgctxt, msgid or msgstr");
            field = Field::None;
            continue;
        }
        if (auto problem = append_quoted(rest, *target))
            report.error(line_number, std::string(keyword) + ": " + *problem);
    }
    finish(line_number);
    if (!report.any())
        result.file = std::move(file);
    return result;
}

std::string po_quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
    return out + "\"";
}

namespace {

// A string that holds line breaks is written one line per piece, as
// gettext's tools do, so headers and long texts stay readable.
std::string po_field(const char* keyword, const std::string& text) {
    std::string out = keyword;
    if (text.find('\n') == std::string::npos)
        return out + " " + po_quoted(text) + "\n";
    out += " \"\"\n";
    std::size_t from = 0;
    while (from < text.size()) {
        std::size_t end = text.find('\n', from);
        end = end == std::string::npos ? text.size() : end + 1;
        out += po_quoted(std::string_view(text).substr(from, end - from)) + "\n";
        from = end;
    }
    return out;
}

} // namespace

std::string write_po(const PoFile& file) {
    std::string out;
    bool first = true;
    for (auto& entry : file.entries) {
        if (!first)
            out += "\n";
        first = false;
        for (auto& comment : entry.translator_comments)
            out += comment.empty() ? "#\n" : "# " + comment + "\n";
        for (auto& comment : entry.extracted_comments)
            out += "#. " + comment + "\n";
        for (auto& reference : entry.references)
            out += "#: " + reference + "\n";
        if (!entry.flags.empty()) {
            out += "#";
            for (std::size_t i = 0; i < entry.flags.size(); ++i)
                out += (i ? ", " : " ") + entry.flags[i];
            out += "\n";
        }
        if (entry.context)
            out += po_field("msgctxt", *entry.context);
        out += po_field("msgid", entry.id);
        out += po_field("msgstr", entry.str);
    }
    return out;
}

} // namespace beacon
