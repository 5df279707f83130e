// AWS SSM Inventory objects as a Resource Data Sync writes them (formats.md §1.2): JSON lines
// (or a JSON array) of AWS:Application, AWS:InstanceInformation and AWS:Tag records, each
// naming its managed node in `resourceId`. One object → one AssetReport per node.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// What the records of one object (or several, merged by the collector) say about one node.
struct SsmNode {
  std::string resource_id;   // "i-0abc…" (EC2) or "mi-…" (hybrid).
  std::string capture_time;  // Newest captureTime seen ("2024-05-01T03:00:12Z"), "" if none.
  // AWS:InstanceInformation, when a record of that type was present.
  bool has_instance_information = false;
  std::string instance_status;  // Active | ConnectionLost | Stopped | Terminated.
  std::string platform_name;    // os-release NAME: "Amazon Linux", "Ubuntu".
  std::string platform_version;
  std::string platform_type;  // Linux | Windows | MacOS.
  std::string computer_name;
  std::string ip_address;
  // AWS:Tag: Key → Value, system tags (aws:autoscaling:groupName) included.
  std::map<std::string, std::string> tags;
  // AWS:Application: true when at least one record was present (snaps included).
  bool has_applications = false;
  // OS packages only: snaps and other non-package records are dropped (counted below). The
  // ecosystem is set only when this node's platform is known and supported.
  std::vector<model::Package> packages;
  size_t dropped_non_os = 0;
};

struct SsmObject {
  std::vector<SsmNode> nodes;  // Sorted by resource_id.
  std::vector<model::Warning> warnings;
};

// The OS that SSM's PlatformName / PlatformVersion (os-release NAME / VERSION_ID) names, with
// its OSV ecosystem: Amazon Linux 2 and 2023, Ubuntu, Debian, RHEL, Rocky, AlmaLinux, CentOS.
// nullopt for anything else (Windows, SLES, Amazon Linux AMI 2018.03, …).
std::optional<model::OsInfo> SsmPlatformOs(std::string_view platform_name,
                                           std::string_view platform_version);

// Parses one sync object. Lines that are not JSON objects (truncated, malformed), records
// without a resourceId and records of no known type are skipped with a warning ("line 7").
// Fails (kInvalidInput) when a JSON array document does not parse, or when no line of a
// non-empty document is a JSON object.
Result<SsmObject> ParseSsmObject(std::string_view bytes);

// Confidence that `head` is an SSM sync object: JSON records with resourceId plus captureTime
// or schemaVersion and an attribute of one of the three types (85).
int SniffSsmInventory(std::string_view head, std::string_view file_name);

// ParseSsmObject as a Batch: one AssetReport per node (kind ec2, key = instance_id = the
// resourceId — the collector, which knows account and region, rewrites the key), name from the
// Name tag else ComputerName, platform "<PlatformName> <PlatformVersion>", os, tags and asg;
// has_inventory when the object had AWS:Application records. Packages keep an empty
// ecosystem when the object does not say which (supported) OS the node runs.
Result<model::Batch> ParseSsmInventory(std::string_view bytes);

}  // namespace vs::parsers
