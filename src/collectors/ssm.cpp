#include "collectors/ssm.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include <zlib.h>

#include "core/check.h"
#include "io/documents.h"
#include "parsers/ssm_inventory.h"

namespace vs::collectors {
namespace data {
extern const unsigned char kDebianSources[];
extern const std::size_t kDebianSourcesSize;
}  // namespace data

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInstanceInformation = "AWS:InstanceInformation/";
constexpr std::string_view kApplication = "AWS:Application/";
constexpr std::string_view kTag = "AWS:Tag/";
constexpr std::string_view kLaunchTemplateTag = "aws:ec2launchtemplate:id";

// ---- Debian binary → source table -------------------------------------------------------

std::string Gunzip(const unsigned char* bytes, size_t size) {
  z_stream zs{};
  VS_CHECK(inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK, "zlib init");
  zs.next_in = const_cast<unsigned char*>(bytes);
  zs.avail_in = static_cast<uInt>(size);
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<unsigned char*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  VS_CHECK(rc == Z_STREAM_END, "embedded debian_sources.txt.gz is corrupt");
  return out;
}

// Lines "<source>\t<binary> <binary>…", "~" standing for the source name (data/README.md).
std::unordered_map<std::string, std::string> LoadDebianSources() {
  std::string text = Gunzip(data::kDebianSources, data::kDebianSourcesSize);
  std::unordered_map<std::string, std::string> table;
  table.reserve(40000);
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string source(line.substr(0, tab));
    std::string_view binaries = line.substr(tab + 1);
    while (!binaries.empty()) {
      size_t sp = binaries.find(' ');
      std::string binary(binaries.substr(0, sp));
      binaries.remove_prefix(sp == std::string_view::npos ? binaries.size() : sp + 1);
      if (size_t tilde = binary.find('~'); tilde != std::string::npos)
        binary.replace(tilde, 1, source);
      table.emplace(std::move(binary), source);
    }
  }
  return table;
}

const std::unordered_map<std::string, std::string>& DebianSources() {
  static const std::unordered_map<std::string, std::string> table = LoadDebianSources();
  return table;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// ---- Partitions ------------------------------------------------------------------------

struct Partition {
  std::string account, region;
  auto operator<=>(const Partition&) const = default;
  std::string Path() const { return "accountid=" + account + "/region=" + region + "/"; }
};

// "accountid=<id>/region=<r>/…" (the part of a key after its type folder).
std::optional<Partition> PartitionOf(std::string_view rest) {
  constexpr std::string_view kAccount = "accountid=", kRegion = "region=";
  if (rest.substr(0, kAccount.size()) != kAccount) return std::nullopt;
  rest.remove_prefix(kAccount.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  Partition p{std::string(rest.substr(0, slash)), ""};
  rest.remove_prefix(slash + 1);
  if (rest.substr(0, kRegion.size()) != kRegion) return std::nullopt;
  rest.remove_prefix(kRegion.size());
  slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  p.region = std::string(rest.substr(0, slash));
  return p;
}

// "…/i-0abc.json" → "i-0abc".
std::string NodeIdOf(std::string_view key) {
  size_t slash = key.rfind('/');
  std::string_view base = slash == std::string_view::npos ? key : key.substr(slash + 1);
  if (EndsWith(base, ".json")) base.remove_suffix(5);
  return std::string(base);
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

struct PartitionWork {
  // InstanceInformation keys when discovery listed them already.
  std::optional<std::vector<ObjectInfo>> instance_keys;
  std::vector<std::string> errors;
};

// ---- Per-partition reading -------------------------------------------------------------

void Merge(parsers::SsmNode& into, parsers::SsmNode&& from) {
  if (from.capture_time > into.capture_time) into.capture_time = from.capture_time;
  if (from.has_instance_information) {
    into.has_instance_information = true;
    into.instance_status = std::move(from.instance_status);
    into.platform_name = std::move(from.platform_name);
    into.platform_version = std::move(from.platform_version);
    into.platform_type = std::move(from.platform_type);
    into.computer_name = std::move(from.computer_name);
    into.ip_address = std::move(from.ip_address);
  }
  for (auto& [k, v] : from.tags) into.tags[k] = std::move(v);
  if (from.has_applications) into.has_applications = true;
  for (model::Package& p : from.packages) into.packages.push_back(std::move(p));
  into.dropped_non_os += from.dropped_non_os;
}

struct ReadCounts {
  size_t objects = 0;
  uint64_t bytes = 0;
};

void ReadObjects(ObjectSource& source, const std::vector<ObjectInfo>& keys, SsmPartition& out,
                 ReadCounts& counts) {
  for (const ObjectInfo& info : keys) {
    if (!EndsWith(info.key, ".json")) continue;
    std::string node_id = NodeIdOf(info.key);
    Result<std::string> bytes = source.Get(info.key);
    if (!bytes) {
      out.errors.push_back(info.key + ": " + bytes.error().message);
      out.tainted.insert(node_id);
      continue;
    }
    ++counts.objects;
    counts.bytes += bytes->size();
    Result<parsers::SsmObject> object = parsers::ParseSsmObject(*bytes);
    if (!object) {
      out.errors.push_back(info.key + ": " + object.error().message);
      out.tainted.insert(node_id);
      continue;
    }
    // A truncated or malformed line leaves the object incomplete: applying it would drop
    // packages (and resolve their findings) that are still installed.
    for (const model::Warning& w : object->warnings) {
      out.errors.push_back(info.key + ": " + w.record + ": " + w.reason);
      out.tainted.insert(node_id);
    }
    for (parsers::SsmNode& node : object->nodes) {
      if (!object->warnings.empty()) out.tainted.insert(node.resource_id);
      parsers::SsmNode& into = out.nodes[node.resource_id];
      into.resource_id = node.resource_id;
      Merge(into, std::move(node));
    }
  }
}

// ---- Assets ----------------------------------------------------------------------------

struct Instance {
  model::AssetReport report;
  std::string capture_time;
};

Instance MakeInstance(const SsmPartition& part, parsers::SsmNode&& node) {
  Instance inst;
  inst.capture_time = node.capture_time;
  model::Asset& a = inst.report.asset;
  a.kind = model::AssetKind::kEc2;
  a.account_id = part.account;
  a.region = part.region;
  a.instance_id = node.resource_id;
  a.key = part.account + "/" + part.region + "/" + node.resource_id;
  auto name = node.tags.find("Name");
  a.name = name != node.tags.end() && !name->second.empty() ? name->second : node.computer_name;
  if (a.name.empty()) a.name = node.resource_id;
  a.platform = node.platform_name;
  if (!node.platform_version.empty()) a.platform += " " + node.platform_version;
  if (auto asg = node.tags.find("aws:autoscaling:groupName"); asg != node.tags.end())
    a.asg = asg->second;
  a.tags = std::move(node.tags);
  a.os = parsers::SsmPlatformOs(node.platform_name, node.platform_version);
  if (!a.os) {
    // Kept (and shown on the sources page) rather than silently dropped.
    a.note = "unsupported platform: " + (a.platform.empty() ? std::string("unknown") : a.platform);
    return inst;
  }
  bool deb = a.os->family == "debian" || a.os->family == "ubuntu";
  for (model::Package& p : node.packages) {
    p.ecosystem = a.os->ecosystem;
    if (deb && p.source_name.empty()) {
      std::string source = DebianSourcePackage(p.name);
      if (source != p.name) p.source_name = std::move(source);
    }
  }
  inst.report.has_inventory = node.has_applications;
  inst.report.packages = std::move(node.packages);
  return inst;
}

// Newest capture first; tie → lowest instance id.
bool Represents(const Instance& a, const Instance& b) {
  if (a.capture_time != b.capture_time) return a.capture_time > b.capture_time;
  return a.report.asset.instance_id < b.report.asset.instance_id;
}

// Stable across runs and platforms (std::hash is neither).
uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string PackageSetSignature(const Instance& inst) {
  std::vector<std::string> lines;
  lines.reserve(inst.report.packages.size());
  for (const model::Package& p : inst.report.packages)
    lines.push_back(p.name + "\t" + p.version + "\t" + p.arch);
  std::sort(lines.begin(), lines.end());
  std::string sig = inst.report.asset.platform + "\n";
  if (auto lt = inst.report.asset.tags.find(std::string(kLaunchTemplateTag));
      lt != inst.report.asset.tags.end())
    sig += lt->second + "\n";
  for (const std::string& l : lines) sig.append(l).push_back('\n');
  return sig;
}

// One asset for `group` (sorted so that group[0] represents it).
model::AssetReport MergeGroup(std::vector<Instance>& group, std::string key, std::string note) {
  std::vector<std::string> members;
  for (const Instance& i : group) members.push_back(i.report.asset.instance_id);
  std::sort(members.begin(), members.end());
  model::AssetReport r = std::move(group[0].report);
  r.asset.key = std::move(key);
  r.asset.members = std::move(members);
  r.asset.note = std::move(note);
  return r;
}

// Auto-scaling de-duplication (formats.md §1.2 AWS:Tag), then the package-set fallback.
std::vector<model::AssetReport> Deduplicate(const SsmPartition& part, std::vector<Instance> all) {
  std::vector<model::AssetReport> out;
  std::map<std::string, std::vector<Instance>> by_asg;
  std::map<std::string, std::vector<Instance>> by_signature;
  for (Instance& inst : all) {
    const model::AssetReport& r = inst.report;
    if (!r.asset.asg.empty()) {
      by_asg[r.asset.asg].push_back(std::move(inst));
    } else if (r.has_inventory && !r.packages.empty()) {
      std::string sig = PackageSetSignature(inst);
      by_signature[sig].push_back(std::move(inst));
    } else {
      out.push_back(std::move(inst.report));
    }
  }
  const std::string base = part.account + "/" + part.region + "/";
  for (auto& [asg, group] : by_asg) {
    std::sort(group.begin(), group.end(), Represents);
    std::string note = "auto-scaling group " + asg + ": " + std::to_string(group.size()) +
                       " instance(s), represented by " + group[0].report.asset.instance_id +
                       " (newest capture " + group[0].capture_time + ")";
    model::AssetReport r = MergeGroup(group, base + "asg/" + asg, std::move(note));
    r.asset.name = asg;
    out.push_back(std::move(r));
  }
  for (auto& [sig, group] : by_signature) {
    if (group.size() == 1) {
      out.push_back(std::move(group[0].report));
      continue;
    }
    std::sort(group.begin(), group.end(), Represents);
    char hash[17];
    std::snprintf(hash, sizeof(hash), "%016llx", static_cast<unsigned long long>(Fnv1a(sig)));
    std::string note =
        "grouped without an aws:autoscaling:groupName tag: " + std::to_string(group.size()) +
        " instances with the same platform and an identical package set (the SSM "
        "sync has no AMI id), represented by " +
        group[0].report.asset.instance_id;
    out.push_back(MergeGroup(group, base + "group/" + hash, std::move(note)));
  }
  std::sort(out.begin(), out.end(), [](const model::AssetReport& a, const model::AssetReport& b) {
    return a.asset.key < b.asset.key;
  });
  return out;
}

}  // namespace

// ---- DirectoryObjectSource -------------------------------------------------------------

DirectoryObjectSource::DirectoryObjectSource(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

Result<std::vector<ObjectInfo>> DirectoryObjectSource::List(std::string_view prefix) {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return Fail(ErrorCode::kNotFound, root_ + ": not a directory");
  // Walk only the deepest folder the prefix names, as S3 would only scan that key range.
  size_t slash = prefix.rfind('/');
  std::string dir =
      slash == std::string_view::npos ? std::string() : std::string(prefix.substr(0, slash));
  fs::path start = dir.empty() ? fs::path(root_) : fs::path(root_) / dir;
  std::vector<ObjectInfo> out;
  if (!fs::is_directory(start, ec)) return out;
  fs::recursive_directory_iterator it(start, fs::directory_options::none, ec), end;
  if (ec) return Fail(ErrorCode::kIo, start.string() + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) return Fail(ErrorCode::kIo, start.string() + ": " + ec.message());
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    std::string key = it->path().lexically_relative(root_).generic_string();
    if (key.compare(0, prefix.size(), prefix) != 0) continue;
    out.push_back({std::move(key), static_cast<uint64_t>(it->file_size(ec))});
  }
  std::sort(out.begin(), out.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  return out;
}

Result<std::string> DirectoryObjectSource::Get(std::string_view key) {
  fs::path rel(key);
  for (const fs::path& part : rel) {
    if (part == ".." || rel.is_absolute())
      return Fail(ErrorCode::kInvalidInput,
                  "object key escapes the directory: " + std::string(key));
  }
  return io::ReadFile((fs::path(root_) / rel).string());
}

// ---- DebianSourcePackage ---------------------------------------------------------------

std::string DebianSourcePackage(std::string_view binary) {
  const auto& table = DebianSources();
  // Only ever shortens the name, so it terminates.
  std::string name(binary);
  while (true) {
    if (auto it = table.find(name); it != table.end()) return it->second;
    if (EndsWith(name, "t64")) {  // libssl3t64 → libssl3 (64-bit time_t transition).
      name.resize(name.size() - 3);
      continue;
    }
    bool stripped = false;
    for (std::string_view suffix :
         {"-dev", "-common", "-doc", "-dbg", "-data", "-bin", "-utils", "-tools"}) {
      if (EndsWith(name, suffix)) {
        name.resize(name.size() - suffix.size());
        stripped = true;
        break;
      }
    }
    if (!stripped) return name;
  }
}

// ---- AssembleSsm -----------------------------------------------------------------------

model::Collection AssembleSsm(std::vector<SsmPartition> partitions) {
  model::Collection col;
  col.source = "ssm";
  std::sort(partitions.begin(), partitions.end(), [](const SsmPartition& a, const SsmPartition& b) {
    return std::tie(a.account, a.region) < std::tie(b.account, b.region);
  });
  size_t instances = 0, terminated = 0, dropped = 0, unsupported = 0;
  for (SsmPartition& pr : partitions) {
    const std::string scope = "ssm:" + pr.account + ":" + pr.region;
    std::vector<Instance> found;
    for (auto& [id, node] : pr.nodes) {
      if (pr.tainted.count(id)) continue;
      if (!node.has_instance_information) {
        pr.errors.push_back(id +
                            ": AWS:Application/AWS:Tag objects without AWS:InstanceInformation");
        continue;
      }
      // Resource Data Sync keeps the files of deleted nodes (formats.md §1.1): a terminated
      // instance is left out, so the store retires it once the partition is covered.
      if (node.instance_status == "Terminated") {
        ++terminated;
        continue;
      }
      dropped += node.dropped_non_os;
      found.push_back(MakeInstance(pr, std::move(node)));
    }
    instances += found.size();
    for (model::AssetReport& r : Deduplicate(pr, std::move(found))) {
      // Visible on the sources page with the run, not only on the asset.
      // No OS means the platform was not one we map (a group's note says "auto-scaling
      // group", so the note cannot tell).
      if (!r.asset.os) {
        col.warnings.push_back(r.asset.key + ": unsupported platform: " +
                               (r.asset.platform.empty() ? "unknown" : r.asset.platform));
        ++unsupported;
      }
      col.assets.push_back(std::move(r));
      col.asset_scopes.push_back(scope);
    }
    if (pr.errors.empty()) {
      col.scopes.push_back(scope);
    } else {
      for (const std::string& e : pr.errors) col.errors.push_back(scope + ": " + e);
    }
  }
  col.stats["ssm.partitions"] = std::to_string(partitions.size());
  col.stats["ssm.instances"] = std::to_string(instances);
  col.stats["ssm.terminated"] = std::to_string(terminated);
  col.stats["ssm.non_os_dropped"] = std::to_string(dropped);
  col.stats["ssm.unsupported"] = std::to_string(unsupported);
  return col;
}

// ---- CollectSsm ------------------------------------------------------------------------

Result<model::Collection> CollectSsm(ObjectSource& source, const SsmOptions& options) {
  std::vector<std::string> errors;  // Discovery errors, ahead of the partitions' own.
  const std::string info_base = options.prefix + std::string(kInstanceInformation);
  auto region_wanted = [&](const std::string& r) {
    return options.regions.empty() || Contains(options.regions, r);
  };

  // 1. Partitions to read, with the InstanceInformation keys where a listing produced them.
  std::map<Partition, PartitionWork> work;
  auto add_listing = [&](const std::vector<ObjectInfo>& keys) {
    for (const ObjectInfo& o : keys) {
      std::optional<Partition> p = PartitionOf(std::string_view(o.key).substr(info_base.size()));
      if (!p || !region_wanted(p->region)) continue;
      if (!options.accounts.empty() && !Contains(options.accounts, p->account)) continue;
      auto& w = work[*p];
      if (!w.instance_keys) w.instance_keys.emplace();
      w.instance_keys->push_back(o);
    }
  };
  if (options.accounts.empty()) {
    Result<std::vector<ObjectInfo>> keys = source.List(info_base);
    if (!keys) return Fail(keys.error().WithContext("ssm: listing " + info_base));
    add_listing(*keys);
  } else {
    for (const std::string& account : options.accounts) {
      if (!options.regions.empty()) {
        for (const std::string& region : options.regions) work[{account, region}];
        continue;
      }
      std::string prefix = info_base + "accountid=" + account + "/";
      Result<std::vector<ObjectInfo>> keys = source.List(prefix);
      if (!keys) {
        errors.push_back("ssm:" + account + ": listing " + prefix + ": " + keys.error().message);
      } else if (keys->empty()) {
        errors.push_back("ssm:" + account + ": no AWS:InstanceInformation objects under " + prefix);
      } else {
        add_listing(*keys);
      }
    }
  }

  // 2. Each partition: read and join; then the shared assembly.
  ReadCounts counts;
  std::vector<SsmPartition> partitions;
  for (auto& [part, w] : work) {
    SsmPartition& pr = partitions.emplace_back();
    pr.account = part.account;
    pr.region = part.region;
    auto list = [&](std::string_view type) -> std::vector<ObjectInfo> {
      std::string prefix = options.prefix + std::string(type) + part.Path();
      Result<std::vector<ObjectInfo>> keys = source.List(prefix);
      if (!keys) {
        pr.errors.push_back("listing " + prefix + ": " + keys.error().message);
        return {};
      }
      return std::move(*keys);
    };
    std::vector<ObjectInfo> info_keys =
        w.instance_keys ? std::move(*w.instance_keys) : list(kInstanceInformation);
    std::vector<ObjectInfo> app_keys = list(kApplication);
    std::vector<ObjectInfo> tag_keys = list(kTag);
    if (info_keys.empty() && pr.errors.empty()) {
      // Asked for by account and region, and nothing there: a wrong region or a broken sync,
      // not proof that the instances are gone.
      pr.errors.push_back("no AWS:InstanceInformation objects under " + options.prefix +
                          std::string(kInstanceInformation) + part.Path());
    }
    ReadObjects(source, info_keys, pr, counts);
    ReadObjects(source, app_keys, pr, counts);
    ReadObjects(source, tag_keys, pr, counts);
  }
  model::Collection col = AssembleSsm(std::move(partitions));
  col.errors.insert(col.errors.begin(), std::make_move_iterator(errors.begin()),
                    std::make_move_iterator(errors.end()));
  col.stats["ssm.objects"] = std::to_string(counts.objects);
  col.stats["ssm.bytes"] = std::to_string(counts.bytes);
  return col;
}

}  // namespace vs::collectors
