#include "core/playlist.h"

#include <functional>
#include <string_view>

namespace beacon {

bool same_words(const FactSheetText& a, const FactSheetText& b) {
    return a.lang == b.lang && a.title == b.title && a.points == b.points;
}

// Each part hashed on its own and mixed in (boost's hash_combine), so that
// moving a word from one point to the next changes the hash.
std::size_t words_hash(const FactSheetText& text) {
    std::size_t hash = 0;
    auto mix = [&hash](std::string_view part) {
        hash ^= std::hash<std::string_view>{}(part) + 0x9e3779b9 + (hash << 6) + (hash >> 2);
    };
    mix(text.lang);
    mix(text.title);
    for (std::string const& point : text.points)
        mix(point);
    return hash;
}

const FactSheetText* Item::text_for(const std::string& lang) const {
    for (auto& text : texts)
        if (text.lang == lang)
            return &text;
    return nullptr;
}

const HotlineText* Hotline::text_for(const std::string& lang) const {
    for (auto& text : texts)
        if (text.lang == lang)
            return &text;
    return nullptr;
}

const Notice::Text* Notice::text_for(const std::string& lang) const {
    for (auto& text : texts)
        if (text.lang == lang)
            return &text;
    return nullptr;
}

bool Notice::active_at(const LocalTime& now) const {
    return now.clock_trusted && CivilDateTime{now.date, now.minute_of_day} < expires;
}

const Item* Playlist::find(const std::string& id) const {
    for (auto& item : items)
        if (item.id == id)
            return &item;
    return nullptr;
}

namespace {

// The words of the built-in hotline screens that are not the US one. They
// claim nothing beyond the facts kept for them: the number, and that the
// line helps. No text line: none is known for these hotlines.
HotlineText english_words() {
    HotlineText en;
    en.lang = "en";
    en.name = "English";
    en.headline = "You are not alone. Help is here.";
    en.call = "Call the national helpline.";
    en.interpreters = "";
    en.web_label = "";
    en.scan = "Scan to call";
    en.close = "Close";
    en.listen = "Listen";
    en.discreet = "Help line: health, safety, work problems";
    en.who_answers = "Confidential. Not law enforcement, not immigration.";
    en.scan_tel = "Scan to call. The call stays in your phone's call log.";
    return en;
}

HotlineText spanish_words() {
    HotlineText es;
    es.lang = "es";
    es.name = "Español";
    es.headline = "No está solo. Aquí hay ayuda.";
    es.call = "Llame a la línea nacional.";
    es.interpreters = "";
    es.web_label = "";
    es.scan = "Escanee para llamar";
    es.close = "Cerrar";
    es.listen = "Escuchar";
    es.discreet = "Línea de ayuda: salud, seguridad, problemas en el trabajo";
    es.who_answers = "Confidencial. No es una autoridad del orden público ni de inmigración.";
    es.scan_tel = "Escanee para llamar. La llamada quedará en el registro de llamadas de su "
                  "teléfono.";
    return es;
}

Playlist phone_only(std::string country, std::string phone, std::string tel,
                    std::vector<HotlineText> texts) {
    Playlist playlist;
    playlist.source = "(built-in " + country + ")";
    for (auto& text : texts)
        playlist.languages.push_back(text.lang);
    playlist.hotline.phone = std::move(phone);
    // The QR code dials the number: no web address is known for certain.
    playlist.hotline.qr_payload = "tel:" + std::move(tel);
    playlist.hotline.texts = std::move(texts);
    return playlist;
}

} // namespace

std::vector<std::string> fallback_countries() {
    return {"CA", "GB", "MX", "US"};
}

std::optional<Playlist> fallback_playlist_for(std::string_view country) {
    if (country == "US")
        return fallback_playlist();
    // UK Modern Slavery & Exploitation Helpline.
    if (country == "GB")
        return phone_only("GB", "08000 121 700", "+448000121700", {english_words()});
    // Canadian Human Trafficking Hotline.
    if (country == "CA")
        return phone_only("CA", "1-833-900-1010", "+18339001010", {english_words()});
    // Línea Nacional contra la Trata de Personas.
    if (country == "MX")
        return phone_only("MX", "800 5533 000", "+528005533000", {spanish_words()});
    return std::nullopt;
}

std::optional<HotlineStyle> parse_hotline_style(std::string_view text) {
    if (text == "standard")
        return HotlineStyle::Standard;
    if (text == "discreet")
        return HotlineStyle::Discreet;
    return std::nullopt;
}

std::optional<QrKind> parse_qr_kind(std::string_view text) {
    if (text == "web")
        return QrKind::Web;
    if (text == "tel")
        return QrKind::Tel;
    if (text == "sms")
        return QrKind::Sms;
    if (text == "off")
        return QrKind::Off;
    return std::nullopt;
}

const char* to_string(HotlineStyle style) {
    return style == HotlineStyle::Discreet ? "discreet" : "standard";
}

const char* to_string(QrKind kind) {
    switch (kind) {
    case QrKind::Web:
        return "web";
    case QrKind::Tel:
        return "tel";
    case QrKind::Sms:
        return "sms";
    case QrKind::Off:
        return "off";
    }
    return "web";
}

void apply_hotline_choices(Hotline& hotline, const HotlineChoices& choices) {
    if (choices.style)
        hotline.style = *choices.style;
    if (choices.qr_kind)
        hotline.qr_kind = *choices.qr_kind;
}

Playlist hotline_only(const Playlist& content, std::string source) {
    Playlist playlist;
    playlist.source = std::move(source);
    playlist.languages = content.languages;
    playlist.hotline = content.hotline;
    return playlist;
}

Playlist fallback_playlist() {
    Playlist playlist;
    playlist.source = "(built-in)";
    playlist.languages = {"en", "es"};
    playlist.hotline.phone = "1-888-373-7888";
    playlist.hotline.web = "humantraffickinghotline.org";
    playlist.hotline.qr_payload = "https://humantraffickinghotline.org/";
    HotlineText en;
    en.lang = "en";
    en.name = "English";
    en.headline = "You are not alone. Help is here.";
    en.call = "Call free, 24/7. Confidential.";
    en.text = "Text HELP to 233733";
    en.interpreters = "Interpreters are available";
    en.web_label = "Online:";
    en.scan = "Scan to open the website. It stays in your phone's browser history.";
    en.close = "Close";
    en.listen = "Listen";
    en.discreet = "Help line: health, safety, work problems";
    en.who_answers = "Confidential. Not law enforcement, not immigration.";
    en.scan_tel = "Scan to call. The call stays in your phone's call log.";
    en.scan_sms = "Scan to write a text message. It stays in your phone's messages.";
    HotlineText es;
    es.lang = "es";
    es.name = "Español";
    es.headline = "No está solo. Aquí hay ayuda.";
    es.call = "Llamada gratuita, 24/7. Confidencial.";
    es.text = "Envíe HELP por mensaje de texto al 233733";
    es.interpreters = "Hay intérpretes disponibles";
    es.web_label = "En línea:";
    es.scan = "Escanee para abrir el sitio web. Quedará en el historial del navegador de su "
              "teléfono.";
    es.close = "Cerrar";
    es.listen = "Escuchar";
    es.discreet = "Línea de ayuda: salud, seguridad, problemas en el trabajo";
    es.who_answers = "Confidencial. No es una autoridad del orden público ni de inmigración.";
    es.scan_tel = "Escanee para llamar. La llamada quedará en el registro de llamadas de su "
                  "teléfono.";
    es.scan_sms = "Escanee para escribir un mensaje de texto. Quedará en los mensajes de su "
                  "teléfono.";
    playlist.hotline.texts = {en, es};
    return playlist;
}

} // namespace beacon
