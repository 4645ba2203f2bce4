#pragma once

// decode_text(): the one door from a text file's bytes to the UTF-8 text its
// parser reads. Every reader of a text file calls it: playlists (player,
// validate, render, bundle, the install pipeline), bundle manifests,
// beacon.conf and captions.
//
// - UTF-8, with or without a byte order mark: checked, and passed on as it
//   is (without the mark), not copied.
// - UTF-16 or UTF-32 with a byte order mark (Notepad's "Unicode"): converted
//   to UTF-8 with ICU, and note() says so, once, for the caller to show.
// - Anything else (Windows-1252, say): an error at the first byte that is not
//   UTF-8, with its line and column (core/text_encoding.h words it).
//
// Size caps are the reader's, on the raw bytes, before this is called: a
// UTF-16 file is about twice the size of its UTF-8 text.

#include "core/diagnostic.h"

#include <optional>
#include <string>
#include <string_view>

namespace beacon {

class DecodedText {
  public:
    // The UTF-8 text; valid while this object and the bytes given to
    // decode_text() live. Empty when error() is set.
    std::string_view text() const { return m_converted ? std::string_view(*m_converted) : m_view; }
    const std::optional<Diagnostic>& error() const { return m_error; }
    bool ok() const { return !m_error; }
    // "read as UTF-16 (Notepad's "Unicode"); saving it as UTF-8 is better",
    // when the file was converted.
    const std::optional<std::string>& note() const { return m_note; }

  private:
    friend DecodedText decode_text(std::string_view bytes, const std::string& source);
    std::string_view m_view;
    std::optional<std::string> m_converted;
    std::optional<Diagnostic> m_error;
    std::optional<std::string> m_note;
};

DecodedText decode_text(std::string_view bytes, const std::string& source);

} // namespace beacon
