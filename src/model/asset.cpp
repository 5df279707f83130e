#include "model/asset.h"

#include <array>
#include <utility>

namespace vs::model {
namespace {

constexpr std::array<std::pair<AssetKind, std::string_view>, 5> kKinds = {{
    {AssetKind::kEc2, "ec2"},
    {AssetKind::kHost, "host"},
    {AssetKind::kRepository, "repository"},
    {AssetKind::kImage, "image"},
    {AssetKind::kWebApp, "webapp"},
}};

}  // namespace

std::string_view AssetKindName(AssetKind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "host";
}

std::optional<AssetKind> ParseAssetKind(std::string_view name) {
  for (const auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

}  // namespace vs::model
