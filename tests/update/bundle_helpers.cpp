#include "bundle_helpers.h"

#include "update/bundle_writer.h"
#include "update/sha256.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace beacon;
using namespace beacon::update;

namespace test {

fs::path fixtures() {
    return fs::path(BEACON_FIXTURES) / "bundles";
}

fs::path fresh_dir(const std::string& name) {
    fs::path dir = fs::path(BEACON_WORK_DIR) / "update" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

namespace {

SecretKey secret(const std::string& key) {
    auto parsed = parse_secret_key(read_file(fixtures() / "keys" / (key + ".key")), key);
    REQUIRE(parsed.ok());
    return parsed.value();
}

} // namespace

fs::path make_bundle(const fs::path& content, const fs::path& out, const std::string& key,
                     const std::string& label) {
    PosixFileSystem files;
    // Numbered in the order they are made: each bundle is newer than the
    // ones made before it, as when an administrator signs them in turn.
    static unsigned long long next_sequence = 1;
    BundleRequest request{content, {}, out, "test", next_sequence++};
    request.label = label;
    request.files.push_back("playlist.xml");
    for (auto& entry : fs::recursive_directory_iterator(content))
        if (entry.is_regular_file() && entry.path().filename() != "playlist.xml" &&
            entry.path().filename() != "extra.txt")
            request.files.push_back(fs::relative(entry.path(), content).generic_string());
    auto written = write_bundle(files, request, secret(key), nullptr);
    INFO((written.ok() ? "" : written.error().message));
    REQUIRE(written.ok());
    return out;
}

void resign(const fs::path& bundle, const std::string& key) {
    auto signature = sign_manifest(secret(key), read_file(bundle / "manifest.xml"));
    REQUIRE(signature.ok());
    write_file(bundle / "manifest.sig", signature.value());
}

void set_sequence(const fs::path& bundle, unsigned long long sequence) {
    std::string text = read_file(bundle / "manifest.xml");
    const std::string attribute = " sequence=\"";
    if (auto at = text.find(attribute); at != std::string::npos)
        text.erase(at, text.find('"', at + attribute.size()) + 1 - at);
    auto root = text.find("<manifest format=\"1\"");
    REQUIRE(root != std::string::npos);
    text.insert(root + 20, attribute + std::to_string(sequence) + "\"");
    write_file(bundle / "manifest.xml", text);
    resign(bundle);
}

void edit_manifest(const fs::path& bundle, const std::string& from, const std::string& to) {
    std::string text = read_file(bundle / "manifest.xml");
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write_file(bundle / "manifest.xml", text);
}

KeyRing test_ring() {
    auto key = parse_public_key(read_file(fixtures() / "keys/test.pub"), "test.pub");
    REQUIRE(key.ok());
    KeyRing ring;
    ring.keys.push_back(key.value());
    return ring;
}

fs::path trusted_keys_dir() {
    fs::path dir = fs::path(BEACON_WORK_DIR) / "update" / "trusted-keys";
    fs::create_directories(dir);
    fs::copy_file(fixtures() / "keys/test.pub", dir / "test.pub",
                  fs::copy_options::overwrite_existing);
    return dir;
}

std::string tree_digest(const fs::path& dir) {
    std::set<std::string> lines;
    if (!fs::exists(dir))
        return "missing";
    for (auto& entry : fs::recursive_directory_iterator(dir)) {
        std::string relative = fs::relative(entry.path(), dir).generic_string();
        if (entry.is_symlink())
            lines.insert(relative + " -> " + fs::read_symlink(entry.path()).string());
        else if (entry.is_regular_file())
            lines.insert(relative + " " + sha256_hex(read_file(entry.path())));
        else
            lines.insert(relative + "/");
    }
    std::string digest;
    for (auto& line : lines)
        digest += line + "\n";
    return digest;
}

std::string current_digest(const fs::path& store) {
    if (!fs::exists(store / "current"))
        return "none";
    return fs::read_symlink(store / "current").string() + "\n" +
           tree_digest(fs::canonical(store / "current"));
}

} // namespace test
