#include "system/startup_pages.h"

#include <algorithm>
#include <charconv>

namespace beacon::system {

namespace {

constexpr std::string_view k_header = "beacon-startup-pages 1";
constexpr std::uint64_t k_page = 4096;

std::string range_text(const PageRange& range) {
    return std::to_string(range.offset) + "+" + std::to_string(range.length);
}

// The next space-separated field of `line`, taken off its front.
std::string_view take_field(std::string_view& line) {
    auto space = line.find(' ');
    std::string_view field = line.substr(0, space);
    line = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    return field;
}

template <class Number> bool whole_number(std::string_view text, Number& out) {
    if (text.empty() || text.size() > 20)
        return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size();
}

Error bad_line(std::size_t line_number, const std::string& what) {
    return Error{"line " + std::to_string(line_number) + ": " + what};
}

} // namespace

std::uint64_t record_end(std::uint64_t size) {
    return size / k_page * k_page + (size % k_page ? k_page : 0);
}

bool recordable_path(std::string_view path) {
    if (path.size() < 2 || path.front() != '/' || path.back() == '/' ||
        path.size() > StartupPagesLimits::max_path_bytes)
        return false;
    for (unsigned char c : path)
        if (c < 0x20 || c == 0x7f)
            return false;
    std::string_view rest = path.substr(1);
    while (!rest.empty()) {
        auto slash = rest.find('/');
        std::string_view part = rest.substr(0, slash);
        if (part.empty() || part == "." || part == "..")
            return false;
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    }
    return true;
}

std::string format_startup_pages(const StartupPages& pages) {
    std::string text = std::string(k_header) + "\n";
    for (auto const& file : pages) {
        text += std::to_string(file.size) + " " + std::to_string(file.modified_ns) + " ";
        for (std::size_t i = 0; i < file.ranges.size(); ++i)
            text += (i ? "," : "") + range_text(file.ranges[i]);
        text += " " + file.path + "\n";
    }
    return text;
}

Result<StartupPages> parse_startup_pages(std::string_view text) {
    if (text.size() > StartupPagesLimits::max_text_bytes)
        return Error{ErrorCode::TooLarge, "larger than " +
                                              std::to_string(StartupPagesLimits::max_text_bytes) +
                                              " bytes"};
    auto end_of_header = text.find('\n');
    if (text.substr(0, end_of_header) != k_header)
        return Error{"not a record of startup pages (its first line is not \"" +
                     std::string(k_header) + "\")"};
    StartupPages pages;
    std::size_t ranges_seen = 0;
    std::uint64_t bytes_seen = 0;
    std::size_t line_number = 1;
    std::string_view rest = text.substr(end_of_header + 1);
    while (!rest.empty()) {
        ++line_number;
        auto end = rest.find('\n');
        if (end == std::string_view::npos)
            return bad_line(line_number, "the record ends in the middle of a line");
        std::string_view line = rest.substr(0, end);
        rest = rest.substr(end + 1);
        if (pages.size() == StartupPagesLimits::max_files)
            return bad_line(line_number, "more than " +
                                             std::to_string(StartupPagesLimits::max_files) +
                                             " files");
        FilePages file;
        if (!whole_number(take_field(line), file.size) ||
            !whole_number(take_field(line), file.modified_ns))
            return bad_line(line_number, "expected a size and a modification time");
        std::string_view ranges = take_field(line);
        if (ranges.empty())
            return bad_line(line_number, "a file without ranges");
        if (!recordable_path(line))
            return bad_line(line_number, "not a plain absolute path");
        file.path = std::string(line);
        std::uint64_t end_of_last = 0;
        while (!ranges.empty()) {
            auto comma = ranges.find(',');
            std::string_view one = ranges.substr(0, comma);
            ranges =
                comma == std::string_view::npos ? std::string_view{} : ranges.substr(comma + 1);
            auto plus = one.find('+');
            PageRange range;
            if (plus == std::string_view::npos ||
                !whole_number(one.substr(0, plus), range.offset) ||
                !whole_number(one.substr(plus + 1), range.length))
                return bad_line(line_number, "expected ranges as offset+length");
            bool aligned = range.offset % k_page == 0 && range.length % k_page == 0;
            bool in_order = file.ranges.empty() || range.offset > end_of_last;
            // The last page of a file is whole in the page cache.
            std::uint64_t pages_end = record_end(file.size);
            bool inside = range.length > 0 && range.offset < pages_end &&
                          range.length <= pages_end - range.offset;
            if (!aligned || !in_order || !inside)
                return bad_line(line_number,
                                "range " + range_text(range) +
                                    " is not page-aligned, in order and inside the file");
            if (++ranges_seen > StartupPagesLimits::max_ranges)
                return bad_line(line_number, "more than " +
                                                 std::to_string(StartupPagesLimits::max_ranges) +
                                                 " ranges");
            bytes_seen += range.length;
            if (bytes_seen > StartupPagesLimits::max_total_bytes)
                return bad_line(line_number,
                                "more than " + std::to_string(StartupPagesLimits::max_total_bytes) +
                                    " bytes to read");
            end_of_last = range.offset + range.length;
            file.ranges.push_back(range);
        }
        pages.push_back(std::move(file));
    }
    return pages;
}

std::vector<PageRange> present_ranges(const std::vector<bool>& present, std::uint64_t first_offset,
                                      std::uint64_t page_size, std::size_t gap_pages) {
    std::vector<PageRange> ranges;
    std::size_t i = 0;
    while (i < present.size()) {
        if (!present[i]) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < present.size() && present[i])
            ++i;
        std::uint64_t offset = first_offset + start * page_size;
        std::uint64_t length = (i - start) * page_size;
        if (!ranges.empty() &&
            offset - (ranges.back().offset + ranges.back().length) <= gap_pages * page_size)
            ranges.back().length = offset + length - ranges.back().offset;
        else
            ranges.push_back({offset, length});
    }
    return ranges;
}

std::vector<PageRange> merge_ranges(std::vector<PageRange> ranges,
                                    const std::vector<PageRange>& more, std::uint64_t gap_bytes) {
    ranges.insert(ranges.end(), more.begin(), more.end());
    std::sort(ranges.begin(), ranges.end(),
              [](const PageRange& a, const PageRange& b) { return a.offset < b.offset; });
    std::vector<PageRange> merged;
    for (auto const& range : ranges) {
        if (!merged.empty() &&
            range.offset <= merged.back().offset + merged.back().length + gap_bytes) {
            std::uint64_t end =
                std::max(merged.back().offset + merged.back().length, range.offset + range.length);
            merged.back().length = end - merged.back().offset;
        } else {
            merged.push_back(range);
        }
    }
    return merged;
}

void keep_within_limits(StartupPages& pages) {
    if (pages.size() > StartupPagesLimits::max_files)
        pages.resize(StartupPagesLimits::max_files);
    std::size_t ranges = 0;
    std::uint64_t bytes = 0;
    for (auto& file : pages) {
        std::size_t kept = 0;
        while (kept < file.ranges.size() && ranges < StartupPagesLimits::max_ranges &&
               bytes + file.ranges[kept].length <= StartupPagesLimits::max_total_bytes) {
            bytes += file.ranges[kept].length;
            ++ranges;
            ++kept;
        }
        file.ranges.resize(kept);
    }
    std::erase_if(pages, [](const FilePages& file) { return file.ranges.empty(); });
}

bool same_files(const StartupPages& a, const StartupPages& b) {
    return std::is_permutation(
        a.begin(), a.end(), b.begin(), b.end(),
        [](const FilePages& x, const FilePages& y) { return x.same_file(y); });
}

} // namespace beacon::system
