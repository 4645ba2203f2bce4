#include "core/manifest.h"

#include "core/markup_escape.h"
#include "core/path_rules.h"
#include "core/utf8.h"
#include "core/xml_input.h"

#include <tinyxml2.h>

#include <charconv>
#include <limits>
#include <set>

namespace beacon {

namespace {

using tinyxml2::XMLElement;

class Collector {
  public:
    Collector(const std::string& source, std::size_t limit, Diagnostics& out)
        : m_source(source), m_limit(limit), m_out(out) {}
    void error(int line, std::string message) {
        if (m_out.size() < m_limit)
            m_out.push_back({m_source, line, std::move(message)});
        else
            ++m_dropped;
    }
    // Says how many problems were left out, so a flood stays one screenful.
    void finish() {
        if (m_dropped)
            m_out.push_back(
                {m_source, 0,
                 "... and " + std::to_string(m_dropped) + " more problems (not listed)"});
    }

  private:
    const std::string& m_source;
    std::size_t m_limit;
    std::size_t m_dropped = 0;
    Diagnostics& m_out;
};

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

std::optional<std::string> manifest_path_problem(const std::string& path) {
    if (auto problem = content_path_problem(path)) {
        // The playlist rules speak of the playlist's folder; here it is the bundle.
        constexpr std::string_view playlist_words = "the playlist's folder";
        if (auto at = problem->find(playlist_words); at != std::string::npos)
            problem->replace(at, playlist_words.size(), "the bundle's folder");
        return problem;
    }
    for (unsigned char c : path)
        if (c < 0x20 || c == 0x7f)
            return std::optional<std::string>("contains a control character");
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        if (path.compare(start, end - start, ".") == 0)
            return std::optional<std::string>("contains '.' as a folder name");
        start = end + 1;
    }
    if (path == manifest_file_name || path == signature_file_name)
        return "is the manifest's own name; a manifest does not list itself";
    return std::nullopt;
}

std::optional<std::uint64_t> parse_size(const char* text) {
    if (!text || !*text)
        return std::nullopt;
    std::string_view view(text);
    if (view.size() > 1 && view.front() == '0')
        return std::nullopt;
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (error != std::errc() || end != view.data() + view.size())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<std::string> label_problem(std::string_view label) {
    std::size_t characters = 0;
    for (std::size_t at = 0; at < label.size();) {
        auto code_point = next_code_point(label, at);
        if (!code_point)
            return std::optional<std::string>("is not UTF-8 text (at byte " +
                                              std::to_string(at + 1) + ")");
        if (*code_point < 0x20 || (*code_point >= 0x7f && *code_point <= 0x9f))
            return std::optional<std::string>("contains a control character (a line break, a tab "
                                              "or similar); a label is one line of text");
        ++characters;
    }
    if (characters > max_label_characters)
        return "is " + std::to_string(characters) + " characters long; at most " +
               std::to_string(max_label_characters) + " are allowed";
    return std::nullopt;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

std::uint64_t Manifest::total_size() const {
    std::uint64_t total = 0;
    for (auto& entry : files)
        total += entry.size;
    return total;
}

const ManifestEntry* Manifest::find(std::string_view path) const {
    for (auto& entry : files)
        if (entry.path == path)
            return &entry;
    return nullptr;
}

ParsedManifest parse_manifest(std::string_view text, const std::string& source,
                              const ManifestLimits& limits) {
    ParsedManifest result;
    Collector report(source, limits.max_diagnostics, result.diagnostics);
    if (text.size() > limits.max_bytes) {
        report.error(0, "the manifest is " + std::to_string(text.size()) + " bytes long; at most " +
                            std::to_string(limits.max_bytes) + " are accepted");
        return result;
    }
    // The one strict door for XML: one root, UTF-8, no NUL (core/xml_input.h).
    XmlInput input = load_xml(text, source, limits.max_bytes);
    if (!input.ok()) {
        report.error(input.error->line, input.error->message);
        return result;
    }
    const XMLElement* root = input.root;
    if (!root || std::string_view(root->Name()) != "manifest") {
        report.error(root ? root->GetLineNum() : 1, "the root element must be <manifest>");
        return result;
    }
    const char* format = root->Attribute("format");
    if (!format || std::string_view(format) != "1")
        report.error(root->GetLineNum(),
                     "<manifest> needs format=\"1\" (this Beacon reads format 1 only)");
    Manifest manifest;
    for (auto* attribute = root->FirstAttribute(); attribute; attribute = attribute->Next()) {
        std::string_view name = attribute->Name();
        if (name == "created") {
            manifest.created = attribute->Value();
        } else if (name == "label") {
            manifest.label = attribute->Value();
            if (auto problem = label_problem(manifest.label))
                report.error(root->GetLineNum(), "the label " + *problem);
        } else if (name == "sequence") {
            // Same rule as sizes: decimal digits, no sign, no leading zero.
            if (auto sequence = parse_size(attribute->Value()))
                manifest.sequence = *sequence;
            else
                report.error(root->GetLineNum(),
                             "<manifest> needs sequence=\"NUMBER\", a whole number up to " +
                                 std::to_string(std::numeric_limits<Sequence>::max()));
        } else if (name != "format")
            report.error(root->GetLineNum(), "<manifest> has an unknown attribute " + quoted(name));
    }

    std::set<std::string, std::less<>> paths;
    std::size_t count = 0;
    for (const XMLElement* element = root->FirstChildElement(); element;
         element = element->NextSiblingElement()) {
        int line = element->GetLineNum();
        if (std::string_view(element->Name()) != "file") {
            report.error(line, "unknown element <" + std::string(element->Name()) + ">");
            continue;
        }
        if (++count > limits.max_files) {
            report.error(line, "the manifest lists more than " + std::to_string(limits.max_files) +
                                   " files");
            break;
        }
        for (auto* attribute = element->FirstAttribute(); attribute;
             attribute = attribute->Next()) {
            std::string_view name = attribute->Name();
            if (name != "path" && name != "size" && name != "sha256")
                report.error(line, "<file> has an unknown attribute " + quoted(name));
        }
        ManifestEntry entry;
        entry.line = line;
        bool ok = true;
        if (const char* path = element->Attribute("path")) {
            entry.path = path;
            if (auto problem = manifest_path_problem(entry.path)) {
                report.error(line, "path " + quoted(entry.path) + " " + *problem);
                ok = false;
            } else if (!paths.insert(entry.path).second) {
                report.error(line, "path " + quoted(entry.path) + " is listed twice");
                ok = false;
            }
        } else {
            report.error(line, "<file> has no path");
            ok = false;
        }
        auto size = parse_size(element->Attribute("size"));
        if (!size || *size > limits.max_file_size) {
            report.error(line, "<file path=" + quoted(entry.path) +
                                   "> needs size=\"BYTES\", a whole number up to " +
                                   std::to_string(limits.max_file_size));
            ok = false;
        } else {
            entry.size = *size;
        }
        const char* hash = element->Attribute("sha256");
        if (!hash || !is_sha256_hex(hash)) {
            report.error(line, "<file path=" + quoted(entry.path) +
                                   "> needs sha256=\"...\", 64 lowercase hex digits");
            ok = false;
        } else {
            entry.sha256 = hash;
        }
        if (ok)
            manifest.files.push_back(std::move(entry));
    }
    // A file may not also be a folder of another file ("media" and "media/a.png").
    for (auto& entry : manifest.files) {
        for (std::size_t slash = entry.path.find('/'); slash != std::string::npos;
             slash = entry.path.find('/', slash + 1)) {
            std::string_view folder(entry.path.data(), slash);
            if (paths.count(folder))
                report.error(entry.line, "path " + quoted(entry.path) + " lies inside " +
                                             quoted(folder) + ", which is listed as a file");
        }
    }
    if (!paths.count(bundle_playlist_name))
        report.error(root->GetLineNum(), "the manifest does not list " +
                                             quoted(bundle_playlist_name) +
                                             ", the playlist every bundle carries");
    report.finish();
    if (result.diagnostics.empty())
        result.manifest = std::move(manifest);
    return result;
}

bool looks_like_manifest(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
        bytes.remove_prefix(3);
    auto first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || bytes[first] != '<')
        return false;
    // The comment Beacon writes, or one an editor adds, comes first.
    constexpr std::size_t near_start = 4096;
    return bytes.substr(0, near_start).find("<manifest") != std::string_view::npos;
}

std::string opening_of(std::string_view bytes) {
    std::string shown;
    for (char c : bytes.substr(0, 40))
        shown += (c >= 0x20 && c < 0x7f) ? c : ' ';
    return shown + (bytes.size() > 40 ? "..." : "");
}

std::string write_manifest(const Manifest& manifest) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!-- A Beacon bundle manifest. manifest.sig signs these exact bytes: "
                      "any edit voids it. -->\n"
                      "<manifest format=\"1\"";
    if (manifest.sequence)
        out += " sequence=\"" + std::to_string(manifest.sequence) + "\"";
    if (!manifest.created.empty()) {
        out += " created=\"";
        append_markup_escaped(out, manifest.created);
        out += "\"";
    }
    if (!manifest.label.empty()) {
        out += " label=\"";
        append_markup_escaped(out, manifest.label);
        out += "\"";
    }
    out += ">\n";
    for (auto& entry : manifest.files) {
        out += "  <file path=\"";
        append_markup_escaped(out, entry.path);
        out += "\" size=\"" + std::to_string(entry.size) + "\" sha256=\"" + entry.sha256 + "\"/>\n";
    }
    out += "</manifest>\n";
    return out;
}

} // namespace beacon
