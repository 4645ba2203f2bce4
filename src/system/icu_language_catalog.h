#pragma once

// ICU's knowledge of languages (uloc), as the LanguageCatalog the parser asks
// (core/language_catalog.h): a code is known when ICU reads the whole tag as
// BCP 47 and its language subtag is one of ICU's ISO 639 codes.
// Thread-safe: it holds nothing that changes after it is built.

#include "core/language_catalog.h"

namespace beacon {

const LanguageCatalog& icu_language_catalog();

} // namespace beacon
