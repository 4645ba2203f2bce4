#include "fleet/enrol.h"

#include "core/stats.h"

namespace beacon::fleet {

std::string enrol_file_name(const std::string& name) {
    return "beacon-enrol-" + stats_key(name) + ".pub";
}

std::vector<Path> enrol_on_sticks(FileSystem& fs, const Path& usb_dir, const std::string& name,
                                  const std::string& public_key_text) {
    std::vector<Path> written;
    if (usb_dir.empty() || fs.stat(usb_dir).type != FileInfo::Type::Directory)
        return written;
    std::vector<Path> folders{usb_dir};
    if (auto names = fs.list(usb_dir))
        for (auto& entry : names.value())
            if (fs.stat(usb_dir / entry).type == FileInfo::Type::Directory)
                folders.push_back(usb_dir / entry);
    for (auto& folder : folders) {
        if (fs.stat(folder / enrol_request_name).type != FileInfo::Type::File)
            continue;
        Path target = folder / enrol_file_name(name);
        if (auto present = read_small_file(fs, target, 4096);
            present && present.value() == public_key_text)
            continue;
        Path temporary = folder / (enrol_file_name(name) + ".new");
        (void)fs.remove(temporary);
        if (write_small_file(fs, temporary, public_key_text) && fs.rename(temporary, target))
            written.push_back(target);
        else
            (void)fs.remove(temporary);
    }
    return written;
}

} // namespace beacon::fleet
