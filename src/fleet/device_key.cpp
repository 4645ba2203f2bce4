#include "fleet/device_key.h"

#include <sys/stat.h>

namespace beacon::fleet {

Result<DeviceKey> load_or_make_device_key(FileSystem& fs, const Path& state_dir) {
    Path secret_file = state_dir / "device.key";
    Path public_file = state_dir / "device.pub";
    DeviceKey key;
    if (fs.stat(secret_file).type == FileInfo::Type::Missing) {
        auto pair = update::generate_key_pair();
        if (!pair)
            return pair.error();
        // Written under a temporary name, created 0600 before a byte goes
        // in, then renamed: a crash never leaves half a key behind.
        Path temporary = state_dir / "device.key.new";
        (void)fs.remove(temporary);
        mode_t old_mask = ::umask(077);
        auto written =
            write_small_file(fs, temporary, update::format_secret_key(pair.value().secret_key));
        ::umask(old_mask);
        if (!written)
            return written.error();
        TRY(fs.rename(temporary, secret_file));
        key.made = true;
    }
    if (auto exposed = update::secret_key_exposure(fs, secret_file)) {
        ::chmod(secret_file.c_str(), 0600);
        key.fix = *exposed + " (done)";
    }
    auto secret = update::load_secret_key(fs, secret_file);
    if (!secret)
        return secret.error();
    key.secret = secret.value();
    key.public_key = key.secret.public_key();
    // The public half is rewritten whenever it is missing or differs.
    std::string public_text = update::format_public_key(key.public_key);
    auto current = read_small_file(fs, public_file, 4096);
    if (!current || current.value() != public_text) {
        (void)fs.remove(public_file);
        TRY(write_small_file(fs, public_file, public_text));
    }
    return key;
}

} // namespace beacon::fleet
