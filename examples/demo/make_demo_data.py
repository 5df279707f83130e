#!/usr/bin/env python3
"""Builds the sample data of `vulnscope demo` (this folder) from the project's real data set.

Usage: make_demo_data.py DATA_DIR [FIXTURES_DIR]
  DATA_DIR      the real data set (osv/, distro/, kev/, exploitdb/, poc/, inventories/)
  FIXTURES_DIR  the format samples (ssm-sync/, distro/, vuls/, github/, intel/);
                default DATA_DIR/../fixtures/formats

Run by hand only, never by the build, the tests or the demo: its OUTPUT is committed and
SOURCE.md says what each file is. The output is deterministic (sorted inputs, fixed times,
tar/gzip headers without dates), so re-running it on the same inputs changes nothing.

What it writes:
  feeds/      advisories (OSV, ALAS updateinfo) naming a package of the inventories below, and
              the CISA KEV / Exploit-DB / PoC / EPSS records of the CVEs they carry
  ssm-sync.tar.gz   an SSM Resource Data Sync tree: three AWS accounts, auto-scaling groups,
              Rocky Linux 9, CentOS 8, Amazon Linux 2 / 2023 and Ubuntu hosts
  repos/      lockfiles, SBOMs and Dependabot alert pages, imported as repository assets
  images/     Trivy JSON package reports of container images + kube-state-metrics
              kube_pod_container_info placing them in Kubernetes namespaces
  manifest.json     what `vulnscope demo` imports, in order, under which asset names
"""
import csv, gzip, io, json, os, re, shutil, sys, tarfile

DATA = os.path.abspath(sys.argv[1])
FIX = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(DATA, "..", "fixtures", "formats"))
OUT = os.path.dirname(os.path.abspath(__file__))
INV = os.path.join(DATA, "inventories")
CAPTURE = "2025-08-20T03:00:12Z"  # One capture time for the whole fleet: deterministic output.


def pep503(n):
    return re.sub(r"[-_.]+", "-", n).lower()


def write_gz(path, data):
    """gzip without a file name or date in the header, so the bytes depend on the content only."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as g:
        g.write(data.encode() if isinstance(data, str) else data)


def reset(sub):
    path = os.path.join(OUT, sub)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


# ---------------------------------------------------------------- inventories (real package lists)

def rpm_rows(image):
    with open(os.path.join(INV, "rpm", image + ".csv"), newline="") as f:
        return list(csv.DictReader(f))


def srpm_name(srpm):
    return re.sub(r"-[^-]+-[^-]+\.src\.rpm$", "", srpm)


ROCKY9 = rpm_rows("rockylinux9")
CENTOS8 = rpm_rows("centos8-modularitylabel")

def read_requirements(name):
    out = []
    for line in open(os.path.join(INV, "lockfiles", name), encoding="utf-8-sig"):
        line = line.split("#")[0].strip()
        if "==" in line:
            n, v = line.split("==", 1)
            out.append((n.strip(), v.strip().split(";")[0].strip()))
    return out

PYGOAT_2021 = read_requirements("pygoat-2021-04-requirements.txt")
PYGOAT_2023 = read_requirements("pygoat-2023-03-requirements.txt")

NODEGOAT_LOCK = json.load(open(os.path.join(INV, "lockfiles", "nodegoat-2020-04-package-lock.json")))

def lock_packages(lock):
    out = set()
    def walk(deps):
        for k, v in deps.items():
            if "version" in v:
                out.add((k, v["version"]))
            walk(v.get("dependencies", {}))
    walk(lock.get("dependencies", {}))
    return sorted(out)

NODEGOAT = lock_packages(NODEGOAT_LOCK)

def go_mod_requires(path):
    out, block = [], False
    for line in open(path):
        s = line.split("//")[0].strip()
        if s.startswith("require ("):
            block = True
            continue
        if block and s == ")":
            block = False
            continue
        parts = s.split()
        if block and len(parts) >= 2:
            out.append((parts[0], parts[1]))
        elif len(parts) >= 3 and parts[0] == "require":
            out.append((parts[1], parts[2]))
    return out

CADDY_MOD = go_mod_requires(os.path.join(INV, "lockfiles", "caddy-v2.0.0-go.mod"))
CADDY_SUM = sorted({(l.split()[0], l.split()[1].split("/")[0]) for l in open(os.path.join(INV, "lockfiles", "caddy-v2.0.0-go.sum")) if l.strip()})

SBOMS = {
    "keycloak": "cyclonedx-example-keycloak-10.0.2_bom.json",
    "dropwizard": "cyclonedx-example-dropwizard-1.3.15_bom.json",
    "juice-shop": "cyclonedx-example-juice-shop_v11.1.2_bom.json",
    "laravel": "cyclonedx-example-laravel-7.12.0_bom.1.4.json",
    "proton-bridge": "cyclonedx-example-proton-bridge_proton-bridge-v1.6.3.bom.json",
}
SBOM = {k: json.load(open(os.path.join(INV, "sbom", v))) for k, v in SBOMS.items()}

def purl_parts(purl):
    """pkg:maven/group/artifact@1.0?x → ("maven", "group/artifact", "1.0")."""
    m = re.match(r"pkg:([^/]+)/([^@?#]+)@([^?#]+)", purl or "")
    if not m:
        return None
    from urllib.parse import unquote
    return m.group(1), unquote(m.group(2)), unquote(m.group(3))

def sbom_packages(bom):
    out = []
    for c in bom.get("components", []):
        p = purl_parts(c.get("purl"))
        if p:
            out.append(p)
    return out

# The fixture hosts: a real-shaped Amazon Linux 2 and Ubuntu 22.04 SSM inventory, and an Amazon
# Linux 2023 package list from a Vuls server request (formats.md §1.2, §3).
SSM_FIX = os.path.join(FIX, "ssm-sync")
def fixture_lines(kind, node):
    path = os.path.join(SSM_FIX, kind, "accountid=123456789012", "region=ap-northeast-1",
                        "resourcetype=ManagedInstanceInventory", node + ".json")
    return [json.loads(l) for l in open(path) if l.strip()]

AL2_APPS = fixture_lines("AWS:Application", "i-0abc1234def567890")
UBUNTU_APPS = fixture_lines("AWS:Application", "i-0def5678abc901234")

def al2023_apps():
    body = open(os.path.join(FIX, "vuls", "vuls-server-request-amazon2023.txt")).read().split("\n\n", 1)[1]
    apps = []
    for line in body.splitlines():
        f = line.split()
        if len(f) < 6:
            continue
        name, epoch, ver, rel, arch, srpm = f[:6]
        apps.append({"Name": name, "Publisher": "Amazon Linux", "Version": ver, "Release": rel,
                     "Epoch": "" if epoch == "0" else epoch, "Architecture": arch, "PackageId": srpm})
    return apps

AL2023_APPS = al2023_apps()

def rpm_apps(rows):
    apps = []
    for r in rows:
        a = {"Name": r["name"], "Publisher": r["vendor"], "Version": r["version"],
             "Release": r["release"], "Epoch": r["epoch"], "Architecture": r["arch"],
             "Summary": r["summary"], "PackageId": r["sourcerpm"]}
        apps.append({k: v for k, v in a.items() if v != "" or k == "Epoch"})
    return apps

# ---------------------------------------------------------------- which advisories to keep

names = set()  # (ecosystem, normalised name)
for n, _ in PYGOAT_2021 + PYGOAT_2023:
    names.add(("PyPI", pep503(n)))
for n, _ in NODEGOAT:
    names.add(("npm", n.lower()))
for m, _ in CADDY_SUM + CADDY_MOD:
    names.add(("Go", m))
for key, bom in SBOM.items():
    for typ, name, _ in sbom_packages(bom):
        if typ == "npm":
            names.add(("npm", name.lower()))
        elif typ == "maven":
            names.add(("Maven", name.replace("/", ":")))
        elif typ == "golang":
            names.add(("Go", name))
for rows, eco in ((ROCKY9, "AlmaLinux:9"), (CENTOS8, "AlmaLinux:8")):
    for r in rows:
        names.add((eco, r["name"]))
        names.add((eco, srpm_name(r["sourcerpm"])))


def osv_wanted(rec):
    for a in rec.get("affected", []):
        p = a.get("package", {})
        full = p.get("ecosystem", "")
        eco = full if full.startswith("AlmaLinux") else full.split(":")[0]
        n = p.get("name", "")
        key = pep503(n) if eco == "PyPI" else n.lower() if eco == "npm" else n
        if (eco, key) in names:
            return True
    return False


cves = set()
def note_cves(ids):
    for i in ids:
        if isinstance(i, str) and i.startswith("CVE-"):
            cves.add(i)


feeds = reset("feeds")
counts = {}

def osv_subset(src, dst):
    kept = []
    with gzip.open(os.path.join(DATA, src), "rt") as f:
        for line in f:
            rec = json.loads(line)
            if osv_wanted(rec):
                kept.append((rec["id"], json.dumps(rec, sort_keys=True)))
                note_cves([rec["id"]] + rec.get("aliases", []) + rec.get("upstream", []) + rec.get("related", []))
    kept.sort()
    write_gz(os.path.join(feeds, dst), "".join(line + "\n" for _, line in kept))
    counts[dst] = len(kept)

osv_subset("osv/pypi-pypa-advisory-database.jsonl.gz", "osv-pypi-subset.jsonl.gz")
osv_subset("osv/go-vulndb.jsonl.gz", "osv-go-subset.jsonl.gz")
osv_subset("osv/ghsa-reviewed-curated.jsonl.gz", "ghsa-npm-maven-curated.jsonl.gz")
osv_subset("distro/almalinux/almalinux-osv.jsonl.gz", "almalinux-8-9-subset.jsonl.gz")

# Legacy npm (Node Security WG) and victims (Maven) records name packages their own way.
npm_wg = []
with gzip.open(os.path.join(DATA, "legacy/npm-nodejs-security-wg.jsonl.gz"), "rt") as f:
    for line in f:
        rec = json.loads(line)
        if ("npm", str(rec.get("module_name", "")).lower()) in names:
            npm_wg.append(rec)
            note_cves(rec.get("cves", []))
victims = []
with gzip.open(os.path.join(DATA, "legacy/victims-cve-db-java-python.jsonl.gz"), "rt") as f:
    for line in f:
        rec = json.loads(line)
        for a in rec.get("affected", []):
            if ("Maven", "%s:%s" % (a.get("groupId"), a.get("artifactId"))) in names:
                victims.append(rec)
                c = str(rec.get("cve", ""))
                note_cves(["CVE-" + c if c and not c.startswith("CVE-") else c])
                break


def write_tar_gz(path, members):
    """members: [(name, bytes)]; fixed owner, mode and time so the archive is reproducible."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        dirs = set()
        for name, data in sorted(members):
            parts = name.split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in dirs:
                    dirs.add(d)
                    ti = tarfile.TarInfo(d)
                    ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, 0
                    tar.addfile(ti)
            ti = tarfile.TarInfo(name)
            ti.size, ti.mode, ti.mtime = len(data), 0o644, 0
            tar.addfile(ti, io.BytesIO(data))
    write_gz(path, buf.getvalue())

write_gz(os.path.join(feeds, "npm-security-wg-subset.jsonl.gz"),
         "".join(json.dumps(r, sort_keys=True) + "\n" for r in sorted(npm_wg, key=lambda r: r["id"])))
counts["npm-security-wg-subset.jsonl.gz"] = len(npm_wg)
write_gz(os.path.join(feeds, "victims-java-subset.jsonl.gz"),
         "".join(json.dumps(r, sort_keys=True) + "\n" for r in sorted(victims, key=lambda r: str(r.get("cve")))))
counts["victims-java-subset.jsonl.gz"] = len(victims)

# Amazon Linux: the data set has no ALAS feed; the two real updateinfo samples are all there is.
for src, dst in (("updateinfo-sample.xml", "alas2-updateinfo-sample.xml"),
                 ("updateinfo-al2023-sample.xml", "alas2023-updateinfo-sample.xml")):
    text = open(os.path.join(FIX, "distro", src)).read()
    note_cves(re.findall(r'id="(CVE-\d+-\d+)"', text))
    shutil.copyfile(os.path.join(FIX, "distro", src), os.path.join(feeds, dst))

# Dependabot alerts carry their own CVEs (Log4Shell among them).
repos = reset("repos")
for page in ("dependabot-alerts-page1.json", "dependabot-alerts-page2.json"):
    text = open(os.path.join(FIX, "github", page)).read()
    note_cves(re.findall(r'"(CVE-\d+-\d+)"', text))
    shutil.copyfile(os.path.join(FIX, "github", page), os.path.join(repos, "example-org-" + page))

# Exploit intelligence for exactly those CVEs.
kev = json.load(open(os.path.join(DATA, "kev", "known_exploited_vulnerabilities.json")))
kev["vulnerabilities"] = sorted((v for v in kev["vulnerabilities"] if v["cveID"] in cves), key=lambda v: v["cveID"])
kev["count"] = len(kev["vulnerabilities"])
with open(os.path.join(feeds, "cisa-kev-subset.json"), "w") as f:
    json.dump(kev, f, indent=2, sort_keys=True)
counts["cisa-kev-subset.json"] = kev["count"]

rows = list(csv.reader(open(os.path.join(DATA, "poc", "poc-in-github-cves.csv"))))
kept = sorted(r for r in rows[1:] if r and r[0] in cves)
with open(os.path.join(feeds, "poc-in-github-subset.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(rows[0])
    w.writerows(kept)
counts["poc-in-github-subset.csv"] = len(kept)

m = json.load(open(os.path.join(DATA, "exploitdb", "cve_searchsploit-exploitdb_mapping_cve.json")))
m = {k: v for k, v in m.items() if k in cves}
with open(os.path.join(feeds, "exploitdb-cve-map-subset.json"), "w") as f:
    json.dump(m, f, indent=1, sort_keys=True)
counts["exploitdb-cve-map-subset.json"] = len(m)

shutil.copyfile(os.path.join(FIX, "intel", "epss-sample.csv"), os.path.join(feeds, "epss-sample.csv"))

# ---------------------------------------------------------------- SSM Resource Data Sync tree

# (account, region, instance id, platform name, version, apps, Name tag, ASG or None, status, extra tags)
FLEET = [
    # payments: an ASG of Rocky Linux 9 API servers, an ASG of CentOS 8 workers, a bastion.
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60001", "Rocky Linux", "9.3", "rocky9", "payments-api", "payments-api-asg", "Active", {"Env": "production"}),
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60002", "Rocky Linux", "9.3", "rocky9", "payments-api", "payments-api-asg", "Active", {"Env": "production"}),
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60003", "Rocky Linux", "9.3", "rocky9", "payments-api", "payments-api-asg", "Active", {"Env": "production"}),
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60011", "CentOS Linux", "8", "centos8", "settlement-worker", "settlement-worker-asg", "Active", {"Env": "production"}),
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60012", "CentOS Linux", "8", "centos8", "settlement-worker", "settlement-worker-asg", "Active", {"Env": "production"}),
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60021", "Amazon Linux", "2", "al2", "payments-bastion", None, "Active", {"Env": "production"}),
    # A terminated node keeps its files in the sync; the collector leaves it out.
    ("111122223333", "eu-west-1", "i-0a1b2c3d4e5f60099", "Rocky Linux", "9.3", "rocky9", "payments-api", "payments-api-asg", "Terminated", {"Env": "production"}),
    # platform: AL2023 ingress ASG in two regions, two untagged Rocky 9 clones, an Ubuntu host.
    ("444455556666", "eu-west-1", "i-0b1c2d3e4f5a60001", "Amazon Linux", "2023", "al2023", "ingress", "ingress-asg", "Active", {"Env": "production", "Team": "platform"}),
    ("444455556666", "eu-west-1", "i-0b1c2d3e4f5a60002", "Amazon Linux", "2023", "al2023", "ingress", "ingress-asg", "Active", {"Env": "production", "Team": "platform"}),
    ("444455556666", "us-east-1", "i-0b1c2d3e4f5a60101", "Amazon Linux", "2023", "al2023", "ingress", "ingress-asg", "Active", {"Env": "production", "Team": "platform"}),
    ("444455556666", "us-east-1", "i-0b1c2d3e4f5a60111", "Rocky Linux", "9.3", "rocky9", "ci-runner-a", None, "Active", {"Env": "ci"}),
    ("444455556666", "us-east-1", "i-0b1c2d3e4f5a60112", "Rocky Linux", "9.3", "rocky9", "ci-runner-b", None, "Active", {"Env": "ci"}),
    ("444455556666", "us-east-1", "i-0b1c2d3e4f5a60121", "Ubuntu", "22.04", "ubuntu", "monitoring-01", None, "Active", {"Env": "production"}),
    # data: an AL2 ASG, a CentOS 8 ETL box and an Ubuntu notebook server.
    ("777788889999", "us-west-2", "i-0c1d2e3f4a5b60001", "Amazon Linux", "2", "al2", "airflow", "airflow-asg", "Active", {"Env": "staging"}),
    ("777788889999", "us-west-2", "i-0c1d2e3f4a5b60002", "Amazon Linux", "2", "al2", "airflow", "airflow-asg", "Active", {"Env": "staging"}),
    ("777788889999", "us-west-2", "i-0c1d2e3f4a5b60011", "CentOS Linux", "8", "centos8", "etl-01", None, "Active", {"Env": "staging"}),
    ("777788889999", "us-west-2", "i-0c1d2e3f4a5b60021", "Ubuntu", "22.04", "ubuntu", "jupyter-01", None, "Stopped", {"Env": "staging"}),
]
APPS = {"rocky9": rpm_apps(ROCKY9), "centos8": rpm_apps(CENTOS8), "al2": AL2_APPS,
        "al2023": AL2023_APPS, "ubuntu": UBUNTU_APPS}
STRIP = {"resourceId", "captureTime", "schemaVersion"}

members = []
for n, (acct, region, iid, pname, pver, apps, name, asg, status, tags) in enumerate(FLEET):
    part = "accountid=%s/region=%s/resourcetype=ManagedInstanceInventory/%s.json" % (acct, region, iid)
    book = {"resourceId": iid, "captureTime": CAPTURE}
    last_octet = 10 + n
    info = {"AgentType": "amazon-ssm-agent", "AgentVersion": "3.3.40.0",
            "ComputerName": "ip-10-0-%d-%d.%s.compute.internal" % (n % 4, last_octet, region),
            "InstanceId": iid, "InstanceStatus": status, "IpAddress": "10.0.%d.%d" % (n % 4, last_octet),
            "PlatformName": pname, "PlatformType": "Linux", "PlatformVersion": pver,
            "ResourceType": "EC2Instance", **book, "schemaVersion": "1.0"}
    members.append(("AWS:InstanceInformation/" + part, (json.dumps(info) + "\n").encode()))
    lines = []
    for a in APPS[apps]:
        rec = {k: v for k, v in a.items() if k not in STRIP}
        rec.update(book)
        rec["schemaVersion"] = "1.1"
        lines.append(json.dumps(rec))
    members.append(("AWS:Application/" + part, ("\n".join(lines) + "\n").encode()))
    tag_list = [("Name", name)] + sorted(tags.items())
    if asg:
        tag_list.append(("aws:autoscaling:groupName", asg))
    members.append(("AWS:Tag/" + part, "".join(json.dumps({"Key": k, "Value": v, **book, "schemaVersion": "1.0"}) + "\n" for k, v in tag_list).encode()))
write_tar_gz(os.path.join(OUT, "ssm-sync.tar.gz"), members)

# ---------------------------------------------------------------- repositories

manifest = {"feeds": sorted(os.listdir(feeds)), "ssm": "ssm-sync.tar.gz", "imports": []}

def slim_sbom(bom):
    """The package identities only: a valid CycloneDX document a fraction of the size."""
    keep = ("type", "bom-ref", "group", "name", "version", "purl")
    out = {k: bom[k] for k in ("bomFormat", "specVersion", "serialNumber", "version") if k in bom}
    comp = bom.get("metadata", {}).get("component")
    if comp:
        out["metadata"] = {"component": {k: comp[k] for k in keep if k in comp}}
    out["components"] = [{k: c[k] for k in keep if k in c} for c in bom.get("components", [])]
    return json.dumps(out, indent=1, sort_keys=True)

REPOS = [
    ("nodegoat", "nodegoat-package-lock.json.gz", None),
    ("pygoat", "pygoat-2023-03-requirements.txt", None),
    ("pygoat-legacy", "pygoat-2021-04-requirements.txt", None),
    ("caddy", "caddy-v2.0.0-go.sum.gz", None),
    ("keycloak", "keycloak-10.0.2.cdx.json.gz", "keycloak"),
    ("dropwizard", "dropwizard-1.3.15.cdx.json.gz", "dropwizard"),
    ("juice-shop", "juice-shop-v11.1.2.cdx.json.gz", "juice-shop"),
    ("laravel-app", "laravel-7.12.0.cdx.json.gz", "laravel"),
    ("proton-bridge", "proton-bridge-v1.6.3.cdx.json.gz", "proton-bridge"),
]
write_gz(os.path.join(repos, "nodegoat-package-lock.json.gz"),
         open(os.path.join(INV, "lockfiles", "nodegoat-2020-04-package-lock.json"), "rb").read())
for f in ("pygoat-2023-03-requirements.txt", "pygoat-2021-04-requirements.txt"):
    shutil.copyfile(os.path.join(INV, "lockfiles", f), os.path.join(repos, f))
write_gz(os.path.join(repos, "caddy-v2.0.0-go.sum.gz"),
         open(os.path.join(INV, "lockfiles", "caddy-v2.0.0-go.sum"), "rb").read())
for repo, fname, sbom in REPOS:
    if sbom:
        write_gz(os.path.join(repos, fname), slim_sbom(SBOM[sbom]))
    manifest["imports"].append({"path": "repos/" + fname, "kind": "repository",
                                "asset": "github.com/acme-demo/" + repo})
for page in ("dependabot-alerts-page1.json", "dependabot-alerts-page2.json"):
    manifest["imports"].append({"path": "repos/example-org-" + page})

# ---------------------------------------------------------------- container images

images = reset("images")

def trivy_report(ref, os_info, results):
    rep = {"SchemaVersion": 2, "CreatedAt": "2025-08-20T03:00:00Z", "ArtifactName": ref,
           "ArtifactType": "container_image", "Metadata": {"RepoTags": [ref]}, "Results": results}
    if os_info:
        rep["Metadata"]["OS"] = {"Family": os_info[0], "Name": os_info[1]}
    return rep

def rpm_result(ref, family, ver, rows):
    pkgs = []
    for r in rows:
        src = re.match(r"(.+)-([^-]+)-([^-]+)\.src\.rpm$", r["sourcerpm"])
        p = {"ID": "%s@%s-%s.%s" % (r["name"], r["version"], r["release"], r["arch"]),
             "Name": r["name"], "Version": r["version"], "Release": r["release"], "Arch": r["arch"]}
        if r["epoch"]:
            p["Epoch"] = int(r["epoch"])
        if src:
            p.update({"SrcName": src.group(1), "SrcVersion": src.group(2), "SrcRelease": src.group(3)})
            if r["epoch"]:
                p["SrcEpoch"] = int(r["epoch"])
        pkgs.append(p)
    return {"Target": "%s (%s %s)" % (ref, family, ver), "Class": "os-pkgs", "Type": family, "Packages": pkgs}

def lang_result(target, typ, pkgs):
    return {"Target": target, "Class": "lang-pkgs", "Type": typ,
            "Packages": [{"ID": "%s@%s" % (n, v), "Name": n, "Version": v} for n, v in pkgs]}

def sbom_lang(key, typ, target, purl_type, sep):
    return lang_result(target, typ, sorted({(n.replace("/", sep), v) for t, n, v in sbom_packages(SBOM[key]) if t == purl_type}))

IMAGES = [
    ("docker.io/library/rockylinux:9", ("rocky", "9.3"), [rpm_result("docker.io/library/rockylinux:9", "rocky", "9.3", ROCKY9)]),
    ("registry.acme-demo.internal/settlement/worker:2021.11", ("centos", "8"), [rpm_result("registry.acme-demo.internal/settlement/worker:2021.11", "centos", "8", CENTOS8)]),
    ("docker.io/bkimminich/juice-shop:v11.1.2", None, [sbom_lang("juice-shop", "node-pkg", "juice-shop/package.json", "npm", "/")]),
    ("registry.acme-demo.internal/training/nodegoat:2020.04", None, [lang_result("app/package-lock.json", "npm", NODEGOAT)]),
    ("docker.io/jboss/keycloak:10.0.2", None, [sbom_lang("keycloak", "jar", "Java", "maven", ":")]),
    ("registry.acme-demo.internal/training/pygoat:2023.03", None, [lang_result("app/requirements.txt", "pip", PYGOAT_2023)]),
    ("docker.io/library/caddy:2.0.0", None, [lang_result("usr/bin/caddy", "gobinary", CADDY_MOD)]),
]
# Which namespaces run which image (kube-state-metrics), several images in more than one.
PODS = [
    ("payments", "payments-api-7d9c6b5f8-x2k9p", "api", "docker.io/library/rockylinux:9"),
    ("batch", "ledger-export-5c8f7d-q8w2e", "export", "docker.io/library/rockylinux:9"),
    ("payments", "settlement-worker-6b7c8d9-m3n4b", "worker", "registry.acme-demo.internal/settlement/worker:2021.11"),
    ("shop", "juice-shop-84f5c6d7b-h6j7k", "juice-shop", "docker.io/bkimminich/juice-shop:v11.1.2"),
    ("shop-staging", "juice-shop-84f5c6d7b-p0o9i", "juice-shop", "docker.io/bkimminich/juice-shop:v11.1.2"),
    ("training", "nodegoat-6d5c4b3a2-z1x2c", "nodegoat", "registry.acme-demo.internal/training/nodegoat:2020.04"),
    ("training", "pygoat-7f6e5d4c3-v5b6n", "pygoat", "registry.acme-demo.internal/training/pygoat:2023.03"),
    ("identity", "keycloak-0", "keycloak", "docker.io/jboss/keycloak:10.0.2"),
    ("edge", "caddy-ingress-9a8b7c6d5-l4k3j", "caddy", "docker.io/library/caddy:2.0.0"),
    ("edge-staging", "caddy-ingress-9a8b7c6d5-r5t6y", "caddy", "docker.io/library/caddy:2.0.0"),
]
for ref, os_info, results in IMAGES:
    fname = re.sub(r"[^A-Za-z0-9.-]+", "_", ref.split("/", 1)[1]) + ".trivy.json.gz"
    write_gz(os.path.join(images, fname), json.dumps(trivy_report(ref, os_info, results), indent=1))
    manifest["imports"].append({"path": "images/" + fname, "kind": "image"})
lines = ["# HELP kube_pod_container_info Information about a container in a pod.",
         "# TYPE kube_pod_container_info gauge"]
for ns, pod, container, image in PODS:
    lines.append('kube_pod_container_info{container="%s",image="%s",image_spec="%s",namespace="%s",pod="%s"} 1'
                 % (container, image, image, ns, pod))
with open(os.path.join(images, "kube-pod-container-info.prom"), "w") as f:
    f.write("\n".join(lines) + "\n")
manifest["kube_pod_container_info"] = "images/kube-pod-container-info.prom"

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")

for k in sorted(counts):
    print("%-40s %d" % (k, counts[k]))
print("CVEs with intel looked up: %d" % len(cves))
