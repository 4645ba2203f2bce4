#include "fleet/envelope.h"

namespace beacon::fleet {

namespace {

constexpr std::string_view head = "{\"envelope\":\"beacon-report-v1\",\"public_key\":\"";
constexpr std::string_view key_tag = "beacon-public-key-v1 ";
constexpr std::size_t key_length = key_tag.size() + 64;
constexpr std::string_view between = "\",\"signature\":\"";
constexpr std::size_t signature_length =
    std::string_view("beacon-signature-v1 ").size() + 16 + 1 + 128;
constexpr std::string_view before_report = "\",\"report\":";
constexpr std::string_view tail = "}\n";
constexpr std::size_t report_offset =
    head.size() + key_length + between.size() + signature_length + before_report.size();

std::string hex(const unsigned char* bytes, std::size_t size) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

} // namespace

Result<std::string> seal_report(const update::SecretKey& key, std::string_view report_json) {
    auto signature = update::sign_manifest(key, report_json);
    if (!signature)
        return signature.error();
    std::string line = signature.value();
    while (!line.empty() && line.back() == '\n')
        line.pop_back();
    auto public_key = key.public_key();
    std::string text = std::string(head) + std::string(key_tag) +
                       hex(public_key.bytes.data(), public_key.bytes.size()) +
                       std::string(between) + line + std::string(before_report);
    if (text.size() != report_offset)
        return Error{"the report envelope came out with the wrong framing"};
    text.append(report_json);
    text.append(tail);
    return text;
}

Result<OpenedReport> open_report(std::string_view text, const std::string& source) {
    auto framing = [&](const std::string& what) {
        return Error{source + ": not a signed Beacon report (" + what + ")"};
    };
    if (text.size() > max_envelope_bytes)
        return Error{ErrorCode::TooLarge,
                     source + ": larger than " + std::to_string(max_envelope_bytes) + " bytes"};
    if (text.size() < report_offset + tail.size() + 2)
        return framing("too short");
    std::size_t at = 0;
    auto expect = [&](std::string_view literal) {
        bool ok = text.substr(at, literal.size()) == literal;
        at += literal.size();
        return ok;
    };
    if (!expect(head))
        return framing("its envelope header");
    std::string_view key_text = text.substr(at, key_length);
    at += key_length;
    if (!expect(between))
        return framing("after the public key");
    std::string_view signature = text.substr(at, signature_length);
    at += signature_length;
    if (!expect(before_report))
        return framing("after the signature");
    std::string_view ending = text.substr(text.size() - tail.size());
    if (ending != tail)
        return framing("its ending");
    auto key = update::parse_public_key(key_text, source);
    if (!key)
        return framing("its public key");
    OpenedReport opened;
    opened.key = key.value();
    opened.report =
        std::string(text.substr(report_offset, text.size() - report_offset - tail.size()));
    update::KeyRing ring;
    ring.keys.push_back(opened.key);
    auto check = update::check_signature(ring, opened.report, signature);
    if (check.verdict == update::SignatureCheck::Verdict::Malformed)
        return framing("its signature");
    opened.seal = check.verdict == update::SignatureCheck::Verdict::Valid
                      ? OpenedReport::Seal::Valid
                      : OpenedReport::Seal::BadSignature;
    return opened;
}

} // namespace beacon::fleet
