#include "text_helpers.h"

#include "render/unicode.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace text_test {

using namespace beacon::render;

Fonts& fonts() {
    static std::unique_ptr<Fonts> instance = [] {
        auto created = Fonts::create();
        if (!created)
            throw std::runtime_error(created.error().message);
        return created.release_value();
    }();
    return *instance;
}

TextEngine& engine() {
    static TextEngine instance(fonts());
    return instance;
}

TtfFont open_ttf(const FontFace& face, int px) {
    if (TTF_WasInit() == 0 && TTF_Init() != 0)
        throw std::runtime_error(std::string("TTF_Init: ") + TTF_GetError());
    TtfFont font(TTF_OpenFontIndex(face.file.c_str(), px, face.index));
    if (font)
        TTF_SetFontHinting(font.get(), TTF_HINTING_LIGHT);
    return font;
}

namespace {

std::string quote(const std::string& arg) {
    std::string out = "'";
    for (char c : arg)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

Output run(const std::vector<std::string>& argv, const std::string& input) {
    auto const file = std::filesystem::temp_directory_path() /
                      ("beacon-text-test-" + std::to_string(getpid()) + ".in");
    {
        std::ofstream out(file, std::ios::binary);
        out << input;
    }
    std::string command = "LC_ALL=C.UTF-8";
    for (std::string const& arg : argv)
        command += " " + quote(arg);
    command += " <" + quote(file.string()) + " 2>/dev/null";
    Output result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return result;
    std::array<char, 4096> buffer;
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        result.text.append(buffer.data(), n);
    int const status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::filesystem::remove(file);
    return result;
}

const std::vector<Sample>& samples() {
    static std::vector<Sample> const all = {
        {"en", "Call 1-888-373-7888 or text HELP to 233733, 24/7."},
        {"es", "Llame al 1-888-373-7888 o envíe HELP al 233733, las 24 horas."},
        {"zh-Hans", "请拨打 1-888-373-7888，全天24小时保密。"},
        {"zh-Hant", "請撥打 1-888-373-7888，全天24小時保密。"},
        {"vi", "Hãy gọi 1-888-373-7888. Mọi cuộc gọi đều được giữ bí mật."},
        {"tl", "Tumawag sa 1-888-373-7888, bukas 24/7 at kumpidensyal."},
        {"ko", "1-888-373-7888로 전화하세요. 하루 24시간 비밀이 보장됩니다."},
        {"ar", "اتصل على 1-888-373-7888 أو زر humantraffickinghotline.org في أي وقت."},
        {"ru", "Звоните 1-888-373-7888 круглосуточно, это конфиденциально."},
        {"ht", "Rele 1-888-373-7888 nenpòt lè, 24 sou 24."},
        {"km", "ទូរស័ព្ទមកលេខ 1-888-373-7888 ដោយសម្ងាត់ ២៤ម៉ោង។"},
        {"hi", "हॉटलाइन को 1-888-373-7888 पर कॉल करें।"},
        {"fa", "با شماره 1-888-373-7888 تماس بگیرید."},
    };
    return all;
}

std::u32string utf32(const std::string& utf8) {
    std::u32string out;
    for (char32_t c : code_points(utf8))
        out += c;
    return out;
}

std::u32string visual_string(const TextLine& line) {
    std::u32string out;
    for (GlyphRun const& run : line.runs) {
        std::u32string piece = utf32(run.text);
        if (run.right_to_left)
            piece = std::u32string(piece.rbegin(), piece.rend());
        out += piece;
    }
    return out;
}

} // namespace text_test
