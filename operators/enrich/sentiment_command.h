// `stormwatch sentiment`: the enrich core as a JSONL filter (public contract). Each input
// line {"text": ..., "lang": optional} gives one output line, in order, with "lang",
// "score", "label" (negative|neutral|positive) and "intents"; a malformed line gives a line
// with an "error" field and the stream goes on. The CLI (pipeline/cli) wires it in.
#pragma once

#include <istream>
#include <ostream>

#include "operators/enrich/mention_enricher.h"

namespace stormwatch {

// Returns 0 at end of input (malformed lines do not change it); 1 when the lexicons or word
// lists cannot be loaded (reason on `err`). `config.default_lang` is the language of lines
// without a "lang" whose text gives too little evidence (the CLI's --default-lang).
// With `explain`, each output line also has "terms": [{"term", "value", "negated"}], what each
// sentiment term added to the sum the score is normalised from (enrich::ScoredTerm).
int RunSentimentCommand(std::istream& in, std::ostream& out, std::ostream& err,
                        const enrich::EnricherConfig& config = {}, bool explain = false);

}  // namespace stormwatch
