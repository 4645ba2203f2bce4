#pragma once

// Tools shared by the update tests: signed bundles made from the fixtures
// with the test key, tampering, and a digest of a folder tree to prove that
// nothing changed.

#include "../integration/read_file.h"
#include "system/filesystem.h"
#include "update/keys.h"

#include <filesystem>
#include <string>

namespace test {

std::filesystem::path fixtures();                         // tests/data/bundles
std::filesystem::path fresh_dir(const std::string& name); // empty, under the build tree

// `beacon bundle` without the binary: content signed by keys/KEY.key,
// numbered 1, 2, 3... in the order bundles are made.
std::filesystem::path make_bundle(const std::filesystem::path& content,
                                  const std::filesystem::path& out, const std::string& key = "test",
                                  const std::string& label = "");
// Signs the bundle's manifest.xml again, as it now is, with keys/KEY.key.
void resign(const std::filesystem::path& bundle, const std::string& key = "test");
// Gives the bundle's manifest sequence="N" (replacing any) and signs it again.
void set_sequence(const std::filesystem::path& bundle, unsigned long long sequence);
// Replaces the first `from` in the bundle's manifest.xml with `to` (no re-signing).
void edit_manifest(const std::filesystem::path& bundle, const std::string& from,
                   const std::string& to);
beacon::update::KeyRing test_ring();
// A folder holding only keys/test.pub, as a kiosk's keys folder.
std::filesystem::path trusted_keys_dir();

// Every file, link and folder under `dir` (links not followed), with file
// hashes: equal digests mean equal trees.
std::string tree_digest(const std::filesystem::path& dir);
// The tree `current` names in a store, digested; "none" without one.
std::string current_digest(const std::filesystem::path& store);

void write_file(const std::filesystem::path& path, const std::string& text);

} // namespace test
