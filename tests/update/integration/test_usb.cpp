// USB sticks: real FAT32 and exFAT images. Each is mounted read-only through
// a loop device with the kernel's driver where the kernel has one, else with
// the FUSE driver (fusefat, exfat-fuse) on the same loop device, else - where
// mounting is not permitted at all - the stick's files sit in a plain folder.
// Every test prints which of these ran.

#include "bundle_helpers.h"
#include "integration/helpers.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

bool ok(const std::string& command) {
    return test::run(command).exit_code == 0;
}

class Stick {
  public:
    // A `type` ("vfat" or "exfat") image holding `files`, mounted at `point`.
    Stick(const fs::path& dir, const std::string& type, const fs::path& files,
          const fs::path& point)
        : m_point(point) {
        fs::create_directories(point);
        fs::path image = dir / (type + ".img");
        ok("truncate -s 80M " + image.string());
        bool formatted = type == "vfat" ? ok("mkfs.vfat -F 32 -n BEACON " + image.string())
                                        : ok("mkfs.exfat -L BEACON " + image.string());
        auto loop = test::run("losetup -f --show " + image.string());
        if (formatted && loop.exit_code == 0) {
            m_loop = loop.output.substr(0, loop.output.find('\n'));
            fill(type, image, files);
            mount(type);
        }
        if (m_how.empty()) {
            fs::copy(files, point, fs::copy_options::recursive);
            m_how = "a plain folder (mounting a loop device is not permitted here)";
        }
        WARN("USB test (" << type << "): the stick is " << m_how);
    }
    ~Stick() {
        if (m_fuse > 0) {
            kill(m_fuse, SIGTERM);
            waitpid(m_fuse, nullptr, 0);
        }
        if (m_mounted)
            ok("umount -l " + m_point.string());
        if (!m_loop.empty())
            ok("losetup -d " + m_loop);
    }
    const std::string& how() const { return m_how; }
    bool fuse() const { return m_fuse > 0; }
    bool kernel_mount() const { return m_mounted && m_fuse <= 0; }
    // Pulls the stick out: its driver goes away and reads fail.
    void pull() {
        if (m_fuse > 0) {
            kill(m_fuse, SIGKILL);
            waitpid(m_fuse, nullptr, 0);
            m_fuse = -1;
        }
    }

  private:
    void fill(const std::string& type, const fs::path& image, const fs::path& files) {
        if (type == "vfat") {
            m_filled = ok("mcopy -s -i " + image.string() + " " + (files / "*").string() + " ::/");
            return;
        }
        // exFAT has no mtools: mount it writable once to copy the files in.
        bool rw = ok("mount -t exfat " + m_loop + " " + m_point.string()) ||
                  ok("mount.exfat-fuse " + m_loop + " " + m_point.string());
        if (rw) {
            ok("cp -r " + (files / ".").string() + " " + m_point.string());
            ok("umount " + m_point.string());
            m_filled = true;
        }
    }
    void mount(const std::string& type) {
        if (!m_filled)
            return;
        if (ok("mount -t " + type + " -o ro " + m_loop + " " + m_point.string())) {
            m_mounted = true;
            m_how = "a " + type + " image mounted read-only through " + m_loop +
                    " by the kernel's driver";
            return;
        }
        // FUSE in the foreground, so the test owns the driver and can pull it.
        m_fuse = fork();
        if (m_fuse == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            if (type == "vfat")
                execlp("fusefat", "fusefat", "-f", "-o", "ro", m_loop.c_str(), m_point.c_str(),
                       static_cast<char*>(nullptr));
            else
                execlp("mount.exfat-fuse", "mount.exfat-fuse", "-f", "-o", "ro", m_loop.c_str(),
                       m_point.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 100; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
            if (ok("mountpoint -q " + m_point.string())) {
                m_mounted = true;
                m_how = "a " + type + " image mounted read-only through " + m_loop +
                        " by its FUSE driver (this kernel has no " + type + " driver)";
                return;
            }
        }
        kill(m_fuse, SIGKILL);
        waitpid(m_fuse, nullptr, 0);
        m_fuse = -1;
    }

    fs::path m_point;
    std::string m_loop;
    std::string m_how;
    bool m_filled = false;
    bool m_mounted = false;
    pid_t m_fuse = -1;
};

std::string store_options(const fs::path& store) {
    return " --store " + store.string() + " --keys " + test::trusted_keys_dir().string();
}

} // namespace

TEST_CASE("a signed bundle on an exFAT stick installs", "[update-usb]") {
    fs::path dir = test::fresh_dir("usb-exfat");
    auto bundle = test::make_bundle(test::fixtures() / "content-b", dir / "bundle");
    Stick stick(dir, "exfat", bundle, dir / "mnt");
    auto result = test::run(test::beacon() + " install " + (dir / "mnt").string() +
                            store_options(dir / "store"));
    INFO(stick.how() << "\n" << result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("Updated: 2 items, 2 languages") != std::string::npos);
}

TEST_CASE("the player notices a FAT32 stick within 2 s and swaps to its content", "[update-usb]") {
    fs::path dir = test::fresh_dir("usb-fat-player");
    fs::path store = dir / "store";
    auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
    REQUIRE(test::run(test::beacon() + " install " + a.string() + store_options(store)).exit_code ==
            0);
    auto b = test::make_bundle(test::fixtures() / "content-b", dir / "b");
    fs::path usb = dir / "usb";
    fs::create_directories(usb);
    fs::path log = dir / "frames.csv";
    auto started = Clock::now();
    pid_t player = fork();
    if (player == 0) {
        execl(test::beacon().c_str(), "beacon", "play", "--headless", "--size", "640x360",
              "--run-for", "9", "--frame-log", log.c_str(), "--store", store.c_str(), "--keys",
              test::trusted_keys_dir().c_str(), "--usb-dir", usb.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    long long plugged_ms = 0;
    {
        Stick stick(dir, "vfat", b, usb / "stick");
        plugged_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
        int status = 0;
        waitpid(player, &status, 0);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto rows = test::read_frame_log(log);
    long long noticed = -1, installed = -1, first_b = -1;
    for (auto& row : rows) {
        if (row.detail == "update-started usb" && noticed < 0)
            noticed = row.t_ms;
        if (row.detail.rfind("update-installed", 0) == 0)
            installed = row.t_ms;
        if (row.type == "frame" && row.item.rfind("b-", 0) == 0 && first_b < 0)
            first_b = row.t_ms;
        if (row.type == "frame")
            CHECK(row.luma >= 8);
    }
    INFO("plugged at " << plugged_ms << " ms, noticed at " << noticed << " ms, installed at "
                       << installed << " ms, first new frame at " << first_b << " ms");
    REQUIRE(noticed >= 0);
    // The player's clock starts a little after fork(): this only errs long.
    CHECK(noticed - plugged_ms < 2000);
    CHECK(installed >= noticed);
    CHECK(first_b > installed);
}

TEST_CASE("a stick pulled out mid-copy gives a notice and changes nothing", "[update-usb]") {
    fs::path dir = test::fresh_dir("usb-pulled");
    fs::path store = dir / "store";
    auto a = test::make_bundle(test::fixtures() / "content", dir / "a");
    REQUIRE(test::run(test::beacon() + " install " + a.string() + store_options(store)).exit_code ==
            0);
    std::string before = test::current_digest(store);
    fs::copy(test::fixtures() / "content-b", dir / "content-b", fs::copy_options::recursive);
    REQUIRE(test::run("truncate -s 48M " + (dir / "content-b/media/big.bin").string()).exit_code ==
            0);
    auto b = test::make_bundle(dir / "content-b", dir / "b");
    Stick stick(dir, "vfat", b, dir / "mnt");

    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_t installer = fork();
    if (installer == 0) {
        dup2(out[1], STDERR_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        execl(test::beacon().c_str(), "beacon", "install", (dir / "mnt").c_str(), "--store",
              store.c_str(), "--keys", test::trusted_keys_dir().c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    // The first progress line says the copy began: freeze the installer there.
    std::string output;
    char buffer[4096];
    while (output.find("copying") == std::string::npos) {
        ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        output.append(buffer, static_cast<std::size_t>(n));
    }
    // Let it get into the 48 MB file, then freeze it.
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    kill(installer, SIGSTOP);
    if (stick.kernel_mount()) {
        // A kernel mount cannot be yanked from inside a test; the installer
        // unit tests cover failing reads on every machine.
        kill(installer, SIGKILL);
        waitpid(installer, nullptr, 0);
        close(out[0]);
        WARN("SKIPPED pulling the stick: it is a kernel mount here");
        return;
    }
    if (stick.fuse()) {
        stick.pull();
    } else {
        // No driver to pull: the file goes short under the installer instead.
        ok("truncate -s 1M " + (dir / "mnt/media/big.bin").string());
    }
    kill(installer, SIGCONT);
    ssize_t n;
    while ((n = read(out[0], buffer, sizeof buffer)) > 0)
        output.append(buffer, static_cast<std::size_t>(n));
    close(out[0]);
    int status = 0;
    waitpid(installer, &status, 0);
    INFO(stick.how() << "\n" << output);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(output.find("Not updated: the bundle could not be read during the copy. Nothing was "
                      "changed.") != std::string::npos);
    CHECK(test::current_digest(store) == before);
    CHECK(fs::is_empty(store / ".staging"));
}

// platform/usb/beacon-usb-mount, the udev rule's helper, looking at real FAT32
// images through a loop device: read-only unless the stick carries the
// export marker. --dry-run prints the decision instead of asking systemd.
TEST_CASE("the mount helper mounts read-write only a stick that asks for the statistics export",
          "[update-usb]") {
    fs::path dir = test::fresh_dir("usb-mount-helper");
    std::string helper = (test::source_dir() / "platform/usb/beacon-usb-mount").string();
    auto decide = [&](const std::string& name, bool marker, bool marker_is_folder) {
        fs::path files = dir / (name + "-files");
        test::make_bundle(test::fixtures() / "content", files);
        if (marker && marker_is_folder)
            fs::create_directories(files / "beacon-export-stats");
        else if (marker)
            test::write_file(files / "beacon-export-stats", "");
        fs::path image = dir / (name + ".img");
        REQUIRE(ok("truncate -s 40M " + image.string()));
        REQUIRE(ok("mkfs.vfat -F 32 -n BEACON " + image.string()));
        REQUIRE(ok("mcopy -s -i " + image.string() + " " + (files / "*").string() + " ::/"));
        auto loop = test::run("losetup -f --show " + image.string());
        if (loop.exit_code != 0)
            return std::string("no loop device");
        std::string device = loop.output.substr(0, loop.output.find('\n'));
        auto result =
            test::run(helper + " --dry-run --user root " + device + " " + (dir / "mnt").string());
        ok("losetup -d " + device);
        INFO(result.output);
        CHECK(result.exit_code == 0);
        return result.output;
    };
    std::string plain = decide("plain", false, false);
    if (plain == "no loop device") {
        WARN("SKIPPED: loop devices are not permitted here");
        return;
    }
    CHECK(plain.rfind("ro vfat /dev/loop", 0) == 0);
    CHECK(plain.find("ro,nosuid,nodev,noexec,umask=0022") != std::string::npos);
    std::string exporting = decide("export", true, false);
    CHECK(exporting.rfind("rw vfat /dev/loop", 0) == 0);
    CHECK(exporting.find((dir / "mnt").string() +
                         " rw,nosuid,nodev,noexec,uid=0,gid=0,umask=0077") != std::string::npos);
    // A folder named like the marker is not the marker.
    std::string folder = decide("folder", true, true);
    CHECK(folder.rfind("ro vfat ", 0) == 0);
    // No probe mount is left behind.
    CHECK(test::run("grep -c beacon-usb-probe /proc/self/mounts").output.rfind("0", 0) == 0);
}
