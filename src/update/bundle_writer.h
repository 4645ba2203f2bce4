#pragma once

// Making a signed bundle (`beacon bundle`): copy the playlist and its media
// into a new folder, hashing each file as it streams, then write the
// manifest and sign its exact bytes.

#include "core/manifest.h"
#include "update/filesystem.h"
#include "update/installer.h"
#include "update/keys.h"

#include <string>
#include <vector>

namespace beacon::update {

struct BundleRequest {
    Path from;                      // the content folder
    std::vector<std::string> files; // relative paths, playlist.xml among them
    Path out;                       // created; must not exist or be empty
    std::string created;            // goes into the manifest, informative
};

// Returns the manifest written.
Result<Manifest> write_bundle(FileSystem& fs, const BundleRequest& request, const SecretKey& key,
                              const ProgressCallback& progress);

// Hashes one file, streaming. Reports bytes through `progress` (done only).
Result<std::string> hash_file(InputFile& file, std::vector<std::byte>& buffer,
                              const std::function<void(std::uint64_t)>& advanced);

} // namespace beacon::update
