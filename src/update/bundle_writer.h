#pragma once

// Making a signed bundle (`beacon bundle`): copy the playlist and its media
// into a new folder, hashing each file as it streams, then write the
// manifest and sign its exact bytes.

#include "core/manifest.h"
#include "system/filesystem.h"
#include "update/installer.h"
#include "update/keys.h"

#include <optional>
#include <string>
#include <vector>

namespace beacon::update {

struct BundleRequest {
    Path from;                      // the content folder
    std::vector<std::string> files; // relative paths, playlist.xml among them
    Path out;                       // created; must not exist or be empty
    std::string created;            // goes into the manifest, informative
    Sequence sequence = 0;          // signed; kiosks install only increasing ones
    Path playlist_file;             // whose bytes become playlist.xml; empty: from/playlist.xml
    std::string label;              // signed; must pass label_problem()
};

// Names a FAT or exFAT stick would store as one file or folder ("a.mp4" and
// "A.mp4", "Media/x" and "media/y"): the first such pair, or nothing.
// write_bundle() refuses them, so such a bundle is never signed.
std::optional<std::pair<std::string, std::string>>
case_collision(const std::vector<std::string>& paths);

// The last sequence signed with a secret key, recorded beside it in
// KEY.sequence ("beacon-last-sequence N"); 0 when there is none.
Sequence last_signed_sequence(FileSystem& fs, const Path& key_file);
// Records `sequence` as the last signed with the key (never lowering it).
Status record_signed_sequence(FileSystem& fs, const Path& key_file, Sequence sequence);
Path sequence_file_for(const Path& key_file);

// Why `request` cannot be written, found before anything is: names that
// collide on a stick, an `out` that is not a new or empty folder. Nothing
// has been written when this fails, so the caller must not call the result
// an incomplete bundle. write_bundle() checks it first too.
Status bundle_request_problem(FileSystem& fs, const BundleRequest& request);

// Returns the manifest written.
Result<Manifest> write_bundle(FileSystem& fs, const BundleRequest& request, const SecretKey& key,
                              const ProgressCallback& progress);

// Hashes one file, streaming. Reports bytes through `progress` (done only).
Result<std::string> hash_file(InputFile& file, std::vector<std::byte>& buffer,
                              const std::function<void(std::uint64_t)>& advanced);

} // namespace beacon::update
