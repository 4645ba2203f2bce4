#pragma once

// The one escaper for text Beacon writes into markup: XML it signs (the
// bundle manifest, core/manifest.h) and the HTML of `beacon fleet`'s
// dashboard (fleet/dashboard.h). Its output is safe in character data and
// in attribute values quoted with either ' or ", in both languages:
// - & < > " ' become &amp; &lt; &gt; &quot; &#39;
// - tab, LF and CR become &#9; &#10; &#13;, so an attribute keeps them
//   (an XML reader would otherwise turn them into spaces), and
//   parse_manifest(write_manifest(m)) gives back m;
// - every other control character below U+0020, which XML 1.0 forbids even
//   as a reference (load_xml() refuses it), becomes a space.
// Everything else, invalid UTF-8 included, is copied as it is: the callers'
// texts were checked (label_problem(), content_path_problem()) or cut at
// UTF-8 boundaries before.

#include <string>
#include <string_view>

namespace beacon {

void append_markup_escaped(std::string& out, std::string_view text);
std::string markup_escaped(std::string_view text);

} // namespace beacon
