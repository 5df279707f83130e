// `db update`: download each configured feed and import it as its own store source. A feed
// is downloaded to a temporary file first and imported in one transaction only when complete,
// so a failed or interrupted update leaves the previous data in use (and says why on the
// source). Conditional requests (ETag / Last-Modified) skip unchanged feeds.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "store/store.h"

namespace vs::advisory {

enum class FeedOutcome { kUpdated, kNotModified, kFailed };

struct FeedResult {
  std::string name;
  FeedOutcome outcome = FeedOutcome::kFailed;
  std::string detail;  // Counts on success, the reason on failure.
};

struct UpdateOptions {
  // Receives "name: 12.3 MB of 40.1 MB" progress lines while downloading (may be empty).
  std::function<void(const std::string& line)> progress;
  int max_attempts = 4;
  long initial_backoff_ms = 1000;
};

// Updates every feed in turn; one feed's failure does not stop the others. Returns one result
// per feed; errors only when the store itself is unusable.
Result<std::vector<FeedResult>> UpdateFeeds(store::Store& store,
                                            const std::vector<config::Feed>& feeds,
                                            const UpdateOptions& options = {});

}  // namespace vs::advisory
