// The parts of installing that only read: bundle sources, the signature and
// manifest check, and the words administrators see.

#include "update/installer.h"

#include "system/text_decoding.h"

#include "core/playlist/playlist_parser.h"

namespace beacon::update {

namespace {

constexpr std::size_t max_signature_bytes = 4096;

std::string noun(Origin origin) {
    switch (origin) {
    case Origin::Usb:
        return "this stick";
    case Origin::Network:
        return "this download";
    case Origin::Folder:
        break;
    }
    return "this bundle";
}

} // namespace

FileInfo FolderSource::stat(const std::string& relative) {
    return m_fs.stat_beneath(m_folder, relative);
}

Result<std::unique_ptr<InputFile>> FolderSource::open(const std::string& relative) {
    return m_fs.open_read_beneath(m_folder, relative);
}

const char* failure_name(Failure failure) {
    switch (failure) {
    case Failure::None:
        return "none";
    case Failure::NotABundle:
        return "not-a-bundle";
    case Failure::NoTrustedKeys:
        return "no-trusted-keys";
    case Failure::NotSigned:
        return "not-signed";
    case Failure::UntrustedKey:
        return "untrusted-key";
    case Failure::Altered:
        return "altered";
    case Failure::BadManifest:
        return "bad-manifest";
    case Failure::FileMissing:
        return "file-missing";
    case Failure::FileDamaged:
        return "file-damaged";
    case Failure::UnsafePath:
        return "unsafe-path";
    case Failure::InvalidPlaylist:
        return "invalid-playlist";
    case Failure::SourceFailed:
        return "source-failed";
    case Failure::DiskFull:
        return "disk-full";
    case Failure::StoreFailed:
        return "store-failed";
    case Failure::Busy:
        return "busy";
    case Failure::Cancelled:
        return "cancelled";
    case Failure::Network:
        return "network";
    case Failure::Unreachable:
        return "unreachable";
    case Failure::NoSuchUrl:
        return "no-such-url";
    case Failure::NotNewer:
        return "not-newer";
    }
    return "unknown";
}

InstallReport refused(Failure failure, std::string detail) {
    InstallReport report;
    report.outcome = InstallReport::Outcome::Refused;
    report.failure = failure;
    report.detail = std::move(detail);
    return report;
}

namespace {

struct SmallText {
    std::optional<std::string> text; // nothing: the file is absent
    Failure failure = Failure::None;
    std::string detail;
};

// Type and size come from lstat() before a byte is read: a link, a FIFO or
// an oversized file is refused for what it is.
SmallText read_small(BundleSource& source, std::string_view name, std::size_t max_bytes,
                     Failure too_large) {
    SmallText result;
    std::string quoted = "\"" + std::string(name) + "\"";
    auto fail = [&](Failure failure, std::string detail) {
        result.failure = failure;
        result.detail = std::move(detail);
        return result;
    };
    FileInfo info = source.stat(std::string(name));
    switch (info.type) {
    case FileInfo::Type::Missing:
        return result;
    case FileInfo::Type::File:
        break;
    case FileInfo::Type::Symlink:
        return fail(Failure::UnsafePath,
                    quoted + " is a symbolic link; a bundle holds plain files only");
    case FileInfo::Type::Unreadable:
        return fail(Failure::SourceFailed, quoted + " cannot be read");
    default:
        return fail(Failure::UnsafePath, quoted + " is not a plain file");
    }
    if (info.size > max_bytes)
        return fail(too_large, quoted + " is larger than " + std::to_string(max_bytes) +
                                   " bytes (" + std::to_string(info.size) + " bytes)");
    auto file = source.open(std::string(name));
    if (!file)
        return fail(Failure::SourceFailed, file.error().message);
    std::string text;
    std::byte chunk[4096];
    for (;;) {
        auto n = file.value()->read(chunk);
        if (!n)
            return fail(Failure::SourceFailed, n.error().message);
        if (n.value() == 0)
            break;
        if (text.size() + n.value() > max_bytes)
            return fail(too_large, quoted + " is larger than " + std::to_string(max_bytes) +
                                       " bytes (it grew while it was read)");
        text.append(reinterpret_cast<const char*>(chunk), n.value());
    }
    result.text = std::move(text);
    return result;
}

} // namespace

Verification read_and_verify(BundleSource& source, const KeyRing& ring) {
    auto manifest =
        read_small(source, manifest_file_name, ManifestLimits{}.max_bytes, Failure::BadManifest);
    auto signature =
        read_small(source, signature_file_name, max_signature_bytes, Failure::NotSigned);
    for (auto* read : {&manifest, &signature})
        if (read->failure != Failure::None) {
            Verification result;
            result.failure = read->failure;
            result.detail = read->detail;
            return result;
        }
    return verify_manifest(ring, manifest.text, signature.text);
}

Verification verify_manifest(const KeyRing& ring, const std::optional<std::string>& manifest,
                             const std::optional<std::string>& signature) {
    Verification result;
    auto fail = [&](Failure failure, std::string detail) {
        result.failure = failure;
        result.detail = std::move(detail);
        return result;
    };
    if (!manifest)
        return fail(Failure::NotABundle, "no manifest.xml: this is not a Beacon bundle");
    // Only bytes that could be a manifest can have been altered after signing.
    if (!looks_like_manifest(*manifest))
        return fail(Failure::NotABundle, "manifest.xml is not a Beacon manifest; it begins \"" +
                                             opening_of(*manifest) + "\"");
    if (ring.keys.empty())
        return fail(Failure::NoTrustedKeys,
                    "no trusted public key (*.pub) in the keys folder; nothing can be installed");
    if (!signature)
        return fail(Failure::NotSigned, "no manifest.sig: the bundle is not signed");
    auto check = check_signature(ring, *manifest, *signature);
    switch (check.verdict) {
    case SignatureCheck::Verdict::Malformed:
        return fail(Failure::NotSigned, "manifest.sig is not a Beacon signature");
    case SignatureCheck::Verdict::UntrustedKey:
        return fail(Failure::UntrustedKey,
                    "signed by key " + check.key_id + ", which this kiosk does not trust");
    case SignatureCheck::Verdict::Altered:
        return fail(Failure::Altered, "the signature by key " + check.key_id +
                                          " does not match manifest.xml: it was altered after "
                                          "signing");
    case SignatureCheck::Verdict::Valid:
        break;
    }
    DecodedText decoded = decode_text(*manifest, std::string(manifest_file_name));
    if (!decoded.ok())
        return fail(Failure::BadManifest, decoded.error()->to_string());
    auto parsed = parse_manifest(decoded.text(), std::string(manifest_file_name));
    if (!parsed.manifest) {
        std::string detail;
        for (std::size_t i = 0; i < parsed.diagnostics.size() && i < 3; ++i)
            detail += (i ? "; " : "") + parsed.diagnostics[i].to_string();
        return fail(Failure::BadManifest, detail);
    }
    result.verified = VerifiedManifest{std::move(*parsed.manifest), *manifest, *signature,
                                       check.key_id, version_for_manifest(*manifest)};
    return result;
}

std::string InstallReport::notice(Origin origin) const {
    std::string counts = std::to_string(items) + (items == 1 ? " item, " : " items, ") +
                         std::to_string(languages) + (languages == 1 ? " language" : " languages");
    if (outcome == Outcome::Installed || outcome == Outcome::Repaired) {
        std::string done = outcome == Outcome::Installed
                               ? "Updated: " + counts
                               : "Repaired: damaged files were copied again; " + counts;
        switch (caveat) {
        case Caveat::None:
            return done;
        case Caveat::NotDurable:
            return done + ". The disk did not confirm the change: after a power cut the kiosk "
                          "may show the content it had before.";
        case Caveat::PreviousLost:
            return done + ". The version it replaced could not be kept for `beacon rollback`.";
        }
        return done;
    }
    if (outcome == Outcome::AlreadyCurrent)
        return "Already up to date: " + counts;
    const std::string unchanged = ". Nothing was changed.";
    const std::string what = noun(origin);
    switch (failure) {
    case Failure::NotABundle:
        if (origin == Origin::Network)
            return "Not updated: the update URL does not answer with a Beacon manifest; check "
                   "update-url, which names a bundle's manifest.xml" +
                   unchanged;
        return "Not updated: " + what + " holds no Beacon bundle (no manifest.xml)" + unchanged;
    case Failure::NoTrustedKeys:
        return "Not updated: this kiosk trusts no signing key yet" + unchanged;
    case Failure::NotSigned:
        return "Not updated: " + what + " is not signed" + unchanged;
    case Failure::UntrustedKey:
        return "Not updated: " + what + " is not signed by a trusted key" + unchanged;
    case Failure::Altered:
        return "Not updated: " + what + " was altered after it was signed" + unchanged;
    case Failure::BadManifest:
        return "Not updated: the manifest of " + what + " is invalid" + unchanged;
    case Failure::FileMissing:
        return "Not updated: a file is missing from " + what + unchanged;
    case Failure::FileDamaged:
        return "Not updated: a file in " + what + " is damaged or was changed" + unchanged;
    case Failure::UnsafePath:
        return "Not updated: " + what + " contains a link or an unsafe path" + unchanged;
    case Failure::InvalidPlaylist:
        return "Not updated: the playlist in " + what + " has errors" + unchanged;
    case Failure::SourceFailed:
        if (origin == Origin::Usb)
            return "Not updated: the stick was removed or could not be read during the copy" +
                   unchanged;
        if (origin == Origin::Network)
            return "Not updated: the download was interrupted" + unchanged;
        return "Not updated: the bundle could not be read during the copy" + unchanged;
    case Failure::DiskFull:
        return "Not updated: the kiosk's disk is full" + unchanged;
    case Failure::StoreFailed:
        return "Not updated: the kiosk could not write its content store" + unchanged;
    case Failure::Busy:
        return "Not updated: another update is in progress" + unchanged;
    case Failure::Cancelled:
        return "Not updated: the update was stopped" + unchanged;
    case Failure::Network:
        return "Not updated: the update server could not be reached or sent bad data" + unchanged;
    case Failure::Unreachable:
        return "Not updated: the update server could not be reached; check update-url and the "
               "network" +
               unchanged;
    case Failure::NoSuchUrl:
        return "Not updated: the update server has nothing at the update URL; check update-url, "
               "which names a bundle's manifest.xml" +
               unchanged;
    case Failure::NotNewer:
        return "Not updated: this bundle (number " + std::to_string(sequence) +
               ") is not newer than the installed one (number " +
               std::to_string(installed_sequence) + ")" + unchanged;
    case Failure::None:
        break;
    }
    return "Not updated" + unchanged;
}

} // namespace beacon::update
