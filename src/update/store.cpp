#include "update/store.h"

#include "update/sha256.h"

#include <cerrno>
#include <cstring>

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

Status Store::prepare() {
    for (const Path& folder : {m_root, objects_path(), staging_path(), downloads_path()})
        if (auto made = m_fs.make_dir(folder); !made)
            return made;
    return Done{};
}

Result<std::unique_ptr<Lock>> Store::lock() {
    auto lock = m_fs.lock(m_root / ".lock");
    if (!lock)
        return Error{"another update of " + m_root.string() + " is in progress (" +
                     lock.error().message + ")"};
    return lock;
}

std::optional<std::string> Store::link_target(const char* name) {
    auto target = m_fs.read_link(m_root / name);
    if (!target || !is_version_name(target.value()))
        return std::nullopt;
    if (m_fs.stat(m_root / target.value()).type != FileInfo::Type::Directory)
        return std::nullopt;
    return target.value();
}

std::optional<std::string> Store::current_version() {
    return link_target("current");
}

std::optional<std::string> Store::previous_version() {
    return link_target("previous");
}

bool Store::has_object(const std::string& sha256, std::uint64_t size) {
    FileInfo info = m_fs.stat(object_path(sha256));
    return info.type == FileInfo::Type::File && info.size == size;
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

Status Store::activate(const std::string& version) {
    auto current = current_version();
    if (current && *current != version)
        if (auto linked = set_link("previous", *current); !linked)
            return linked;
    if (auto linked = set_link("current", version); !linked)
        return linked;
    return m_fs.sync_dir(m_root);
}

Result<std::string> Store::rollback() {
    auto current = current_version();
    auto previous = previous_version();
    if (!previous || (current && *current == *previous))
        return Error{"there is no previous version in " + m_root.string() + " to go back to"};
    if (current)
        if (auto linked = set_link("previous", *current); !linked)
            return linked.error();
    if (auto linked = set_link("current", *previous); !linked)
        return linked.error();
    if (auto synced = m_fs.sync_dir(m_root); !synced)
        return synced.error();
    return *previous;
}

Status Store::prune() {
    auto current = current_version();
    auto previous = previous_version();
    auto names = m_fs.list(m_root);
    if (!names)
        return names.error();
    for (auto& name : names.value()) {
        bool keep = (current && name == *current) || (previous && name == *previous);
        if (is_version_name(name) && !keep)
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
