#include "app/fleet/report_put.h"

#include "system/unique_fd.h"
#include "update/http_client.h"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace beacon::app {

namespace {

bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

// Ends the child (it may still be in a transfer) and reaps it.
void end_child(pid_t child, bool kill_it) {
    if (kill_it)
        ::kill(child, SIGKILL);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
}

} // namespace

Result<long> put_in_child(const std::string& url, std::string_view body,
                          const std::vector<std::string>& headers,
                          const std::atomic<bool>* cancel) {
    std::string request = url + "\n";
    for (auto& header : headers) {
        if (header.find('\n') != std::string::npos)
            return Error{"a request header holds a line break"};
        request += header + "\n";
    }
    request += "\n";
    request.append(body);
    if (request.size() > max_report_request_bytes || url.find('\n') != std::string::npos)
        return Error{ErrorCode::TooLarge, "the report is too large to send"};

    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
        return Error::from_errno(errno, "socketpair");
    system::UniqueFd mine(ends[0]), theirs(ends[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the copies: the child gets stdin and
    // stdout, and nothing else of ours.
    posix_spawn_file_actions_adddup2(&actions, theirs.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, theirs.get(), STDOUT_FILENO);
    char name[] = "beacon";
    char command[] = "report-send";
    char* argv[] = {name, command, nullptr};
    pid_t child = -1;
    int spawned = ::posix_spawn(&child, "/proc/self/exe", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return Error::from_errno(spawned, "posix_spawn(/proc/self/exe report-send)");
    theirs.reset();

    if (!send_all(mine.get(), request) || ::shutdown(mine.get(), SHUT_WR) != 0) {
        end_child(child, true);
        return Error{"the report sender stopped before it read the report"};
    }
    std::string answer;
    for (;;) {
        if (cancel && cancel->load()) {
            end_child(child, true);
            return Error{"cancelled"};
        }
        pollfd waiting{mine.get(), POLLIN, 0};
        int ready = ::poll(&waiting, 1, 200);
        if (ready < 0 && errno != EINTR) {
            end_child(child, true);
            return Error::from_errno(errno, "poll");
        }
        if (ready <= 0)
            continue;
        char buffer[512];
        ssize_t got = ::read(mine.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (answer.size() < 4096)
            answer.append(buffer, static_cast<std::size_t>(got));
    }
    end_child(child, false);
    while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r'))
        answer.pop_back();
    long status = 0;
    auto [end, problem] = std::from_chars(answer.data(), answer.data() + answer.size(), status);
    if (problem == std::errc() && end == answer.data() + answer.size() && status > 0)
        return status;
    if (answer.rfind("error: ", 0) == 0) {
        bool unreachable = answer.rfind("error: unreachable: ", 0) == 0;
        return Error{unreachable ? ErrorCode::Unreachable : ErrorCode::Other,
                     answer.substr(unreachable ? 20 : 7)};
    }
    return Error{"the report sender ended without an answer"};
}

int run_report_send(const Options&) {
    std::string request;
    char buffer[4096];
    for (;;) {
        ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        request.append(buffer, static_cast<std::size_t>(got));
        if (request.size() > max_report_request_bytes) {
            std::printf("error: the report is too large\n");
            return 1;
        }
    }
    auto url_end = request.find('\n');
    auto head_end = request.find("\n\n");
    if (url_end == std::string::npos || head_end == std::string::npos) {
        std::printf("error: no report on stdin (beacon report-send is the report worker's)\n");
        return 1;
    }
    std::string url = request.substr(0, url_end);
    std::vector<std::string> headers;
    for (std::size_t at = url_end + 1; at < head_end + 1;) {
        auto line_end = request.find('\n', at);
        headers.push_back(request.substr(at, line_end - at));
        at = line_end + 1;
    }
    std::string_view body = std::string_view(request).substr(head_end + 2);
    update::HttpPolicy policy;
    policy.connect_timeout = std::chrono::milliseconds(10'000);
    policy.stall_timeout = std::chrono::milliseconds(20'000);
    auto client = update::HttpClient::create(policy);
    if (!client) {
        std::printf("error: %s\n", client.error().message.c_str());
        return 1;
    }
    auto status = client.value()->put(url, body, headers);
    if (!status) {
        std::printf("error: %s%s\n",
                    status.error().code == ErrorCode::Unreachable ? "unreachable: " : "",
                    status.error().message.c_str());
        return 1;
    }
    std::printf("%ld\n", status.value());
    return 0;
}

} // namespace beacon::app
