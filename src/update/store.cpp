#include "update/store.h"
#include "system/text_decoding.h"

#include "update/sha256.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <tuple>

namespace beacon::update {

std::string version_for_manifest(std::string_view manifest_bytes) {
    return "v-" + sha256_hex(manifest_bytes).substr(0, 16);
}

bool is_version_name(std::string_view name) {
    if (name.size() != 18 || name.substr(0, 2) != "v-")
        return false;
    for (char c : name.substr(2))
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

Error Store::explain(const Error& os_error) {
    if (os_error.code == ErrorCode::Busy)
        return Error{ErrorCode::Busy, "another update of " + m_root.string() + " is in progress (" +
                                          os_error.message + ")"};
    if (os_error.code == ErrorCode::NotFound && m_fs.stat(m_root).type == FileInfo::Type::Missing)
        return Error{ErrorCode::NotFound,
                     "the store " + m_root.string() +
                         " does not exist; on a kiosk the package makes it, elsewhere name "
                         "one with --store DIR (" +
                         os_error.message + ")"};
    return os_error;
}

std::optional<std::string> previous_for(const std::vector<StoredVersion>& versions,
                                        const std::string& current) {
    auto is_current = [&](const StoredVersion& v) { return v.name == current; };
    auto at = std::find_if(versions.begin(), versions.end(), is_current);
    if (at == versions.end())
        return std::nullopt;
    const StoredVersion* best = nullptr;
    for (auto& version : versions)
        if (version.manifest.sequence < at->manifest.sequence &&
            (!best || version.manifest.sequence > best->manifest.sequence))
            best = &version;
    if (!best)
        return std::nullopt;
    return best->name;
}

std::set<std::string> versions_to_keep(const std::vector<StoredVersion>& versions,
                                       const std::optional<std::string>& current) {
    std::set<std::string> keep;
    if (current) {
        keep.insert(*current);
        if (auto previous = previous_for(versions, *current))
            keep.insert(*previous);
    }
    std::vector<const StoredVersion*> newest;
    for (auto& version : versions)
        newest.push_back(&version);
    std::stable_sort(newest.begin(), newest.end(),
                     [](auto* a, auto* b) { return a->manifest.sequence > b->manifest.sequence; });
    for (auto* version : newest)
        if (keep.size() < kept_versions)
            keep.insert(version->name);
    return keep;
}

std::string version_title(const Manifest& manifest) {
    std::string title = std::to_string(manifest.sequence);
    if (!manifest.label.empty())
        title += " \"" + manifest.label + "\"";
    return title;
}

Status Store::prepare() {
    for (const Path& folder : {m_root, objects_path(), staging_path(), downloads_path()})
        if (auto made = m_fs.make_dir(folder); !made)
            return explain(made.error());
    return Done{};
}

Result<std::unique_ptr<Lock>> Store::lock() {
    auto lock = m_fs.lock(m_root / ".lock");
    if (!lock)
        return explain(lock.error());
    // Bytes hashed under an earlier lock may have rotted since.
    m_verified_objects.clear();
    return lock;
}

std::optional<std::string> Store::link_target(const char* name) {
    auto target = m_fs.read_link(m_root / name);
    // A bare version name has no '/': the link cannot lead out of the store.
    if (!target || !is_version_name(target.value()))
        return std::nullopt;
    // lstat: a version-named symlink to a folder elsewhere is not a version.
    if (m_fs.stat(m_root / target.value()).type != FileInfo::Type::Directory)
        return std::nullopt;
    // The folder holds the manifest its name was made from.
    auto manifest = read_small_file(m_fs, version_file(target.value(), manifest_file_name),
                                    ManifestLimits{}.max_bytes);
    if (!manifest || version_for_manifest(manifest.value()) != target.value())
        return std::nullopt;
    return target.value();
}

std::optional<std::string> Store::current_version() {
    return link_target("current");
}

std::optional<std::string> Store::previous_version() {
    return link_target("previous");
}

std::optional<Path> Store::current_playlist() {
    auto version = current_version();
    if (!version)
        return std::nullopt;
    // lstat: a playlist.xml that is a link could lead out of the store.
    Path playlist = version_file(*version, bundle_playlist_name);
    if (m_fs.stat(playlist).type != FileInfo::Type::File)
        return std::nullopt;
    return playlist;
}

Sequence Store::sequence_of(const std::string& version) {
    // The manifest was verified when the version was installed, and its
    // hash is its folder's name (checked by link_target()).
    auto text = read_small_file(m_fs, version_file(version, manifest_file_name),
                                ManifestLimits{}.max_bytes);
    if (!text)
        return 0;
    DecodedText decoded = decode_text(text.value(), std::string(manifest_file_name));
    auto parsed = parse_manifest(decoded.text(), std::string(manifest_file_name));
    return decoded.ok() && parsed.manifest ? parsed.manifest->sequence : 0;
}

std::optional<Manifest> Store::version_manifest(const std::string& version) {
    if (!is_version_name(version) ||
        m_fs.stat(version_path(version)).type != FileInfo::Type::Directory)
        return std::nullopt;
    auto text = read_small_file(m_fs, version_file(version, manifest_file_name),
                                ManifestLimits{}.max_bytes);
    // Verified when it was installed; its hash is still the folder's name.
    if (!text || version_for_manifest(text.value()) != version)
        return std::nullopt;
    auto parsed = parse_manifest(text.value(), std::string(manifest_file_name));
    return std::move(parsed.manifest);
}

std::vector<StoredVersion> Store::versions() {
    std::vector<StoredVersion> found;
    auto names = m_fs.list(m_root);
    if (!names)
        return found;
    for (auto& name : names.value())
        if (auto manifest = version_manifest(name))
            found.push_back({name, std::move(*manifest)});
    std::sort(found.begin(), found.end(), [](auto& a, auto& b) {
        return std::tie(a.manifest.sequence, a.name) < std::tie(b.manifest.sequence, b.name);
    });
    return found;
}

bool Store::has_object(const std::string& sha256, std::uint64_t size) {
    FileInfo info = m_fs.stat(object_path(sha256));
    return info.type == FileInfo::Type::File && info.size == size;
}

Result<bool> Store::file_matches(const Path& path, std::uint64_t size, const std::string& sha256,
                                 const std::function<void(std::uint64_t)>& hashed) {
    FileInfo info = m_fs.stat(path);
    if (info.type != FileInfo::Type::File || info.size != size)
        return false;
    auto file = m_fs.open_read(path);
    if (!file)
        return file.error();
    Sha256 hash;
    std::vector<std::byte> buffer(1 << 20);
    std::uint64_t read = 0;
    for (;;) {
        auto n = file.value()->read(buffer);
        if (!n)
            return n.error();
        if (n.value() == 0)
            break;
        read += n.value();
        hash.update(std::span(buffer.data(), n.value()));
        if (hashed)
            hashed(n.value());
    }
    return read == size && hash.finish_hex() == sha256;
}

bool Store::has_verified_object(const std::string& sha256, std::uint64_t size) {
    if (m_verified_objects.count(sha256))
        return has_object(sha256, size);
    if (!has_object(sha256, size)) {
        // Anything else under that name (a link, a folder, a file of the
        // wrong size) would only block the fresh copy's link.
        if (m_fs.stat(object_path(sha256)).type != FileInfo::Type::Missing)
            (void)m_fs.remove_all(object_path(sha256));
        return false;
    }
    auto matches = file_matches(object_path(sha256), size, sha256);
    if (matches && matches.value()) {
        m_verified_objects.insert(sha256);
        return true;
    }
    // Rotten (or unreadable): take it out of .objects so the next install
    // copies the file afresh. Versions still linking the old inode are
    // damaged; damaged_files() finds them when they are installed again.
    (void)m_fs.remove(object_path(sha256));
    return false;
}

std::vector<const ManifestEntry*>
Store::damaged_files(const std::string& version, const Manifest& manifest,
                     const std::function<void(std::uint64_t)>& hashed) {
    std::vector<const ManifestEntry*> damaged;
    for (auto& entry : manifest.files) {
        auto matches =
            file_matches(version_file(version, entry.path), entry.size, entry.sha256, hashed);
        if (!matches || !matches.value())
            damaged.push_back(&entry);
    }
    return damaged;
}

Status Store::set_link(const char* name, const std::string& version) {
    Path temporary = m_root / (std::string(".") + name + ".new");
    if (m_fs.stat(temporary).type != FileInfo::Type::Missing)
        if (auto removed = m_fs.remove(temporary); !removed)
            return removed;
    if (auto made = m_fs.symlink(version, temporary); !made)
        return made;
    return m_fs.rename(temporary, m_root / name);
}

Status Store::remove_link(const char* name) {
    if (m_fs.stat(m_root / name).type == FileInfo::Type::Missing)
        return Done{};
    return m_fs.remove(m_root / name);
}

SwapResult Store::swap(const std::string& new_current,
                       const std::optional<std::string>& new_previous) {
    SwapResult result;
    // `current` first: if its rename fails, neither link has changed, and
    // the version `previous` names is still there to roll back to.
    if (auto linked = set_link("current", new_current); !linked) {
        result.error = linked.error();
        return result;
    }
    result.current_moved = true;
    // No version below the new current: no `previous` either, so a stale
    // link can never lead a rollback upwards.
    auto linked = new_previous ? set_link("previous", *new_previous) : remove_link("previous");
    if (!linked) {
        result.previous_kept = false;
        result.error = linked.error();
    }
    if (auto synced = m_fs.sync_dir(m_root); !synced && !result.error)
        result.error = synced.error();
    return result;
}

SwapResult Store::activate(const std::string& version) {
    return swap(version, previous_for(versions(), version));
}

std::string Store::kept_list() {
    auto kept = versions();
    if (kept.empty())
        return "the store holds no version";
    auto current = current_version();
    std::string list = "the store keeps number ";
    for (std::size_t i = 0; i < kept.size(); ++i) {
        list += (i == 0                 ? ""
                 : i + 1 == kept.size() ? " and "
                                        : ", ") +
                version_title(kept[i].manifest);
        if (kept[i].name == current)
            list += " (current)";
    }
    return list;
}

Result<StoredVersion> Store::rollback(std::optional<Sequence> to) {
    auto kept = versions();
    auto current = current_version();
    const StoredVersion* target = nullptr;
    if (to) {
        for (auto& version : kept)
            if (version.manifest.sequence == *to)
                target = &version;
        if (!target)
            return Error{"no version numbered " + std::to_string(*to) + " is kept in " +
                         m_root.string() + "; " + kept_list() +
                         ". See them with `beacon versions`"};
        if (target->name == current)
            return Error{"version " + version_title(target->manifest) +
                         " is already the current one; nothing was changed"};
    } else {
        auto previous = current ? previous_for(kept, *current) : std::nullopt;
        for (auto& version : kept)
            if (version.name == previous)
                target = &version;
        if (!target)
            return Error{"there is no previous version in " + m_root.string() +
                         " to go back to: none is numbered lower than the current one; " +
                         kept_list()};
    }
    auto swapped = swap(target->name, previous_for(kept, target->name));
    if (swapped.error && !swapped.current_moved)
        return *swapped.error;
    if (swapped.error)
        return Error{"rolled back to " + version_title(target->manifest) + ", but " +
                     swapped.error->message +
                     (swapped.previous_kept ? "" : "; `previous` may name a wrong version")};
    return *target;
}

Status Store::prune() {
    auto current = current_version();
    auto previous = previous_version();
    std::set<std::string> keep = versions_to_keep(versions(), current);
    // Whatever the links name stays, even if they broke the rule.
    for (auto& linked : {current, previous})
        if (linked)
            keep.insert(*linked);
    auto names = m_fs.list(m_root);
    if (!names)
        return names.error();
    for (auto& name : names.value()) {
        if (is_version_name(name) && !keep.count(name))
            if (auto removed = m_fs.remove_all(m_root / name); !removed)
                return removed;
        // Temporary links left by an interrupted swap.
        if (name == ".current.new" || name == ".previous.new")
            if (auto removed = m_fs.remove(m_root / name); !removed)
                return removed;
    }
    auto objects = m_fs.list(objects_path());
    if (!objects)
        return objects.error();
    for (auto& name : objects.value()) {
        FileInfo info = m_fs.stat(objects_path() / name);
        // Only the object folder itself links it: no version uses it.
        if (info.type != FileInfo::Type::File || info.links <= 1)
            if (auto removed = m_fs.remove_all(objects_path() / name); !removed)
                return removed;
    }
    return m_fs.sync_dir(objects_path());
}

void Store::discard_downloads_except(const std::set<std::string>& wanted) {
    auto parts = m_fs.list(downloads_path());
    if (!parts)
        return;
    // "<sha256>.part": the name's first 64 characters are the object's hash.
    for (auto& name : parts.value())
        if (!wanted.count(name.substr(0, 64)))
            (void)m_fs.remove(downloads_path() / name);
}

Status Store::recover() {
    if (auto prepared = prepare(); !prepared)
        return prepared;
    auto staged = m_fs.list(staging_path());
    if (!staged)
        return staged.error();
    for (auto& name : staged.value())
        if (auto removed = m_fs.remove_all(staging_path() / name); !removed)
            return removed;
    return prune();
}

} // namespace beacon::update
