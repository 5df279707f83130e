// The engine as the store's Evaluator: how stored inventories become findings (with the OS
// ecosystem applied the way `scan` does) and how any finding gets its exploit evidence.
#pragma once

#include "match/engine.h"
#include "store/records.h"

namespace vs::match {

// `engine` must outlive the returned evaluator.
store::Evaluator MakeEvaluator(const Engine& engine);

}  // namespace vs::match
