#include "fleet/dav_listing.h"

#include "core/hex_digit.h"
#include "core/schedule.h"
#include "core/xml_input.h"

#include <tinyxml2.h>

#include <array>
#include <charconv>
#include <cstring>

namespace beacon::fleet {

const char* const dav_propfind_body =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:getcontentlength/>"
    "<D:getlastmodified/></D:prop></D:propfind>\n";

namespace {

using tinyxml2::XMLElement;

std::string_view local_name(const XMLElement& element) {
    std::string_view name = element.Name();
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

const XMLElement* child(const XMLElement& parent, std::string_view name) {
    for (auto* node = parent.FirstChildElement(); node; node = node->NextSiblingElement())
        if (local_name(*node) == name)
            return node;
    return nullptr;
}

std::string_view text_of(const XMLElement* element) {
    const char* text = element ? element->GetText() : nullptr;
    return text ? std::string_view(text) : std::string_view();
}

std::string_view trimmed(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Nothing when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        int high = hex_digit_value(text[i + 1]), low = hex_digit_value(text[i + 2]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// "http://host:port" of an absolute http(s) URL, or nothing.
std::optional<std::string> origin_of(const std::string& url) {
    std::size_t scheme_end = url.rfind("https://", 0) == 0  ? 8
                             : url.rfind("http://", 0) == 0 ? 7
                                                            : 0;
    if (scheme_end == 0)
        return std::nullopt;
    auto path = url.find('/', scheme_end);
    return path == std::string::npos ? url : url.substr(0, path);
}

// The element of `name` in a property group of a <response> that the server
// answered with 200 (or without a status), or nothing.
const XMLElement* property(const XMLElement& response, std::string_view name) {
    for (auto* propstat = response.FirstChildElement(); propstat;
         propstat = propstat->NextSiblingElement()) {
        if (local_name(*propstat) != "propstat")
            continue;
        auto status = text_of(child(*propstat, "status"));
        if (!status.empty() && status.find(" 200") == std::string_view::npos)
            continue;
        if (auto* prop = child(*propstat, "prop"))
            if (auto* found = child(*prop, name))
                return found;
    }
    return nullptr;
}

} // namespace

std::optional<std::string> child_url(const std::string& folder_url, const std::string& href) {
    auto origin = origin_of(folder_url);
    if (!origin || folder_url.empty() || folder_url.back() != '/')
        return std::nullopt;
    std::string url;
    if (origin_of(href))
        url = href;
    else if (!href.empty() && href.front() == '/')
        url = *origin + href;
    else
        url = folder_url + href;
    // The same server (a prefix that ends at the folder's '/'), one segment
    // below the folder, and that segment no dot name.
    if (url.size() <= folder_url.size() || url.compare(0, folder_url.size(), folder_url) != 0)
        return std::nullopt;
    std::string_view rest = std::string_view(url).substr(folder_url.size());
    if (rest.find('/') != std::string_view::npos ||
        rest.find_first_of("?#") != std::string_view::npos)
        return std::nullopt;
    auto name = percent_decoded(rest);
    if (!name || name->empty() || *name == "." || *name == ".." ||
        name->find('/') != std::string::npos || name->find('\0') != std::string::npos)
        return std::nullopt;
    return url;
}

std::optional<long long> http_date_hour(std::string_view text) {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    text = trimmed(text);
    static constexpr std::array<const char*, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT")
        return std::nullopt;
    auto number = [&](std::size_t at, std::size_t length) -> std::optional<int> {
        int value = 0;
        auto part = text.substr(at, length);
        auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (error != std::errc() || end != part.data() + part.size())
            return std::nullopt;
        return value;
    };
    auto day = number(5, 2), year = number(12, 4), hour = number(17, 2);
    int month = 0;
    for (std::size_t i = 0; i < months.size(); ++i)
        if (text.substr(8, 3) == months[i])
            month = static_cast<int>(i) + 1;
    if (!day || !year || !hour || month == 0 || *hour > 23 || text[11] != ' ' || text[16] != ' ' ||
        text[19] != ':')
        return std::nullopt;
    CivilDate date{*year, month, *day};
    auto checked = parse_civil_date(date.to_string());
    if (!checked)
        return std::nullopt;
    return days_from_civil(*checked) * 24 + *hour;
}

Result<std::vector<DavFile>> parse_dav_listing(std::string_view text,
                                               const std::string& folder_url) {
    XmlInput input = load_xml(text, folder_url, max_listing_bytes);
    if (!input.ok())
        return Error{"the WebDAV listing of " + folder_url +
                     " is not XML: " + input.error->to_string()};
    if (local_name(*input.root) != "multistatus")
        return Error{folder_url + " answered PROPFIND with <" + std::string(input.root->Name()) +
                     ">, not a WebDAV <multistatus>"};
    std::vector<DavFile> files;
    for (auto* response = input.root->FirstChildElement(); response;
         response = response->NextSiblingElement()) {
        if (local_name(*response) != "response")
            continue;
        auto url = child_url(folder_url, std::string(trimmed(text_of(child(*response, "href")))));
        if (!url)
            continue; // the folder itself, or nothing of ours
        auto* type = property(*response, "resourcetype");
        if (type && child(*type, "collection"))
            continue;
        DavFile file;
        file.url = *url;
        file.name = percent_decoded(std::string_view(*url).substr(folder_url.size())).value_or("");
        std::uint64_t length = 0;
        auto length_text = trimmed(text_of(property(*response, "getcontentlength")));
        auto [end, error] =
            std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
        if (!length_text.empty() && error == std::errc() &&
            end == length_text.data() + length_text.size())
            file.length = length;
        file.modified_hour = http_date_hour(text_of(property(*response, "getlastmodified")));
        files.push_back(std::move(file));
    }
    return files;
}

} // namespace beacon::fleet
