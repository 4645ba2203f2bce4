#pragma once

// A WebDAV folder listing, as `beacon fleet URL` reads it: the answer to a
// PROPFIND with "Depth: 1" (RFC 4918, a <multistatus> of one <response>
// per file). Pure: the text comes in, the files come out. The listing comes
// from the network, so it is capped before it is parsed, parsed by tinyxml2
// through load_xml() (core/xml_input.h), and a file is kept only when its
// href names a direct child of the listed folder on the same server: a
// listing can never send the reader, with its credentials, anywhere else.
//
// Servers spell DAV's namespace with their own prefix ("D:" for nginx and
// Apache, "d:" for Nextcloud, none at all): elements are matched by their
// local name.

#include "core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon::fleet {

// 10,000 reports (max_report_files) at about 400 bytes of XML each.
inline constexpr std::size_t max_listing_bytes = 4 * 1024 * 1024;

// The PROPFIND request's body: only the properties read below.
extern const char* const dav_propfind_body;

struct DavFile {
    std::string url;  // absolute, as the server spelled it (percent-encoded)
    std::string name; // the last path segment, percent-decoded
    std::optional<std::uint64_t> length;
    std::optional<long long> modified_hour; // UTC hours since 1970 (getlastmodified)
};

// The files (not folders) directly in `folder_url` (which ends in '/'),
// in the order the server listed them. Fails when the text is not a
// multistatus document.
Result<std::vector<DavFile>> parse_dav_listing(std::string_view text,
                                               const std::string& folder_url);

// `href` as an absolute URL when it names a direct child of `folder_url`
// on the same scheme, host and port; nothing otherwise ('..', another
// server, a deeper path, the folder itself).
std::optional<std::string> child_url(const std::string& folder_url, const std::string& href);

// An HTTP date (RFC 9110's IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") in
// UTC hours since 1970.
std::optional<long long> http_date_hour(std::string_view text);

} // namespace beacon::fleet
