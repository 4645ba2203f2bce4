#include "app/update/update_commands.h"

#include "app/content.h"
#include "system/log.h"
#include "update/bundle_writer.h"
#include "update/network_update.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace beacon::app {

namespace fs = std::filesystem;
using namespace beacon::update;

namespace {

bool is_url(const std::string& text) {
    return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// One progress line on stderr: rewritten in place on a terminal, otherwise
// a new line every few seconds so logs stay short.
class ProgressLine {
  public:
    explicit ProgressLine(const char* verb) : m_verb(verb), m_tty(::isatty(STDERR_FILENO)) {}
    ~ProgressLine() {
        if (m_shown && m_tty)
            log::console("\n");
    }
    void operator()(const Progress& progress) {
        auto now = std::chrono::steady_clock::now();
        auto gap = m_tty ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000);
        bool last = progress.done == progress.total;
        if (m_shown && now - m_last < gap && !last)
            return;
        if (last && m_finished)
            return;
        m_finished = last;
        m_last = now;
        m_shown = true;
        int percent = progress.total ? static_cast<int>(progress.done * 100 / progress.total) : 100;
        log::console(std::string(m_tty ? "\r" : "") + m_verb + " " + megabytes(progress.done) +
                     " of " + megabytes(progress.total) + " (" + std::to_string(percent) + "%) " +
                     progress.file + (m_tty ? "\033[K" : "\n"));
    }

  private:
    const char* m_verb;
    bool m_tty;
    bool m_shown = false;
    bool m_finished = false;
    std::chrono::steady_clock::time_point m_last;
};

std::string utc_now() {
    std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

int fail(const std::string& message) {
    log::console("beacon: " + message + "\n");
    return 1;
}

KeyRing trusted_keys(PosixFileSystem& files, const Options& options) {
    if (!options.key_file.empty()) {
        auto ring = load_single_key(files, options.key_file);
        if (ring)
            return ring.release_value();
        KeyRing empty;
        empty.problems.push_back(ring.error().message);
        return empty;
    }
    return load_key_ring(files, options.keys_dir);
}

// "12 \"December campaign\"": the bundle's number and label.
std::string report_title(const InstallReport& report) {
    Manifest named;
    named.sequence = report.sequence;
    named.label = report.label;
    return version_title(named);
}

void print_report(const InstallReport& report, Origin origin) {
    std::printf("%s\n", report.notice(origin).c_str());
    if (!report.ok() || !report.detail.empty())
        log::console("beacon: " + report.detail + "\n");
    if (report.outcome == InstallReport::Outcome::Installed ||
        report.outcome == InstallReport::Outcome::Repaired)
        std::printf("version %s, number %s: %s copied, %s already in the store\n",
                    report.version.c_str(), report_title(report).c_str(),
                    megabytes(report.bytes_copied).c_str(), megabytes(report.bytes_reused).c_str());
    std::fflush(stdout);
}

} // namespace

int run_keygen(const Options& options) {
    PosixFileSystem files;
    fs::path out = options.out;
    fs::path public_file = out / "beacon.pub", secret_file = out / "beacon.key";
    if (files.stat(public_file).type != FileInfo::Type::Missing ||
        files.stat(secret_file).type != FileInfo::Type::Missing)
        return fail(out.string() + " already holds a key pair; it is never overwritten");
    if (auto made = files.make_dir(out); !made)
        return fail(made.error().message);
    auto pair = generate_key_pair();
    if (!pair)
        return fail(pair.error().message);
    // The secret file is created 0600 before anything is written into it.
    mode_t old_mask = ::umask(077);
    auto secret = write_small_file(files, secret_file, format_secret_key(pair.value().secret_key));
    ::umask(old_mask);
    if (!secret)
        return fail(secret.error().message);
    auto written = write_small_file(files, public_file, format_public_key(pair.value().public_key));
    if (!written)
        return fail(written.error().message);
    // A folder on a filesystem without Unix permissions (FAT, a share) can
    // leave the file readable by all whatever the umask said.
    if (auto exposed = secret_key_exposure(files, secret_file))
        log::console("beacon: warning: " + *exposed + "\n");
    std::printf("Made key %s:\n  %s  public: copy it into /etc/beacon/keys/ on every kiosk\n"
                "  %s  SECRET: signs bundles; keep it offline and backed up\n",
                pair.value().public_key.id().c_str(), public_file.c_str(), secret_file.c_str());
    return 0;
}

int run_bundle(const Options& options) {
    PosixFileSystem files;
    auto key = load_secret_key(files, options.key_file);
    if (!key)
        return fail(key.error().message);
    if (auto exposed = secret_key_exposure(files, options.key_file))
        log::console("beacon: warning: " + *exposed + "\n");
    // Kiosks install only a bundle numbered higher than theirs. By default
    // the number counts on from the last one this key signed, and is at
    // least the seconds since 1970, so bundles signed on two computers with
    // copies of the key still go up with time.
    Sequence last = last_signed_sequence(files, options.key_file);
    Sequence sequence = std::max<Sequence>(last + 1, static_cast<Sequence>(std::time(nullptr)));
    if (options.sequence) {
        sequence = *options.sequence;
        if (sequence <= last)
            log::console("beacon: warning: bundle number " + std::to_string(sequence) +
                         " is not newer than number " + std::to_string(last) +
                         ", the last bundle signed with this key: kiosks that have it will refuse "
                         "this one. To go back on a kiosk, run `beacon rollback` there.\n");
    }
    // Checked before anything is read or signed: the label goes into the
    // signed manifest and onto every kiosk's `beacon versions`.
    if (auto problem = label_problem(options.label))
        return fail("the label \"" + options.label + "\" " + *problem + "; nothing was signed");
    // --from names the playlist file itself, or a folder holding playlist.xml.
    // Media paths are relative to the playlist file either way.
    fs::path from = options.from_dir;
    fs::path playlist_path = from / bundle_playlist_name;
    std::error_code error;
    if (fs::is_regular_file(from, error)) {
        playlist_path = from;
        from = from.has_parent_path() ? from.parent_path() : fs::path(".");
    } else if (!fs::is_directory(from, error)) {
        return fail(from.string() + " is neither a playlist file nor a folder; nothing was signed");
    } else if (!fs::exists(playlist_path, error)) {
        std::string found;
        for (auto it = fs::directory_iterator(from, error);
             !error && it != fs::directory_iterator(); it.increment(error))
            if (it->path().extension() == ".xml")
                found += (found.empty() ? "" : ", ") + it->path().filename().string();
        return fail(
            from.string() +
            " has no playlist.xml; name the playlist file itself, as in "
            "--from " +
            (from / (found.empty() ? "clinic.xml" : found.substr(0, found.find(',')))).string() +
            (found.empty() ? "" : " (it holds " + found + ")") + "; nothing was signed");
    }
    LoadedContent content = load_content(playlist_path.string());
    if (content.note)
        std::printf("%s\n", content.note->c_str());
    for (auto& diagnostic : content.diagnostics)
        std::printf("%s\n", diagnostic.to_string().c_str());
    if (!content.playlist)
        return fail("the playlist has errors; nothing was signed");
    BundleRequest request{.from = from,
                          .files = {std::string(bundle_playlist_name)},
                          .out = options.out,
                          .created = utc_now(),
                          .sequence = sequence,
                          .playlist_file = playlist_path,
                          .label = options.label};
    std::set<std::string> seen(request.files.begin(), request.files.end());
    auto add = [&](const std::string& path) {
        if (!path.empty() && seen.insert(path).second)
            request.files.push_back(path);
    };
    for (auto& item : content.playlist->items) {
        add(item.src);
        for (auto& [lang, caption] : item.captions)
            add(caption.src);
    }
    // Refusals found before a byte is written are not an incomplete bundle.
    if (auto problem = bundle_request_problem(files, request); !problem)
        return fail(problem.error().message);
    ProgressLine line("hashing");
    auto manifest = write_bundle(files, request, key.value(),
                                 [&](const Progress& progress) { line(progress); });
    if (!manifest)
        return fail(manifest.error().message + "; the bundle in " + options.out +
                    " is incomplete, delete it");
    if (auto recorded = record_signed_sequence(files, options.key_file, sequence); !recorded)
        log::console("beacon: warning: the bundle is signed, but its number could not be "
                     "recorded beside the key (" +
                     recorded.error().message + "); give the next one --sequence " +
                     std::to_string(sequence + 1) + " or higher\n");
    std::printf("Signed bundle number %s written to %s: %zu files, %s, key %s, playlist %zu "
                "items, %zu languages.\nCopy the folder's contents to the root of a USB stick, or "
                "upload them to the web server kiosks poll.\n",
                version_title(manifest.value()).c_str(), options.out.c_str(),
                manifest.value().files.size(), megabytes(manifest.value().total_size()).c_str(),
                key.value().public_key().id().c_str(), content.playlist->items.size(),
                content.playlist->languages.size());
    return 0;
}

int run_verify(const Options& options) {
    PosixFileSystem files;
    fs::path bundle = options.files[0];
    KeyRing ring = trusted_keys(files, options);
    // verify also runs where no kiosk is: an administrator's laptop has no
    // keys folder, and "this kiosk trusts no key" would be no help there.
    if (ring.keys.empty() && options.key_file.empty())
        return fail("no public key to check " + bundle.string() + " against: " + options.keys_dir +
                    " holds none (that is where a kiosk keeps the keys it trusts). On any other "
                    "computer, name the signer's public key with --key PUB: beacon verify " +
                    bundle.string() + " --key beacon.pub");
    for (auto& problem : ring.problems)
        log::console("beacon: warning: " + problem + "\n");
    FolderSource source(files, bundle);
    auto verification = read_and_verify(source, ring);
    if (!verification.verified) {
        InstallReport report = refused(verification.failure, verification.detail);
        std::printf("%s: %s\n", bundle.c_str(), report.notice(Origin::Folder).c_str());
        return fail(verification.detail);
    }
    const VerifiedManifest& verified = *verification.verified;
    const Manifest& listed = verified.manifest;
    // The install pipeline with nothing written: what passes here installs.
    ProgressLine line("checking");
    InstallOptions check_options;
    check_options.progress = [&](const Progress& progress) { line(progress); };
    BundleCheck check =
        check_bundle(source, verified, (bundle / bundle_playlist_name).string(), check_options);
    for (auto& problem : check.problems) {
        Diagnostic const diagnostic{(bundle / manifest_file_name).string(), problem.line,
                                    problem.text};
        std::printf("%s\n", diagnostic.to_string().c_str());
    }
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(bundle, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_directory(error))
            continue;
        std::string relative = fs::relative(it->path(), bundle, error).generic_string();
        if (relative != manifest_file_name && relative != signature_file_name &&
            !listed.find(relative))
            std::printf("%s: note: \"%s\" is not in the manifest; installs ignore it\n",
                        bundle.c_str(), relative.c_str());
    }
    for (auto& diagnostic : check.playlist)
        std::printf("%s\n", diagnostic.to_string().c_str());
    std::size_t problems = check.problems.size() + check.playlist.size();
    if (problems)
        return fail(std::to_string(problems) + " problem(s); a kiosk would refuse this bundle");
    std::printf("%s: ok: signed by key %s, bundle number %s, %zu files, %s, playlist %zu items, "
                "%zu languages\n",
                bundle.c_str(), verified.key_id.c_str(), version_title(listed).c_str(),
                listed.files.size(), megabytes(listed.total_size()).c_str(), check.items,
                check.languages);
    return 0;
}

int run_install(const Options& options) {
    PosixFileSystem files;
    KeyRing ring = load_key_ring(files, options.keys_dir);
    for (auto& problem : ring.problems)
        log::console("beacon: warning: " + problem + "\n");
    Store store(files, options.store_dir);
    const std::string& what = options.files[0];
    ProgressLine line(is_url(what) ? "downloading" : "copying");
    InstallOptions install;
    install.progress = [&](const Progress& progress) { line(progress); };
    if (!is_url(what)) {
        install.origin = Origin::Folder;
        FolderSource source(files, what);
        InstallReport report = install_bundle(source, store, ring, install);
        print_report(report, Origin::Folder);
        return report.ok() ? 0 : 1;
    }
    install.origin = Origin::Network;
    HttpPolicy policy;
    policy.connect_timeout = policy.stall_timeout = whole_ms(options.update_timeout);
    NetworkUpdater updater(store, what, policy, static_cast<std::uint64_t>(::getpid()));
    auto report = updater.poll(ring, install, [](std::chrono::milliseconds wait) {
        std::this_thread::sleep_for(wait);
        return true;
    });
    if (!report) {
        InstallReport current;
        current.outcome = InstallReport::Outcome::AlreadyCurrent;
        if (auto version = store.current_version())
            if (auto counts = playlist_counts(store, *version))
                std::tie(current.items, current.languages) = *counts;
        report = current;
    }
    print_report(*report, Origin::Network);
    return report->ok() ? 0 : 1;
}

int run_rollback(const Options& options) {
    PosixFileSystem files;
    Store store(files, options.store_dir);
    auto lock = store.lock();
    if (!lock)
        return fail(lock.error().message);
    auto version = store.rollback(options.rollback_to);
    if (!version)
        return fail(version.error().message);
    const StoredVersion& now = version.value();
    std::string counts;
    if (auto found = playlist_counts(store, now.name))
        counts = ": " + std::to_string(found->first) + " items, " + std::to_string(found->second) +
                 " languages";
    std::printf("Rolled back to number %s (version %s)%s\n", version_title(now.manifest).c_str(),
                now.name.c_str(), counts.c_str());
    if (auto previous = store.previous_version())
        std::printf("`beacon rollback` would now go to number %llu.\n",
                    static_cast<unsigned long long>(store.sequence_of(*previous)));
    else
        std::printf("No older version is kept: a second `beacon rollback` has nowhere to go.\n");
    return 0;
}

} // namespace beacon::app
