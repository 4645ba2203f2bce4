#pragma once

// A bundle's manifest: every file the bundle carries, with its size and
// SHA-256. The signature covers the manifest's exact bytes, so the parser is
// only ever handed text whose signature has already been checked; it still
// trusts nothing and reports every problem like a compiler does.
//
// The text goes through load_xml() (core/xml_input.h): exactly one root,
// well-formed UTF-8, no NUL. Memory is bounded by construction: text longer
// than max_bytes is refused before tinyxml2 sees it, at most max_files entries are kept and at most
// max_diagnostics problems are collected.

#include "core/diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beacon {

struct ManifestLimits {
    std::size_t max_bytes = 2 * 1024 * 1024;
    std::size_t max_files = 10'000;
    std::uint64_t max_file_size = std::uint64_t(64) << 30; // 64 GiB
    std::size_t max_diagnostics = 50;
};

struct ManifestEntry {
    std::string path; // relative, '/' separated; passed content_path_problem()
    std::uint64_t size = 0;
    std::string sha256; // 64 lowercase hex digits
    int line = 0;

    bool operator==(const ManifestEntry&) const = default;
};

// The playlist every bundle carries at its root.
inline constexpr std::string_view bundle_playlist_name = "playlist.xml";
inline constexpr std::string_view manifest_file_name = "manifest.xml";
inline constexpr std::string_view signature_file_name = "manifest.sig";

// A manifest's `sequence` orders bundles: a kiosk installs a bundle only when
// its sequence is greater than the installed one's (except through `beacon
// rollback`), so a replayed older bundle never brings old content back. The
// signature covers it like every other byte. A manifest written before
// sequences existed has none and counts as 0: it installs on an empty store
// only, and never replaces a numbered bundle.
using Sequence = std::uint64_t;

// A bundle's label names it for people ("December campaign"): `beacon
// bundle --label` writes it, the signature covers it, and `beacon versions`,
// install and rollback show it. It is at most max_label_characters
// characters of UTF-8 with no control characters, so it fits one line.
inline constexpr std::size_t max_label_characters = 80;
// Why `label` cannot be a bundle's label, or nothing when it can. The one
// rule, used by `beacon bundle` and parse_manifest() alike.
std::optional<std::string> label_problem(std::string_view label);

struct Manifest {
    Sequence sequence = 0; // 0: none written
    std::string created;   // free text from the bundler (a UTC time); informative only
    std::string label;     // empty: none; passed label_problem()
    std::vector<ManifestEntry> files;

    std::uint64_t total_size() const;
    const ManifestEntry* find(std::string_view path) const;
};

struct ParsedManifest {
    std::optional<Manifest> manifest; // set only when there were no errors
    Diagnostics diagnostics;
};

ParsedManifest parse_manifest(std::string_view text, const std::string& source,
                              const ManifestLimits& limits = {});

// Manifest XML for `manifest`, files in the order given. parse_manifest()
// reads back exactly what went in.
std::string write_manifest(const Manifest& manifest);

// A lexical look at bytes whose signature has not been checked yet, without
// parsing them: whether they could be a Beacon manifest at all (an XML text
// with a <manifest> element near its start). A wrong update URL answers with
// an HTML page or an error text; that is then named as such, and never as a
// manifest altered after signing.
bool looks_like_manifest(std::string_view bytes);
// The first few characters of `bytes`, printable, for a message.
std::string opening_of(std::string_view bytes);

bool is_sha256_hex(std::string_view text);

} // namespace beacon
