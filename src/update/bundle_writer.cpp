#include "update/bundle_writer.h"

#include "update/sha256.h"

#include <charconv>
#include <map>

namespace beacon::update {

namespace {

// FAT compares names without case; its table folds ASCII and most of
// Unicode. ASCII is folded here, and any byte past ASCII makes two names
// that are equal once folded collide only if they are equal bytewise there
// too: a conservative approximation (é and É are not caught).
std::string folded(std::string_view path) {
    std::string out(path);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace

std::optional<std::pair<std::string, std::string>>
case_collision(const std::vector<std::string>& paths) {
    // Every file and every folder above it, by folded name.
    std::map<std::string, std::string> seen;
    for (auto& path : paths) {
        for (std::size_t end = path.find('/');; end = path.find('/', end + 1)) {
            std::string prefix = path.substr(0, end);
            auto [at, inserted] = seen.emplace(folded(prefix), prefix);
            if (!inserted && at->second != prefix)
                return std::pair{at->second, prefix};
            if (end == std::string::npos)
                break;
        }
    }
    return std::nullopt;
}

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

Path sequence_file_for(const Path& key_file) {
    return Path(key_file.string() + ".sequence");
}

Sequence last_signed_sequence(FileSystem& fs, const Path& key_file) {
    auto text = read_small_file(fs, sequence_file_for(key_file), 256);
    if (!text)
        return 0;
    constexpr std::string_view tag = "beacon-last-sequence ";
    std::string_view view = text.value();
    if (view.substr(0, tag.size()) != tag)
        return 0;
    view.remove_prefix(tag.size());
    Sequence value = 0;
    auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
    return error == std::errc() ? value : 0;
}

Status record_signed_sequence(FileSystem& fs, const Path& key_file, Sequence sequence) {
    Sequence last = last_signed_sequence(fs, key_file);
    if (sequence <= last)
        return Done{};
    Path file = sequence_file_for(key_file);
    Path temporary(file.string() + ".new");
    (void)fs.remove(temporary);
    if (auto written = write_small_file(fs, temporary,
                                        "beacon-last-sequence " + std::to_string(sequence) +
                                            "\n# The number of the last bundle signed with "
                                            "this key; `beacon bundle` counts on from it.\n");
        !written)
        return written;
    return fs.rename(temporary, file);
}

Status bundle_request_problem(FileSystem& fs, const BundleRequest& request) {
    if (auto problem = label_problem(request.label))
        return Error{"the label \"" + request.label + "\" " + *problem};
    if (auto collision = case_collision(request.files))
        return Error{"\"" + collision->first + "\" and \"" + collision->second +
                     "\" differ only in case: a USB stick (FAT, exFAT) cannot hold both; "
                     "rename one"};
    FileInfo out = fs.stat(request.out);
    if (out.type == FileInfo::Type::Directory) {
        auto names = fs.list(request.out);
        if (!names)
            return names.error();
        if (names.value().empty())
            return Done{};
        bool holds_bundle =
            fs.stat(request.out / manifest_file_name).type == FileInfo::Type::File &&
            fs.stat(request.out / signature_file_name).type == FileInfo::Type::File;
        if (holds_bundle)
            return Error{request.out.string() +
                         " already holds a signed bundle, left as it is; each bundle goes into "
                         "a new folder: choose another --out, or delete that folder first"};
        return Error{request.out.string() +
                     " is not empty, and nothing was written to it; each bundle goes into a new "
                     "or empty folder"};
    }
    if (out.type != FileInfo::Type::Missing)
        return Error{request.out.string() + " exists and is not a folder; nothing was written"};
    return Done{};
}

Result<Manifest> write_bundle(FileSystem& fs, const BundleRequest& request, const SecretKey& key,
                              const ProgressCallback& progress) {
    if (auto problem = bundle_request_problem(fs, request); !problem)
        return problem.error();
    if (fs.stat(request.out).type == FileInfo::Type::Missing)
        if (auto made = fs.make_dir(request.out); !made)
            return made.error();

    // The administrator's playlist may have any name ("clinic.xml"); in the
    // bundle it is always playlist.xml.
    auto source_of = [&](const std::string& relative) {
        return relative == bundle_playlist_name && !request.playlist_file.empty()
                   ? request.playlist_file
                   : request.from / relative;
    };
    Progress state;
    for (auto& relative : request.files)
        state.total += fs.stat(source_of(relative)).size;
    Manifest manifest;
    manifest.created = request.created;
    manifest.label = request.label;
    manifest.sequence = request.sequence;
    std::vector<std::byte> buffer(1 << 20);
    for (auto& relative : request.files) {
        for (std::size_t slash = relative.find('/'); slash != std::string::npos;
             slash = relative.find('/', slash + 1))
            if (auto made = fs.make_dir(request.out / relative.substr(0, slash)); !made)
                return made.error();
        auto input = fs.open_read(source_of(relative));
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
