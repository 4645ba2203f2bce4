#include "update/bundle_writer.h"

#include "update/sha256.h"

namespace beacon::update {

Result<std::string> hash_file(InputFile& file, std::vector<std::byte>& buffer,
                              const std::function<void(std::uint64_t)>& advanced) {
    Sha256 hash;
    for (;;) {
        auto n = file.read(buffer);
        if (!n)
            return n.error();
        if (n.value() == 0)
            return hash.finish_hex();
        hash.update(std::span(buffer.data(), n.value()));
        if (advanced)
            advanced(n.value());
    }
}

Result<Manifest> write_bundle(FileSystem& fs, const BundleRequest& request, const SecretKey& key,
                              const ProgressCallback& progress) {
    FileInfo out = fs.stat(request.out);
    if (out.type == FileInfo::Type::Directory) {
        auto names = fs.list(request.out);
        if (!names)
            return names.error();
        if (!names.value().empty())
            return Error{request.out.string() + " is not empty; bundles go into a new folder"};
    } else if (out.type != FileInfo::Type::Missing) {
        return Error{request.out.string() + " exists and is not a folder"};
    } else if (auto made = fs.make_dir(request.out); !made) {
        return made.error();
    }

    Progress state;
    for (auto& relative : request.files)
        state.total += fs.stat(request.from / relative).size;
    Manifest manifest;
    manifest.created = request.created;
    std::vector<std::byte> buffer(1 << 20);
    for (auto& relative : request.files) {
        for (std::size_t slash = relative.find('/'); slash != std::string::npos;
             slash = relative.find('/', slash + 1))
            if (auto made = fs.make_dir(request.out / relative.substr(0, slash)); !made)
                return made.error();
        auto input = fs.open_read(request.from / relative);
        if (!input)
            return input.error();
        auto output = fs.create(request.out / relative);
        if (!output)
            return output.error();
        Sha256 hash;
        std::uint64_t size = 0;
        for (;;) {
            auto n = input.value()->read(buffer);
            if (!n)
                return n.error();
            if (n.value() == 0)
                break;
            auto chunk = std::span<const std::byte>(buffer.data(), n.value());
            hash.update(chunk);
            if (auto written = output.value()->write(chunk); !written)
                return written.error();
            output.value()->write_back_early();
            size += n.value();
            state.done += n.value();
            if (progress) {
                state.file = relative;
                progress(state);
            }
        }
        if (auto synced = output.value()->sync(); !synced)
            return synced.error();
        if (auto closed = output.value()->close(); !closed)
            return closed.error();
        manifest.files.push_back({relative, size, hash.finish_hex(), 0});
    }
    std::string text = write_manifest(manifest);
    auto signature = sign_manifest(key, text);
    if (!signature)
        return signature.error();
    if (auto written = write_small_file(fs, request.out / manifest_file_name, text); !written)
        return written.error();
    if (auto written = write_small_file(fs, request.out / signature_file_name, signature.value());
        !written)
        return written.error();
    if (auto synced = fs.sync_dir(request.out); !synced)
        return synced.error();
    return manifest;
}

} // namespace beacon::update
