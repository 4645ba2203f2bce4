#include "render/fonts.h"

#include "core/typography.h"
#include "system/log.h"
#include "system/unique_fd.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include <functional>
#include FT_FREETYPE_H
#include FT_SIZES_H
#include <hb-ft.h>
#include <sys/stat.h>
#include <unicode/uscript.h>
#include <unistd.h>

namespace beacon::render {

namespace {

// Shaping sizes are cheap (an FT_Size on a face, and a HarfBuzz font, shared
// by all sizes of it); faces are not (a CJK collection's face and HarfBuzz
// tables hold 1-2 MB). trim() bounds the sizes `beacon validate` keeps
// while it checks sheet after sheet; the player calls close_all() once each
// screen is built (a built screen is a texture and needs no font), so a
// loop through eleven languages does not keep every face it met.
// Measured on the benchmark's fact-sheet loop (Xvfb, 1280x720, 60 s): peak
// PSS 54.4 MB keeping the faces, 38.5 MB closing them; CPU 0.35 % of a
// core (reopening a CJK face costs a few ms, spent while the previous
// screen is still showing).
constexpr std::size_t max_shaping_sizes = 48;

long ceil_pixels(long value_26_6) {
    return ((value_26_6 + 63) & -64) / 64;
}

std::string script_code(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode const script = uscript_getScript(static_cast<UChar32>(c), &status);
    if (U_FAILURE(status))
        return {};
    char const* name = uscript_getShortName(script);
    return name ? name : "";
}

// FreeType's own file stream maps the whole font file, and each glyph it
// loads from the mapping faults in the kernel's fault-around window (64 KiB)
// around the outline: a CJK sheet's few hundred glyphs, spread over a 19 MB
// collection, left 4-7 MB of font pages mapped into the player while it
// built the sheet, on top of the heap (measured with smaps every 5 ms: the
// fact-sheet loop's peak PSS went from 24 to 39 MB for about 15 ms at each
// CJK sheet). A stream that reads with pread() instead copies only what
// FreeType asks for; the pages stay in the page cache, shared and
// reclaimable, and none is mapped into the process.
//
// FreeType reads a non-memory stream field by field (a CFF glyph's two
// index offsets are two 2-byte reads): `beacon validate` of 10,000 sheets
// with words of their own made 1.1 million pread() calls and took twice
// as long. So each face keeps its last few 4 KiB blocks, and small reads
// are served from them.
//
// Ownership: the stream, its blocks and its descriptor belong to the face;
// FreeType calls close_stream() from FT_Done_Face(). One thread at a time,
// as the face itself.
struct BlockStream {
    static constexpr unsigned long block_size = 4096;
    static constexpr std::size_t blocks = 16; // 64 KiB a face
    FT_StreamRec stream{};
    system::UniqueFd fd;
    struct Block {
        unsigned long index = ~0UL; // which block of the file it holds; none yet
        unsigned long bytes = 0;    // fewer than block_size at the end of the file
        unsigned char data[block_size];
    };
    std::array<Block, blocks> cache{};
};

// Reads [offset, offset + count) from the file, retrying interrupted calls.
unsigned long read_fully(int fd, unsigned long offset, unsigned char* buffer, unsigned long count) {
    unsigned long done = 0;
    while (done < count) {
        ssize_t const got =
            ::pread(fd, buffer + done, count - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; // FreeType treats a short read as an error of its own
        done += static_cast<unsigned long>(got);
    }
    return done;
}

unsigned long read_stream(FT_Stream stream, unsigned long offset, unsigned char* buffer,
                          unsigned long count) {
    // A count of zero asks only whether `offset` can be sought to.
    if (count == 0)
        return offset > stream->size ? 1 : 0;
    auto& file = *static_cast<BlockStream*>(stream->descriptor.pointer);
    if (count >= 4 * BlockStream::block_size)
        return read_fully(file.fd.get(), offset, buffer, count); // tables, charstring indexes
    unsigned long done = 0;
    while (done < count) {
        unsigned long const at = offset + done;
        unsigned long const index = at / BlockStream::block_size;
        BlockStream::Block& block = file.cache[index % BlockStream::blocks];
        if (block.index != index) {
            block.bytes = read_fully(file.fd.get(), index * BlockStream::block_size, block.data,
                                     BlockStream::block_size);
            block.index = block.bytes > 0 ? index : ~0UL;
        }
        unsigned long const within = at - index * BlockStream::block_size;
        if (block.index != index || within >= block.bytes)
            break; // past the end, or unreadable
        unsigned long const take = std::min(count - done, block.bytes - within);
        std::memcpy(buffer + done, block.data + within, take);
        done += take;
    }
    return done;
}

void close_stream(FT_Stream stream) {
    delete static_cast<BlockStream*>(stream->descriptor.pointer); // and its descriptor
}

FT_Error open_face_unmapped(FT_Library library, const FontFace& face, FT_Face* opened) {
    system::UniqueFd fd(::open(face.file.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat info {};
    // The size is the stream's; a font fontconfig lists is a regular file.
    if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0)
        return FT_Err_Cannot_Open_Resource;
    auto* file = new BlockStream;
    file->fd = std::move(fd);
    file->stream.size = static_cast<unsigned long>(info.st_size);
    file->stream.descriptor.pointer = file;
    file->stream.read = read_stream;
    file->stream.close = close_stream;
    FT_Open_Args args{};
    args.flags = FT_OPEN_STREAM;
    args.stream = &file->stream;
    // FreeType closes the stream itself when the open fails, too.
    return FT_Open_Face(library, &args, face.index, opened);
}

} // namespace

int shaping_load_flags() {
    return FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT;
}

Result<std::unique_ptr<Fonts>> Fonts::create() {
    if (!FcInit())
        return Error{"fontconfig failed to initialise"};
    std::unique_ptr<Fonts> fonts(new Fonts);
    if (FT_Init_FreeType(&fonts->m_freetype) != 0)
        return Error{"FreeType failed to initialise"};
    std::string const base(base_family);
    auto regular = fonts->find_family(base, false);
    if (!regular) {
        log::warning("font family \"" + base + "\" not found, using sans-serif");
        regular = fonts->find_family("sans-serif", false);
    }
    if (!regular)
        return Error{"no usable sans-serif font found through fontconfig"};
    auto bold = fonts->find_family(base, true);
    fonts->m_base_regular = *regular;
    fonts->m_base_bold = bold ? *bold : *regular;
    if (!fonts->shaping(fonts->m_base_regular, 16))
        return Error{"cannot open base font " + regular->file};
    return fonts;
}

Fonts::~Fonts() {
    for (auto& [face, shared] : m_harfbuzz)
        hb_font_destroy(shared.font); // before the face it references
    for (auto& [face, ft_face] : m_faces)
        FT_Done_Face(ft_face); // frees its sizes too
    for (auto& [face, set] : m_charsets) {
        if (set)
            FcCharSetDestroy(set);
    }
    if (m_freetype)
        FT_Done_FreeType(m_freetype);
}

// Asks fontconfig for `family` and accepts the answer only if it really is
// that family; "sans-serif" accepts whatever the system's default is.
std::optional<FontFace> Fonts::find_family(const std::string& family, bool bold) {
    auto const key = std::make_pair(family, bold);
    if (auto it = m_families.find(key); it != m_families.end())
        return it->second;

    std::optional<FontFace> found;
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<FcChar8 const*>(family.c_str()));
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    if (match && result == FcResultMatch) {
        bool family_ok = family == "sans-serif";
        FcChar8* value = nullptr;
        for (int i = 0;
             !family_ok && FcPatternGetString(match, FC_FAMILY, i, &value) == FcResultMatch; ++i)
            family_ok = family == reinterpret_cast<char const*>(value);
        FcChar8* file = nullptr;
        int index = 0;
        if (family_ok && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
            FcPatternGetInteger(match, FC_INDEX, 0, &index);
            found = FontFace{reinterpret_cast<char const*>(file), index};
            FcCharSet* set = nullptr;
            if (!m_charsets.contains(*found) &&
                FcPatternGetCharSet(match, FC_CHARSET, 0, &set) == FcResultMatch)
                m_charsets[*found] = FcCharSetCopy(set);
        }
    }
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    m_families[key] = found;
    return found;
}

// Any installed face with `c`, best match for the weight first.
std::optional<FontFace> Fonts::find_by_character(char32_t c, bool bold) {
    FcPattern* pattern = FcPatternCreate();
    FcCharSet* wanted = FcCharSetCreate();
    FcCharSetAddChar(wanted, c);
    FcPatternAddCharSet(pattern, FC_CHARSET, wanted);
    FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    std::optional<FontFace> found;
    if (FcFontSet* sorted = FcFontSort(nullptr, pattern, FcFalse, nullptr, &result)) {
        for (int i = 0; i < sorted->nfont && !found; ++i) {
            FcPattern* candidate = sorted->fonts[i];
            FcCharSet* set = nullptr;
            FcChar8* file = nullptr;
            int index = 0;
            if (FcPatternGetCharSet(candidate, FC_CHARSET, 0, &set) != FcResultMatch ||
                !FcCharSetHasChar(set, c) ||
                FcPatternGetString(candidate, FC_FILE, 0, &file) != FcResultMatch)
                continue;
            FcPatternGetInteger(candidate, FC_INDEX, 0, &index);
            found = FontFace{reinterpret_cast<char const*>(file), index};
            if (!m_charsets.contains(*found))
                m_charsets[*found] = FcCharSetCopy(set);
        }
        FcFontSetDestroy(sorted);
    }
    FcCharSetDestroy(wanted);
    FcPatternDestroy(pattern);
    return found;
}

FcCharSet* Fonts::charset(const FontFace& face) {
    if (auto it = m_charsets.find(face); it != m_charsets.end())
        return it->second;
    // Read from fontconfig's cache rather than by opening the file.
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FILE, reinterpret_cast<FcChar8 const*>(face.file.c_str()));
    FcPatternAddInteger(pattern, FC_INDEX, face.index);
    FcObjectSet* objects = FcObjectSetBuild(FC_CHARSET, nullptr);
    FcCharSet* found = nullptr;
    if (FcFontSet* list = FcFontList(nullptr, pattern, objects)) {
        FcCharSet* set = nullptr;
        if (list->nfont > 0 &&
            FcPatternGetCharSet(list->fonts[0], FC_CHARSET, 0, &set) == FcResultMatch)
            found = FcCharSetCopy(set);
        FcFontSetDestroy(list);
    }
    FcObjectSetDestroy(objects);
    FcPatternDestroy(pattern);
    m_charsets[face] = found;
    return found;
}

bool Fonts::covers(const FontFace& face, char32_t c) {
    FcCharSet* set = charset(face);
    return set && FcCharSetHasChar(set, c);
}

const std::vector<FontFace>& Fonts::chain(const std::string& lang, bool bold) {
    auto const key = std::make_pair(lang, bold);
    if (auto it = m_chains.find(key); it != m_chains.end())
        return it->second;
    std::vector<FontFace>& faces = m_chains[key];
    auto add = [&](FontFace const& face) {
        if (std::find(faces.begin(), faces.end(), face) == faces.end())
            faces.push_back(face);
    };
    for (std::string const& family : typography_for(lang).families) {
        if (auto face = find_family(family, bold)) {
            add(*face);
            break;
        }
    }
    if (faces.empty() && !bold)
        log::warning("no font for language \"" + lang + "\", using " + std::string(base_family));
    add(bold ? m_base_bold : m_base_regular);
    return faces;
}

std::optional<FontFace> Fonts::face_for(char32_t c, const std::string& lang, bool bold) {
    if (FontFace const* face = find_face(c, lang, bold))
        return *face;
    return std::nullopt;
}

const FontFace* Fonts::find_face(char32_t c, const std::string& lang, bool bold) {
    // Layout asks for every character of every text: the answers for the
    // language asked last are kept in a hash table by character, so a
    // lookup neither compares language strings nor copies a face.
    if (!m_recent || m_recent_bold != bold || m_recent_lang != lang) {
        m_recent = &m_by_language[std::make_pair(lang, bold)];
        m_recent_lang = lang;
        m_recent_bold = bold;
    }
    if (auto it = m_recent->find(c); it != m_recent->end())
        return it->second;
    FontFace const* found = face_uncached(c, lang, bold);
    m_recent->emplace(c, found);
    return found;
}

const FontFace* Fonts::face_uncached(char32_t c, const std::string& lang, bool bold) {
    std::optional<FontFace> found;
    for (FontFace const& face : chain(lang, bold)) {
        if (covers(face, c)) {
            found = face;
            break;
        }
    }
    if (!found) {
        std::string const family = family_for_script(script_code(c), lang);
        if (!family.empty()) {
            if (auto face = find_family(family, bold); face && covers(*face, c))
                found = face;
        }
    }
    if (!found)
        found = find_by_character(c, bold);
    return found ? &*m_known_faces.insert(*found).first : nullptr;
}

ShapingFont* Fonts::shaping(const FontFace& face, int px) {
    px = std::clamp(px, 4, 1000);
    ShapingKeyView const key{face.file, face.index, px};
    if (auto it = m_shaping.find(key); it != m_shaping.end()) {
        activate(it->second);
        return &it->second;
    }
    FT_Face& ft_face = m_faces[face];
    if (!ft_face && open_face_unmapped(m_freetype, face, &ft_face) != 0) {
        m_faces.erase(face);
        return nullptr;
    }
    ShapingFont font;
    font.face = ft_face;
    // px * 64 in 26.6 at FreeType's default 72 dpi: one pixel per point.
    if (FT_New_Size(ft_face, &font.size) != 0 || FT_Activate_Size(font.size) != 0 ||
        FT_Set_Char_Size(ft_face, 0, px * 64, 0, 0) != 0) {
        if (font.size)
            FT_Done_Size(font.size);
        return nullptr;
    }
    ScaledHarfBuzzFont& shared = m_harfbuzz[ft_face];
    if (!shared.font) {
        shared.font = hb_ft_font_create_referenced(ft_face);
        hb_ft_font_set_load_flags(shared.font, shaping_load_flags());
    }
    font.font = shared.font;
    FT_Fixed const scale = ft_face->size->metrics.y_scale;
    font.ascent = static_cast<int>(ceil_pixels(FT_MulFix(ft_face->ascender, scale)));
    font.descent = -static_cast<int>(ceil_pixels(FT_MulFix(ft_face->descender, scale)));
    font.line_skip = static_cast<int>(ceil_pixels(FT_MulFix(ft_face->height, scale)));
    ++m_shaping_opens;
    ShapingFont& stored =
        m_shaping.emplace(ShapingKey{face.file, face.index, px}, font).first->second;
    activate(stored);
    return &stored;
}

std::size_t Fonts::ShapingKeyHash::operator()(const ShapingKeyView& key) const {
    std::size_t const file = std::hash<std::string_view>{}(key.file);
    return file ^ (static_cast<std::size_t>(key.index) * 0x9e3779b97f4a7c15ULL) ^
           (static_cast<std::size_t>(key.px) << 20);
}

void Fonts::activate(const ShapingFont& font) {
    FT_Activate_Size(font.size);
    ScaledHarfBuzzFont& shared = m_harfbuzz[font.face];
    if (shared.scaled_for != font.size) {
        // HarfBuzz takes its scale from the face's active size only when told.
        hb_ft_font_changed(shared.font);
        shared.scaled_for = font.size;
    }
}

void Fonts::close_all() {
    m_shaping.clear(); // their sizes go with their faces
    for (auto& [face, shared] : m_harfbuzz)
        hb_font_destroy(shared.font); // before the face it references
    m_harfbuzz.clear();
    for (auto& [face, ft_face] : m_faces)
        FT_Done_Face(ft_face);
    m_faces.clear();
}

void Fonts::trim() {
    if (m_shaping.size() > max_shaping_sizes) {
        for (auto& [key, font] : m_shaping)
            FT_Done_Size(font.size);
        m_shaping.clear();
        for (auto& [face, shared] : m_harfbuzz)
            shared.scaled_for = nullptr;
    }
}

} // namespace beacon::render
