#include "parsers/trivy_metrics.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

#include "model/severity.h"

namespace vs::parsers {
namespace {

constexpr size_t kMaxWarnings = 1000;

constexpr std::string_view kExporterMetric = "trivy_vulnerabilities";
constexpr std::string_view kOperatorCveMetric = "trivy_vulnerability_id";
constexpr std::string_view kOperatorCountMetric = "trivy_image_vulnerabilities";
constexpr std::string_view kContainerInfoMetric = "kube_pod_container_info";

// trivy-operator `package_type` (Trivy's language analyzer types) → OSV ecosystem. OS package
// types are left out: their ecosystem needs the distribution release, which the metric lacks.
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kPackageTypes = {{
    {"bundler", "RubyGems"},
    {"cargo", "crates.io"},
    {"composer", "Packagist"},
    {"composer-vendor", "Packagist"},
    {"conan", "ConanCenter"},
    {"dotnet-core", "NuGet"},
    {"gemspec", "RubyGems"},
    {"gobinary", "Go"},
    {"gomod", "Go"},
    {"gradle", "Maven"},
    {"hex", "Hex"},
    {"jar", "Maven"},
    {"node-pkg", "npm"},
    {"npm", "npm"},
    {"nuget", "NuGet"},
    {"packages-props", "NuGet"},
    {"pip", "PyPI"},
    {"pipenv", "PyPI"},
    {"pnpm", "npm"},
    {"poetry", "PyPI"},
    {"pom", "Maven"},
    {"pub", "Pub"},
    {"python-pkg", "PyPI"},
    {"rustbinary", "crates.io"},
    {"yarn", "npm"},
}};

std::string_view PackageTypeEcosystem(std::string_view type) {
  for (const auto& [t, eco] : kPackageTypes)
    if (t == type) return eco;
  return {};
}

// When Prometheus scrapes a target that already has a `namespace` (or `pod`, …) target label and
// honor_labels is off, the exported label is renamed `exported_namespace`; that one describes
// the workload, the other the scraped pod.
std::string_view WorkloadLabel(std::span<const PromLabel> labels, std::string_view name) {
  for (const PromLabel& l : labels)
    if (l.name.size() == name.size() + 9 && l.name.starts_with("exported_") &&
        l.name.substr(9) == name)
      return l.value;
  return PromLabelValue(labels, name);
}

// "registry/x:tag@sha256:…" → "registry/x".
std::string Repository(std::string_view ref) {
  if (size_t at = ref.find('@'); at != std::string_view::npos) ref = ref.substr(0, at);
  size_t slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash))
    ref = ref.substr(0, colon);
  return std::string(ref);
}

// The manifest digest of a kube_pod_container_info image_id ("docker-pullable://repo@sha256:…",
// "repo@sha256:…"). A bare "sha256:…" is the image (config) id, not a pullable digest.
std::string DigestOf(std::string_view image_id) {
  size_t at = image_id.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string_view d = image_id.substr(at + 1);
  return d.find(':') == std::string_view::npos ? std::string() : std::string(d);
}

// kube-trivy-exporter's `image` label is Trivy's Target cut at the first space: the image
// reference for OS packages, but for language packages a lockfile or jar path
// ("usr/src/app/package-lock.json") or a type name ("Java", "Node.js").
bool LooksLikeImageReference(std::string_view s) {
  if (s.empty() || s.front() == '/') return false;
  for (char c : s)
    if ((c >= 'A' && c <= 'Z') || c == ' ') return false;  // Repositories are lower-case.
  if (s.find('@') != std::string_view::npos) return true;
  size_t slash = s.rfind('/');
  std::string_view last = slash == std::string_view::npos ? s : s.substr(slash + 1);
  if (last.find(':') != std::string_view::npos) return true;  // A tag.
  return last.find('.') == std::string_view::npos;            // "nginx", not "go.sum".
}

std::string FormatCount(double v) {
  char buf[32];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof(buf), "%.0f", v);
  else
    std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

}  // namespace

bool TrivyMetrics::IsRelevant(std::string_view metric) {
  return metric == kExporterMetric || metric == kOperatorCveMetric ||
         metric == kOperatorCountMetric || metric == kContainerInfoMetric;
}

void TrivyMetrics::Warn(std::string_view record, std::string reason) {
  if (warnings_.size() < kMaxWarnings)
    warnings_.push_back({std::string(record), std::move(reason)});
  else
    ++dropped_warnings_;
}

TrivyMetrics::Image& TrivyMetrics::ImageFor(const std::string& reference,
                                            const std::string& digest) {
  Image& img = images_[reference + "@" + digest];
  if (img.reference.empty()) {
    img.reference = reference;
    img.digest = digest;
  }
  return img;
}

void TrivyMetrics::Add(const PromSample& s, std::string_view record) {
  if (s.name == kExporterMetric) return AddExporter(s, record);
  if (s.name == kOperatorCveMetric) return AddOperator(s, record, true);
  if (s.name == kOperatorCountMetric) return AddOperator(s, record, false);
  if (s.name == kContainerInfoMetric) return AddContainer(s);
}

void TrivyMetrics::AddExporter(const PromSample& s, std::string_view record) {
  std::string_view image = PromLabelValue(s.labels, "image");
  std::string_view id = PromLabelValue(s.labels, "vulnerabilityId");
  if (image.empty() || id.empty()) {
    return Warn(record, "trivy_vulnerabilities without image or vulnerabilityId label");
  }
  if (!LooksLikeImageReference(image)) {
    Skipped& sk = lang_targets_[std::string(image)];
    if (sk.series++ == 0) sk.first_record = record;
    return;
  }
  // The namespace/pod labels of these series name the exporter's own pod, never the workload.
  std::string digest;
  if (size_t at = image.find('@'); at != std::string_view::npos) digest = image.substr(at + 1);
  Image& img = ImageFor(std::string(image), digest);
  if (!(s.value > 0)) return;  // Not a current vulnerability (the exporter always writes 1).
  model::ExternalFinding f;
  f.vulnerability_id = id;
  f.package.name = PromLabelValue(s.labels, "pkgName");
  f.package.version = PromLabelValue(s.labels, "installedVersion");
  f.fixed_version = PromLabelValue(s.labels, "fixedVersion");
  std::string_view sev = PromLabelValue(s.labels, "severity");
  if (std::optional<model::Severity> parsed = model::ParseSeverity(sev)) {
    f.severity = *parsed;
  } else {
    Warn(record, "unknown severity \"" + std::string(sev) + "\" of " + f.vulnerability_id);
  }
  f.external_id = f.vulnerability_id + "/" + f.package.name + "@" + f.package.version;
  img.findings.try_emplace(f.external_id, std::move(f));
}

void TrivyMetrics::AddOperator(const PromSample& s, std::string_view record, bool per_cve) {
  std::string_view registry = PromLabelValue(s.labels, "image_registry");
  std::string_view repository = PromLabelValue(s.labels, "image_repository");
  std::string_view tag = PromLabelValue(s.labels, "image_tag");
  std::string digest(PromLabelValue(s.labels, "image_digest"));
  if (repository.empty()) return Warn(record, std::string(s.name) + " without image_repository");
  std::string ref = registry.empty() ? std::string(repository)
                                     : std::string(registry) + "/" + std::string(repository);
  if (!tag.empty())
    ref += ":" + std::string(tag);
  else if (!digest.empty())
    ref += "@" + digest;
  Image& img = ImageFor(ref, digest);
  std::string_view ns = WorkloadLabel(s.labels, "namespace");
  std::string_view kind = PromLabelValue(s.labels, "resource_kind");
  std::string_view name = PromLabelValue(s.labels, "resource_name");
  if (!ns.empty()) img.namespaces.emplace(ns);
  if (!kind.empty() && !name.empty())
    img.workloads.insert(std::string(ns) + "/" + std::string(kind) + "/" + std::string(name));

  std::string_view sev = PromLabelValue(s.labels, "severity");
  std::optional<model::Severity> severity = model::ParseSeverity(sev);
  if (!severity) Warn(record, "unknown severity \"" + std::string(sev) + "\"");
  if (!per_cve) {
    // A count per severity, not a finding: kept on the asset so an image whose per-CVE metric
    // is off (trivy-operator's default) still shows its totals.
    if (!severity || !(s.value >= 0)) return;
    double& count = img.counts[std::string(model::SeverityName(*severity))];
    count = std::max(count, s.value);  // Each workload running the image repeats its summary.
    return;
  }
  std::string_view id = PromLabelValue(s.labels, "vuln_id");
  if (id.empty()) return Warn(record, "trivy_vulnerability_id without vuln_id");
  if (!(s.value > 0)) return;
  model::ExternalFinding f;
  f.vulnerability_id = id;
  f.severity = severity.value_or(model::Severity::kUnknown);
  f.package.name = PromLabelValue(s.labels, "resource");
  f.package.version = PromLabelValue(s.labels, "installed_version");
  f.package.location = PromLabelValue(s.labels, "pkg_path");
  f.package.ecosystem = PackageTypeEcosystem(PromLabelValue(s.labels, "package_type"));
  f.fixed_version = PromLabelValue(s.labels, "fixed_version");
  f.summary = PromLabelValue(s.labels, "vuln_title");
  std::string_view score = PromLabelValue(s.labels, "vuln_score");
  double v = -1;
  auto [end, ec] = std::from_chars(score.data(), score.data() + score.size(), v);
  if (!score.empty() && ec == std::errc() && end == score.data() + score.size() && v >= 0 &&
      v <= 10) {
    f.cvss_score = v;
  } else if (!score.empty()) {
    Warn(record, "invalid vuln_score \"" + std::string(score) + "\" of " + f.vulnerability_id);
  }
  f.external_id = f.vulnerability_id + "/" + f.package.name + "@" + f.package.version;
  if (!f.package.location.empty()) f.external_id += " in " + f.package.location;
  img.findings.try_emplace(f.external_id, std::move(f));
}

void TrivyMetrics::AddContainer(const PromSample& s) {
  Container c;
  c.ns = WorkloadLabel(s.labels, "namespace");
  c.pod = WorkloadLabel(s.labels, "pod");
  c.image = PromLabelValue(s.labels, "image");
  c.image_spec = PromLabelValue(s.labels, "image_spec");
  c.image_id = PromLabelValue(s.labels, "image_id");
  if (c.image.empty() && c.image_spec.empty()) return;
  containers_.push_back(std::move(c));
}

void TrivyMetrics::Finish(model::Batch& batch) {
  struct Out {
    model::AssetReport report;
    std::map<std::string, double> counts;
    std::map<std::string, model::ExternalFinding> findings;
  };
  std::map<std::string, Out> out;
  for (auto& [_, img] : images_) {
    // kube_pod_container_info rows running this image, by reference (tag form) or digest.
    std::vector<const Container*> matched;
    for (const Container& c : containers_) {
      if (c.image == img.reference || c.image_spec == img.reference ||
          (!img.digest.empty() && DigestOf(c.image_id) == img.digest))
        matched.push_back(&c);
    }
    std::string digest = img.digest;
    std::string note;
    if (digest.empty()) {
      std::set<std::string> digests;
      for (const Container* c : matched)
        if (std::string d = DigestOf(c->image_id); !d.empty()) digests.insert(d);
      if (digests.size() == 1) {
        digest = *digests.begin();
      } else if (digests.size() > 1) {
        // A moving tag: which digest was scanned is unknown, so the asset stays the tag.
        note = "the tag runs as " + std::to_string(digests.size()) +
               " digests in the cluster; kept as the reference";
      }
    }
    for (const Container* c : matched) {
      if (!c->ns.empty()) img.namespaces.insert(c->ns);
      if (!c->ns.empty() && !c->pod.empty()) img.workloads.insert(c->ns + "/Pod/" + c->pod);
    }
    std::string key = digest.empty() ? img.reference : Repository(img.reference) + "@" + digest;
    Out& o = out[key];
    model::Asset& a = o.report.asset;
    if (a.key.empty()) {
      a.kind = model::AssetKind::kImage;
      a.key = key;
      a.name = img.reference;
      a.image = img.reference;
      a.digest = digest;
      a.note = note;
    }
    for (const std::string& ns : img.namespaces)
      if (std::find(a.namespaces.begin(), a.namespaces.end(), ns) == a.namespaces.end())
        a.namespaces.push_back(ns);
    for (const std::string& w : img.workloads)
      if (std::find(a.workloads.begin(), a.workloads.end(), w) == a.workloads.end())
        a.workloads.push_back(w);
    for (const auto& [sev, n] : img.counts) o.counts[sev] = std::max(o.counts[sev], n);
    if (o.findings.empty()) {
      o.findings = std::move(img.findings);
    } else {
      for (auto& [id, f] : img.findings) o.findings.try_emplace(id, std::move(f));
    }
  }
  for (auto& [key, o] : out) {
    model::AssetReport& r = o.report;
    std::sort(r.asset.namespaces.begin(), r.asset.namespaces.end());
    std::sort(r.asset.workloads.begin(), r.asset.workloads.end());
    for (auto& [_, f] : o.findings) r.findings.push_back(std::move(f));
    double counted = 0;
    for (const auto& [sev, n] : o.counts) {
      r.asset.tags["trivy_operator." + sev] = FormatCount(n);
      counted += n;
    }
    if (r.findings.empty() && counted > 0) {
      r.asset.note = FormatCount(counted) +
                     " vulnerabilities reported by trivy-operator as counts only (tags "
                     "trivy_operator.*); enable OPERATOR_METRICS_VULN_ID_ENABLED for findings";
    }
    batch.reports.push_back(std::move(r));
  }
  for (const auto& [target, sk] : lang_targets_) {
    Warn(sk.first_record, "trivy_vulnerabilities: \"" + target +
                              "\" is a language-package target, not an image (kube-trivy-exporter "
                              "drops the image of those): " +
                              std::to_string(sk.series) + " series skipped");
  }
  for (model::Warning& w : warnings_) batch.warnings.push_back(std::move(w));
  if (dropped_warnings_ > 0)
    batch.warnings.push_back({"", std::to_string(dropped_warnings_) + " more warnings not listed"});
  dropped_warnings_ = 0;
  images_.clear();
  containers_.clear();
  lang_targets_.clear();
  warnings_.clear();
}

}  // namespace vs::parsers
