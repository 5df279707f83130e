// EC2 fleet inventory from an AWS SSM Inventory Resource Data Sync (formats.md §1.1): the
// AWS:InstanceInformation, AWS:Application and AWS:Tag objects of the account/region
// partitions asked for, joined per instance, mapped to OS packages and de-duplicated by
// auto-scaling group. The objects come through an ObjectSource: a directory copy of the sync
// bucket here, S3 elsewhere. Not thread-safe: one CollectSsm per ObjectSource at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/asset.h"
#include "parsers/ssm_inventory.h"

namespace vs::collectors {

struct ObjectInfo {
  std::string key;  // Full key, '/'-separated: "AWS:Tag/accountid=…/region=…/…/i-0abc.json".
  uint64_t size = 0;
  bool operator==(const ObjectInfo&) const = default;
};

// A read-only key/value store of objects (an S3 bucket, or a directory standing in for one).
class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  // Every key that starts with `prefix` (a plain string prefix, as in S3 ListObjectsV2),
  // sorted. An empty result is not an error. Errors: kIo, kNetwork, kAuth.
  virtual Result<std::vector<ObjectInfo>> List(std::string_view prefix) = 0;
  // The object's bytes. Errors: kNotFound, kIo, kNetwork, kAuth.
  virtual Result<std::string> Get(std::string_view key) = 0;
};

// Objects are the regular files under `root`; a key is the path relative to it. Hidden
// entries (".…") are skipped.
class DirectoryObjectSource : public ObjectSource {
 public:
  explicit DirectoryObjectSource(std::string root);
  // Errors: kNotFound when the root is not a directory, kIo.
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override;
  Result<std::string> Get(std::string_view key) override;

 private:
  std::string root_;
};

struct SsmOptions {
  std::string prefix;                 // Key prefix of the sync ("" or "inventory/").
  std::vector<std::string> accounts;  // 12-digit ids, kept as strings; empty = all.
  std::vector<std::string> regions;   // Empty = all.
};

// Reads the partitions asked for and returns one Collection (source "ssm"):
// * Partitions are found by listing AWS:InstanceInformation/accountid=<id>/[region=<r>/]
//   (the whole type prefix only when no account is given). A partition named explicitly by
//   both an account and a region must have objects.
// * An instance is reported when its InstanceInformation exists and InstanceStatus is not
//   "Terminated"; a terminated one is left out so that the store retires it. Application or
//   Tag objects without InstanceInformation are an error for the partition.
// * Asset kind ec2, key "<account>/<region>/<instance-id>", name from the Name tag or the
//   computer name; OS from PlatformName/PlatformVersion; Debian/Ubuntu packages get their
//   source package (DebianSourcePackage). An unsupported platform keeps the asset with a note
//   and no inventory.
// * Instances sharing aws:autoscaling:groupName in one account+region become one asset
//   "<account>/<region>/asg/<name>" represented by the newest capture (tie: lowest instance
//   id), `members` listing all. Without that tag, instances with the same platform and an
//   identical, non-empty package set are grouped ("<account>/<region>/group/<hash>") and the
//   note says so (the sync has no AMI id).
// * Scopes: "ssm:<account>:<region>" for each partition read without error. A partition with
//   any error (listing, reading, a malformed object or line, missing InstanceInformation) is
//   reported in `errors` and left out of `scopes`; its readable instances are still reported
//   (their stored assets are then never retired by this run).
// Fails only when the partitions cannot be discovered at all (listing the top prefix fails).
Result<model::Collection> CollectSsm(ObjectSource& source, const SsmOptions& options);

// One account/region partition of a sync as a transport read it (objects of a bucket or a
// directory, or Athena rows): every record type merged per node.
struct SsmPartition {
  std::string account;
  std::string region;
  std::map<std::string, parsers::SsmNode> nodes;  // By resource id.
  std::set<std::string> tainted;    // Nodes with an unreadable or malformed record: left out.
  std::vector<std::string> errors;  // Any error leaves the partition out of `scopes`.
};

// The assembly CollectSsm and CollectSsmAthena share: instances from the nodes (terminated and
// tainted ones left out, a node without AWS:InstanceInformation an error), OS and source
// packages, auto-scaling de-duplication, scopes and per-partition errors, as documented at
// CollectSsm. Partitions are processed in (account, region) order. Stats: ssm.partitions,
// ssm.instances, ssm.terminated, ssm.non_os_dropped.
model::Collection AssembleSsm(std::vector<SsmPartition> partitions);

// The Debian source package of binary package `binary` (formats.md §3.4): the table derived
// from Debian 12's package index (src/collectors/data/README.md), then rules for names the
// table does not have — the "t64" suffix of the 64-bit time_t transition, then -dev, -common,
// -doc, -dbg, -data, -bin, -utils and -tools suffixes resolved through the table — else the
// binary name itself.
std::string DebianSourcePackage(std::string_view binary);

}  // namespace vs::collectors
