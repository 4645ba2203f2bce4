#pragma once

// A signed report as one file, NAME.json, so one PUT replaces it whole and a
// reader never sees a report with another report's signature (a sidecar
// NAME.json.sig would be a second PUT, and could be read in between):
//
//   {"envelope":"beacon-report-v1","public_key":"beacon-public-key-v1 <64 hex>",
//    "signature":"beacon-signature-v1 <key id> <128 hex>","report":REPORT}\n
//
// written on one line. The signature (update/keys.h, Ed25519) covers the exact
// bytes of REPORT. Every field before it has a fixed length, so a reader
// finds REPORT by position, checks the signature on those bytes, and only
// then parses them; the whole file is still plain JSON for any other tool.
// docs/fleet-report.md describes it for administrators.

#include "core/result.h"
#include "update/keys.h"

#include <string>
#include <string_view>

namespace beacon::fleet {

inline constexpr std::size_t max_envelope_bytes = 64 * 1024;

Result<std::string> seal_report(const update::SecretKey& key, std::string_view report_json);

struct OpenedReport {
    enum class Seal {
        Valid,        // signed by the key it carries
        BadSignature, // the signature does not match the report's bytes
    };
    Seal seal = Seal::BadSignature;
    update::PublicKey key;
    std::string report; // the bytes the signature covers
};

// Fails when `text` is not an envelope at all (too large, wrong framing).
Result<OpenedReport> open_report(std::string_view text, const std::string& source);

} // namespace beacon::fleet
