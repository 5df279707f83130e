#include "parsers/ssm_inventory.h"

#include <algorithm>
#include <array>
#include <string>

#include <simdjson.h>

#include "parsers/os_release.h"

namespace vs::parsers {
namespace {

constexpr std::string_view kKey = "ssm_inventory";
constexpr std::string_view kAsgTag = "aws:autoscaling:groupName";

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// PlatformName (os-release NAME, formats.md §1.2 table) → os-release ID. Sorted by name.
struct Platform {
  std::string_view name;
  std::string_view id;
};
constexpr std::array kPlatforms = {
    Platform{"AlmaLinux", "almalinux"},
    Platform{"Amazon Linux", "amzn"},
    Platform{"CentOS Linux", "centos"},
    Platform{"CentOS Stream", "centos"},
    Platform{"Debian GNU/Linux", "debian"},
    Platform{"Red Hat Enterprise Linux", "rhel"},
    Platform{"Red Hat Enterprise Linux Server", "rhel"},
    Platform{"Rocky Linux", "rocky"},
    Platform{"Ubuntu", "ubuntu"},
};

// "name-version-release" split at its last two hyphens (rpm forbids hyphens in version and
// release): "openssl-1.0.2k-24.amzn2.0.4" → openssl, 1.0.2k, 24.amzn2.0.4.
struct Nvr {
  std::string_view name, version, release;
};
std::optional<Nvr> SplitSourceRpm(std::string_view srpm) {
  for (std::string_view suffix : {".src.rpm", ".nosrc.rpm"}) {
    if (srpm.size() <= suffix.size() || srpm.substr(srpm.size() - suffix.size()) != suffix)
      continue;
    std::string_view s = srpm.substr(0, srpm.size() - suffix.size());
    size_t r = s.rfind('-');
    if (r == std::string_view::npos || r == 0 || r + 1 == s.size()) return std::nullopt;
    size_t v = s.rfind('-', r - 1);
    if (v == std::string_view::npos || v == 0 || v + 1 == r) return std::nullopt;
    return Nvr{s.substr(0, v), s.substr(v + 1, r - v - 1), s.substr(r + 1)};
  }
  return std::nullopt;
}

std::string Evr(std::string_view epoch, std::string_view version, std::string_view release) {
  std::string out;
  if (!epoch.empty() && epoch != "0" && epoch != "(none)") out.append(epoch).push_back(':');
  out.append(version);
  if (!release.empty()) out.append("-").append(release);
  return out;
}

// String attribute, "" when absent or not a string (the sync writes every value as a string).
std::string_view Str(simdjson::dom::object o, std::string_view key) {
  std::string_view v;
  if (o[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}
bool Has(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  return o[key].get(e) == simdjson::SUCCESS;
}

// Builds nodes keyed by resource id while records stream in.
class Builder {
 public:
  void Add(simdjson::dom::object o, const std::string& record) {
    std::string_view id = Trim(Str(o, "resourceId"));
    if (id.empty()) {
      warnings_.push_back({record, "record without resourceId"});
      return;
    }
    bool app = Has(o, "Name") && Has(o, "Version");
    bool info = Has(o, "InstanceId") || Has(o, "PlatformName") || Has(o, "InstanceStatus");
    bool tag = Has(o, "Key");
    if (!app && !info && !tag) {
      warnings_.push_back({record,
                           "not an AWS:Application, AWS:InstanceInformation or "
                           "AWS:Tag record; skipped"});
      return;
    }
    SsmNode& node = nodes_[std::string(id)];
    node.resource_id = std::string(id);
    std::string_view capture = Str(o, "captureTime");
    if (capture > node.capture_time) node.capture_time = std::string(capture);
    if (info) {
      node.has_instance_information = true;
      node.instance_status = Str(o, "InstanceStatus");
      node.platform_name = Trim(Str(o, "PlatformName"));
      node.platform_version = Trim(Str(o, "PlatformVersion"));
      node.platform_type = Str(o, "PlatformType");
      node.computer_name = Str(o, "ComputerName");
      node.ip_address = Str(o, "IpAddress");
    } else if (tag) {
      node.tags[std::string(Str(o, "Key"))] = std::string(Str(o, "Value"));
    } else {
      AddApplication(node, o, record);
    }
  }

  SsmObject Finish() {
    SsmObject out;
    for (auto& [id, node] : nodes_) {
      if (std::optional<model::OsInfo> os =
              SsmPlatformOs(node.platform_name, node.platform_version)) {
        for (model::Package& p : node.packages) p.ecosystem = os->ecosystem;
      }
      out.nodes.push_back(std::move(node));
    }
    out.warnings = std::move(warnings_);
    return out;
  }

  std::vector<model::Warning>& warnings() { return warnings_; }

 private:
  void AddApplication(SsmNode& node, simdjson::dom::object o, const std::string& record) {
    node.has_applications = true;
    std::string_view name = Trim(Str(o, "Name"));
    std::string_view version = Trim(Str(o, "Version"));
    std::string_view arch = Str(o, "Architecture");
    std::string_view package_id = Str(o, "PackageId");
    // Checked first: a record with a Name of the wrong type must taint its node, not pass for
    // a snap entry below.
    if (name.empty() || version.empty()) {
      warnings_.push_back({record, "application without Name or Version"});
      return;
    }
    // `snap list` output appended on Ubuntu (amazon-ssm-agent dataProvider_unix.go
    // parseSnapOutput): no Architecture and no PackageId, which rpm and dpkg records always
    // have. Not OS packages: no distro advisory covers them.
    if (arch.empty() && package_id.empty()) {
      ++node.dropped_non_os;
      return;
    }
    if (name == "gpg-pubkey") {  // An imported rpm signing key, not software.
      ++node.dropped_non_os;
      return;
    }
    model::Package p;
    p.name = std::string(name);
    p.arch = std::string(arch);
    bool deb = package_id.size() > 4 && package_id.substr(package_id.size() - 4) == ".deb";
    if (deb) {
      // dpkg: Version is the full Debian version (epoch and revision included); the source
      // package is not collected (formats.md §3.4) and is mapped by the collector.
      p.version = std::string(version);
    } else {
      std::string_view epoch = Str(o, "Epoch");
      p.version = Evr(epoch, version, Str(o, "Release"));
      if (std::optional<Nvr> src = SplitSourceRpm(package_id)) {
        p.source_name = std::string(src->name);
        std::string source_version = Evr(epoch, src->version, src->release);
        // The SRPM name has no epoch; a binary inherits its source package's epoch.
        if (source_version != p.version) p.source_version = std::move(source_version);
      }
    }
    node.packages.push_back(std::move(p));
  }

  std::map<std::string, SsmNode> nodes_;
  std::vector<model::Warning> warnings_;
};

Result<SsmObject> ParseArray(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (auto err = parser.parse(body.data(), body.size(), true).get_array().get(items);
      err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": not a JSON array: " + simdjson::error_message(err));
  }
  Builder b;
  size_t index = 0;
  for (simdjson::dom::element e : items) {
    std::string record = "[" + std::to_string(index++) + "]";
    simdjson::dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) {
      b.warnings().push_back({record, "not a JSON object"});
      continue;
    }
    b.Add(o, record);
  }
  return b.Finish();
}

Result<SsmObject> ParseLines(std::string_view body) {
  simdjson::dom::parser parser;
  Builder b;
  size_t line_no = 0, objects = 0, non_empty = 0;
  while (!body.empty()) {
    size_t nl = body.find('\n');
    std::string_view line = Trim(body.substr(0, nl));
    body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
    ++line_no;
    if (line.empty()) continue;
    ++non_empty;
    std::string record = "line " + std::to_string(line_no);
    simdjson::dom::element e;
    if (auto err = parser.parse(line.data(), line.size(), true).get(e); err != simdjson::SUCCESS) {
      b.warnings().push_back(
          {record, std::string("truncated or malformed JSON: ") + simdjson::error_message(err)});
      continue;
    }
    simdjson::dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) {
      b.warnings().push_back({record, "not a JSON object"});
      continue;
    }
    ++objects;
    b.Add(o, record);
  }
  if (non_empty > 0 && objects == 0) {
    return Fail(ErrorCode::kInvalidInput,
                std::string(kKey) + ": no line is a JSON object (" +
                    (b.warnings().empty() ? std::string("?") : b.warnings().front().reason) + ")");
  }
  return b.Finish();
}

}  // namespace

std::optional<model::OsInfo> SsmPlatformOs(std::string_view platform_name,
                                           std::string_view platform_version) {
  platform_name = Trim(platform_name);
  platform_version = Trim(platform_version);
  auto it = std::lower_bound(kPlatforms.begin(), kPlatforms.end(), platform_name,
                             [](const Platform& p, std::string_view n) { return p.name < n; });
  if (it == kPlatforms.end() || it->name != platform_name || platform_version.empty())
    return std::nullopt;
  // Amazon Linux: only 2 and 2023 have advisories we match ("Amazon Linux AMI" 2018.03 and
  // 2022 previews do not).
  if (it->id == "amzn" && platform_version != "2" && platform_version != "2023")
    return std::nullopt;
  return OsInfoFor(it->id, platform_version);
}

int SniffSsmInventory(std::string_view head, std::string_view) {
  head = Trim(head);
  if (head.empty() || (head.front() != '{' && head.front() != '[')) return 0;
  if (head.find("\"resourceId\"") == std::string_view::npos) return 0;
  if (head.find("\"captureTime\"") == std::string_view::npos &&
      head.find("\"schemaVersion\"") == std::string_view::npos)
    return 0;
  for (std::string_view attr :
       {"\"PackageId\"", "\"PlatformName\"", "\"InstanceId\"", "\"Key\"", "\"ApplicationType\""}) {
    if (head.find(attr) != std::string_view::npos) return 85;
  }
  return 0;
}

Result<SsmObject> ParseSsmObject(std::string_view bytes) {
  std::string_view body = Trim(bytes);
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body = Trim(body.substr(3));
  if (body.empty()) return SsmObject{};
  if (body.front() == '[') return ParseArray(body);
  return ParseLines(body);
}

Result<model::Batch> ParseSsmInventory(std::string_view bytes) {
  Result<SsmObject> object = ParseSsmObject(bytes);
  if (!object) return Fail(object.error());
  model::Batch batch;
  for (SsmNode& node : object->nodes) {
    model::AssetReport r;
    r.asset.kind = model::AssetKind::kEc2;
    r.asset.key = node.resource_id;
    r.asset.instance_id = node.resource_id;
    auto name = node.tags.find("Name");
    r.asset.name =
        name != node.tags.end() && !name->second.empty() ? name->second : node.computer_name;
    if (!node.platform_name.empty()) {
      r.asset.platform = node.platform_name;
      if (!node.platform_version.empty()) r.asset.platform += " " + node.platform_version;
    }
    r.asset.os = SsmPlatformOs(node.platform_name, node.platform_version);
    if (auto asg = node.tags.find(std::string(kAsgTag)); asg != node.tags.end())
      r.asset.asg = asg->second;
    r.asset.tags = std::move(node.tags);
    r.has_inventory = node.has_applications;
    r.packages = std::move(node.packages);
    batch.reports.push_back(std::move(r));
  }
  batch.warnings = std::move(object->warnings);
  return batch;
}

}  // namespace vs::parsers
