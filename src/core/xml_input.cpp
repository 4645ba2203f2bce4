#include "core/xml_input.h"

#include "core/text_encoding.h"

#include <tinyxml2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace beacon {

namespace {

std::string hex(std::uint32_t value, int digits) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%0*X", digits, static_cast<unsigned>(value));
    return buffer;
}

std::string code_point_name(char32_t c) {
    return "U+" + hex(c, 4);
}

// XML 1.0 (fifth edition) production [2] Char.
bool is_xml_char(char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string forbidden_char_message(char32_t c) {
    if (c == 0)
        return "a NUL character";
    return "the character " + code_point_name(c) + ", which XML does not allow";
}

// The line `at` is on, counted only when a problem is reported: the scans
// below do not keep a line count as they go.
int line_of(std::string_view text, std::size_t at) {
    at = std::min(at, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

// Whether any of the eight bytes at `bytes` is below 0x20 (a control
// character) or is 0xEF (which leads U+FFFE and U+FFFF); a word with
// neither needs no closer look. Both tests are exact for the word as a
// whole: a borrow can only start at a byte that matched, so a byte it
// reaches later changes nothing the answer depends on.
bool may_hold_forbidden(const unsigned char* bytes) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    std::uint64_t const below_space = (word - ones * 0x20) & ~word & highs;
    std::uint64_t const ef = word ^ (ones * 0xEF);
    std::uint64_t const is_ef = (ef - ones) & ~ef & highs;
    return (below_space | is_ef) != 0;
}

// Pass 1, after utf8_problem() found the text to be UTF-8: every character
// is one XML 1.0 allows. In valid UTF-8 the only characters XML refuses are
// the C0 controls but tab, line feed and carriage return (one byte each,
// below 0x20), and U+FFFE and U+FFFF (EF BF BE, EF BF BF): surrogates and
// code points past U+10FFFF are not UTF-8 at all. Continuation bytes are
// 0x80 to 0xBF, so a byte-wise look finds exactly those characters.
// Returns the first problem and its line.
std::optional<std::pair<int, std::string>> check_characters(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t const size = text.size();
    for (std::size_t i = 0; i < size;) {
        if (size - i >= 8 && !may_hold_forbidden(bytes + i)) {
            i += 8;
            continue;
        }
        unsigned char const byte = bytes[i];
        if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r')
            return std::pair{line_of(text, i), "the file holds " + forbidden_char_message(byte)};
        if (byte == 0xEF && size - i >= 3 && bytes[i + 1] == 0xBF &&
            (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF)) {
            char32_t const c = bytes[i + 2] == 0xBE ? 0xFFFE : 0xFFFF;
            return std::pair{line_of(text, i), "the file holds " + forbidden_char_message(c)};
        }
        ++i;
    }
    return std::nullopt;
}

bool starts(std::string_view text, std::size_t at, std::string_view prefix) {
    return text.substr(at, prefix.size()) == prefix;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// Pass 2: a scan of the markup for what tinyxml2 lets through. It knows only
// where text, tags, attribute values, comments, CDATA sections and
// processing instructions begin and end; tinyxml2 still does the parsing.
// Structural errors it does not understand (an unclosed comment, say) are
// left for tinyxml2 to report.
class MarkupScan {
  public:
    explicit MarkupScan(std::string_view text) : m_text(text) {}

    std::optional<std::pair<int, std::string>> run();

  private:
    // Each returns false after recording a problem.
    bool reference();
    bool comment();
    bool markup(std::size_t document_start);
    bool processing_instruction(std::size_t document_start);
    bool tag();
    bool attribute_value();
    void skip_space();
    bool declaration(std::string_view body);
    bool skip_to(std::string_view end);
    void skip_text();
    void advance(std::size_t count);
    bool fail(std::string message) {
        m_problem = std::pair{line_of(m_text, m_at), std::move(message)};
        return false;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
    int m_depth = 0; // elements open at m_at
    // For skip_text(): where each of k_specials is next at or after the
    // position it was last looked for from (size() when nowhere); looked
    // for again once m_at has passed it. 0 before the first look: text is
    // only skipped inside an element, so m_at is past 0 by then.
    static constexpr std::array<char, 3> k_specials{'<', '&', ']'};
    std::array<std::size_t, 3> m_next_special{0, 0, 0};
    std::optional<std::pair<int, std::string>> m_problem;
};

void MarkupScan::advance(std::size_t count) {
    m_at = std::min(m_text.size(), m_at + count);
}

// Inside an element, past text up to the next byte that may start
// something run() looks at: '<', '&' or ']' (of "]]>"). memchr() looks
// at many bytes at a time, and text is most of a playlist. Where each of
// the three bytes is next is kept until m_at passes it, so that every byte
// is searched once for each: a text of many ']' or '&' does not make the
// scan quadratic.
void MarkupScan::skip_text() {
    std::size_t end = m_text.size();
    for (std::size_t k = 0; k < m_next_special.size(); ++k) {
        std::size_t& next = m_next_special[k];
        if (next < m_at) {
            const void* found =
                std::memchr(m_text.data() + m_at, k_specials[k], m_text.size() - m_at);
            next = found ? static_cast<std::size_t>(static_cast<const char*>(found) - m_text.data())
                         : m_text.size();
        }
        end = std::min(end, next);
    }
    advance(std::max<std::size_t>(end - m_at, 1));
}

// Moves past the next `end`; false (and no problem) when there is none.
bool MarkupScan::skip_to(std::string_view end) {
    auto found = m_text.find(end, m_at);
    if (found == std::string_view::npos) {
        advance(m_text.size() - m_at);
        return false;
    }
    advance(found + end.size() - m_at);
    return true;
}

// At '&', in text or an attribute value.
bool MarkupScan::reference() {
    std::size_t semicolon = m_text.find(';', m_at);
    // No entity or reference Beacon accepts is longer than this.
    std::size_t limit = std::min(semicolon, m_at + 40);
    std::string_view body = m_text.substr(m_at + 1, limit - m_at - 1);
    bool terminated = semicolon == limit;
    if (body.size() >= 1 && body[0] == '#') {
        bool is_hex = body.size() >= 2 && body[1] == 'x';
        std::string_view digits = body.substr(is_hex ? 2 : 1);
        char32_t value = 0;
        bool valid = terminated && !digits.empty();
        for (char c : digits) {
            int digit = c >= '0' && c <= '9'             ? c - '0'
                        : is_hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : is_hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                         : -1;
            if (digit < 0) {
                valid = false;
                break;
            }
            value = std::min<char32_t>(value * (is_hex ? 16 : 10) + digit, 0x110000);
        }
        if (!valid)
            return fail("malformed character reference (write a literal '&' as &amp;)");
        if (!is_xml_char(value))
            return fail("the character reference &" + std::string(body) + "; stands for " +
                        (value > 0x10FFFF ? "no character" : forbidden_char_message(value)));
        advance(body.size() + 2);
        return true;
    }
    bool is_name =
        terminated && !body.empty() && std::all_of(body.begin(), body.end(), is_name_char);
    if (!is_name)
        return fail("a bare '&' (write it as &amp;)");
    if (body != "lt" && body != "gt" && body != "amp" && body != "apos" && body != "quot")
        return fail("unknown entity &" + std::string(body) +
                    "; (only &lt; &gt; &amp; &apos; &quot; and character references exist)");
    advance(body.size() + 2);
    return true;
}

// At "<!--". XML forbids "--" inside a comment, and so a comment ending "--->".
bool MarkupScan::comment() {
    advance(4);
    auto dashes = m_text.find("--", m_at);
    if (dashes == std::string_view::npos)
        return skip_to("-->"); // unterminated: tinyxml2 reports it
    advance(dashes - m_at);
    if (!starts(m_text, m_at, "-->"))
        return fail("'--' inside a comment");
    advance(3);
    return true;
}

bool MarkupScan::declaration(std::string_view body) {
    auto at = body.find("encoding");
    if (at == std::string_view::npos)
        return true;
    auto quote = body.find_first_of("\"'", at);
    if (quote == std::string_view::npos)
        return true; // malformed: tinyxml2 reports it
    auto close = body.find(body[quote], quote + 1);
    std::string encoding(body.substr(quote + 1, close - quote - 1));
    std::transform(encoding.begin(), encoding.end(), encoding.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    if (encoding != "utf-8")
        return fail("the file declares encoding \"" +
                    std::string(body.substr(quote + 1, close - quote - 1)) +
                    "\"; Beacon reads UTF-8 only");
    return true;
}

// At "<?". The XML declaration may only open the document; other
// processing instructions may not be named "xml" in any case.
bool MarkupScan::processing_instruction(std::size_t document_start) {
    std::size_t start = m_at;
    std::size_t name_end = m_at + 2;
    while (name_end < m_text.size() && is_name_char(m_text[name_end]))
        ++name_end;
    std::string target(m_text.substr(m_at + 2, name_end - m_at - 2));
    std::transform(target.begin(), target.end(), target.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    auto end = m_text.find("?>", m_at);
    if (target == "xml") {
        if (start != document_start)
            return fail("the XML declaration <?xml ...?> may only open the file");
        if (end != std::string_view::npos && !declaration(m_text.substr(name_end, end - name_end)))
            return false;
    }
    skip_to("?>");
    return true;
}

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void MarkupScan::skip_space() {
    std::size_t end = m_at;
    while (end < m_text.size() && is_space(m_text[end]))
        ++end;
    advance(end - m_at);
}

// At the opening quote of an attribute value.
bool MarkupScan::attribute_value() {
    char const quote = m_text[m_at];
    advance(1);
    while (m_at < m_text.size() && m_text[m_at] != quote) {
        if (m_text[m_at] == '&') {
            if (!reference())
                return false;
        } else if (m_text[m_at] == '<') {
            return fail("'<' in an attribute value (write it as &lt;)");
        } else {
            advance(1);
        }
    }
    advance(1);
    return true;
}

// At '<' that opens a start or end tag. Checks what tinyxml2 takes or
// words badly: a '<' that opens no tag, a value without quotes, an
// attribute written twice; keeps m_depth. Anything else malformed in a
// tag is left for tinyxml2 to report.
bool MarkupScan::tag() {
    advance(1);
    bool const closing = m_at < m_text.size() && m_text[m_at] == '/';
    if (closing)
        advance(1);
    if (m_at >= m_text.size() || !is_name_start(m_text[m_at]))
        return fail("a bare '<' in text (write it as &lt;)");
    while (m_at < m_text.size() && is_name_char(m_text[m_at]))
        advance(1);
    std::vector<std::string_view> names;
    while (true) {
        skip_space();
        if (m_at >= m_text.size())
            return true;
        char const c = m_text[m_at];
        if (c == '>') {
            advance(1);
            m_depth += closing ? -1 : 1;
            return true;
        }
        if (c == '/' && starts(m_text, m_at + 1, ">") && !closing) {
            advance(2);
            return true;
        }
        if (closing || !is_name_start(c))
            return true;
        std::size_t const start = m_at;
        while (m_at < m_text.size() && is_name_char(m_text[m_at]))
            advance(1);
        std::string_view const name = m_text.substr(start, m_at - start);
        skip_space();
        if (m_at >= m_text.size() || m_text[m_at] != '=')
            return true;
        advance(1);
        skip_space();
        if (m_at >= m_text.size())
            return true;
        if (m_text[m_at] != '"' && m_text[m_at] != '\'')
            return fail("the value of attribute \"" + std::string(name) +
                        "\" has no quotes (write " + std::string(name) + "=\"...\")");
        if (std::find(names.begin(), names.end(), name) != names.end())
            return fail("attribute \"" + std::string(name) + "\" is written twice in one element");
        names.push_back(name);
        if (!attribute_value())
            return false;
    }
}

// At '<'. Most are tags; the byte after '<' tells the rest apart without
// comparing each kind's opening in turn.
bool MarkupScan::markup(std::size_t document_start) {
    char const next = m_at + 1 < m_text.size() ? m_text[m_at + 1] : '\0';
    if (next == '?')
        return processing_instruction(document_start);
    if (next != '!')
        return tag();
    if (starts(m_text, m_at, "<!--"))
        return comment();
    if (starts(m_text, m_at, "<![CDATA[")) {
        skip_to("]]>");
        return true;
    }
    return fail(starts(m_text, m_at, "<!DOCTYPE") ? "a DOCTYPE (Beacon's files have no DTD)"
                                                  : "an unknown markup declaration '<!'");
}

std::optional<std::pair<int, std::string>> MarkupScan::run() {
    std::size_t document_start = starts(m_text, 0, "\xEF\xBB\xBF") ? 3 : 0;
    m_at = document_start;
    while (m_at < m_text.size()) {
        char c = m_text[m_at];
        bool ok = true;
        // Between elements, only white space, comments and processing
        // instructions may stand outside the root.
        if (m_depth == 0 && !is_space(c) && c != '<') {
            ok = fail("text outside the root element");
        } else if (c == '&') {
            ok = reference();
        } else if (c == ']' && starts(m_text, m_at, "]]>")) {
            ok = fail("']]>' in text (write it as ]]&gt;)");
        } else if (c == '<') {
            ok = markup(document_start);
        } else if (m_depth > 0) {
            skip_text();
        } else {
            advance(1);
        }
        if (!ok)
            return m_problem;
    }
    return std::nullopt;
}

std::string tinyxml2_message(const tinyxml2::XMLDocument& document) {
    std::string detail = document.ErrorStr() ? document.ErrorStr() : "";
    // tinyxml2's text starts with "Error=NAME ErrorID=N (0xN) Line number=N: ";
    // keep only what follows, which names the element or text involved.
    if (auto colon = detail.find(": "); colon != std::string::npos)
        detail = detail.substr(colon + 2);
    else if (detail.rfind("Error=", 0) == 0)
        detail.clear(); // nothing but the name and line, said already
    if (detail.rfind("XMLElement name=", 0) == 0)
        detail = "in <" + detail.substr(16) + ">";
    std::string name = document.ErrorName();
    if (name.rfind("XML_ERROR_", 0) == 0)
        name = name.substr(10);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return c == '_' ? ' ' : static_cast<char>(std::tolower(c)); });
    return "malformed XML: " + name + (detail.empty() ? "" : " (" + detail + ")");
}

XmlInput failed(const std::string& source, int line, std::string message,
                XmlDocument document = {}) {
    XmlInput input;
    input.document = std::move(document);
    input.error = Diagnostic{source, line, std::move(message)};
    return input;
}

} // namespace

XmlDocument::XmlDocument() = default;
XmlDocument::XmlDocument(XmlDocument&&) noexcept = default;
XmlDocument& XmlDocument::operator=(XmlDocument&&) noexcept = default;
XmlDocument::~XmlDocument() = default;

std::optional<Diagnostic> check_xml_text(std::string_view text, const std::string& source) {
    // Not UTF-8 is said the same way for every text file (core/text_encoding.h).
    if (auto not_utf8 = utf8_problem(text, source))
        return not_utf8;
    auto problem = check_characters(text);
    if (!problem)
        problem = MarkupScan(text).run();
    if (!problem)
        return std::nullopt;
    return Diagnostic{source, problem->first, "malformed XML: " + problem->second};
}

XmlInput load_xml(std::string_view text, const std::string& source, std::size_t max_bytes) {
    if (text.size() > max_bytes)
        return failed(source, 1,
                      "the file is " + std::to_string(text.size()) + " bytes long; at most " +
                          std::to_string(max_bytes) + " are accepted");
    if (auto problem = check_xml_text(text, source)) {
        XmlInput input;
        input.error = std::move(problem);
        return input;
    }
    XmlDocument owner;
    owner.m_document = std::make_unique<tinyxml2::XMLDocument>(true, tinyxml2::PRESERVE_WHITESPACE);
    tinyxml2::XMLDocument* const document = owner.m_document.get();
    if (document->Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS)
        return failed(source, document->ErrorLineNum(), tinyxml2_message(*document),
                      std::move(owner));
    // tinyxml2 keeps whatever follows the root: a second root, or text.
    const tinyxml2::XMLElement* root = nullptr;
    for (auto* node = document->FirstChild(); node; node = node->NextSibling()) {
        if (auto* element = node->ToElement()) {
            if (root)
                return failed(source, element->GetLineNum(),
                              "malformed XML: a second root element <" +
                                  std::string(element->Name()) + "> (a file has exactly one)",
                              std::move(owner));
            root = element;
        } else if (node->ToText()) {
            return failed(source, node->GetLineNum(),
                          "malformed XML: text outside the root element");
        } else if (node->ToUnknown()) {
            return failed(source, node->GetLineNum(), "malformed XML: an unknown '<!' declaration",
                          std::move(owner));
        }
    }
    if (!root)
        return failed(source, 1, "the file holds no XML element", std::move(owner));
    XmlInput input;
    input.document = std::move(owner);
    input.root = root;
    return input;
}

} // namespace beacon
