#!/usr/bin/env python3
"""Rebuilds the end-to-end test data in this folder from the project's real data set.

Usage: subset.py DATA_DIR   (the folder with osv/, distro/, kev/, exploitdb/, poc/, inventories/)

Keeps only the advisories that name a package of the test inventories, and only the exploit
intelligence for CVEs those advisories carry, so the tests run on real records at a small size.
Never run by the build or the tests; SOURCE.md records what it produced.
"""
import csv, gzip, io, json, os, re, shutil, sys, zipfile

data = sys.argv[1]
out = os.path.dirname(os.path.abspath(__file__))
inv = os.path.join(data, "inventories")

def pep503(n): return re.sub(r"[-_.]+", "-", n).lower()

names = set()
for f in ("pygoat-2021-04-requirements.txt", "pygoat-2023-03-requirements.txt"):
    for line in open(os.path.join(inv, "lockfiles", f), encoding="utf-8-sig"):
        if "==" in line: names.add(("PyPI", pep503(line.split("==")[0].strip())))
for line in open(os.path.join(inv, "lockfiles", "caddy-v2.0.0-go.sum")):
    names.add(("Go", line.split()[0]))
lock = json.load(open(os.path.join(inv, "lockfiles", "nodegoat-2020-04-package-lock.json")))
def walk(deps):
    for k, v in deps.items():
        names.add(("npm", k.lower())); walk(v.get("dependencies", {}))
walk(lock.get("dependencies", {}))
for row in csv.DictReader(open(os.path.join(inv, "rpm", "rockylinux9.csv"))):
    names.add(("AlmaLinux", row["name"]))
    names.add(("AlmaLinux", re.sub(r"-[^-]+-[^-]+\.src\.rpm$", "", row["sourcerpm"])))

def wanted(rec):
    for a in rec.get("affected", []):
        p = a.get("package", {})
        eco = p.get("ecosystem", "").split(":")[0]
        n = p.get("name", "")
        key = pep503(n) if eco == "PyPI" else n.lower() if eco == "npm" else n
        if (eco, key) in names: return True
        if eco == "AlmaLinux" and not p.get("ecosystem", "").endswith(":9"): continue
    return False

cves = set()
def subset(src, dst, only_alma9=False):
    kept = []
    with gzip.open(os.path.join(data, src), "rt") as f:
        for line in f:
            rec = json.loads(line)
            if only_alma9 and not any(a.get("package", {}).get("ecosystem") == "AlmaLinux:9" for a in rec.get("affected", [])):
                continue
            if wanted(rec):
                kept.append(line if line.endswith("\n") else line + "\n")
                for i in [rec["id"]] + rec.get("aliases", []) + rec.get("upstream", []) + rec.get("related", []):
                    if i.startswith("CVE-"): cves.add(i)
    with gzip.open(os.path.join(out, dst), "wt") as g: g.writelines(kept)
    print(dst, len(kept))

subset("osv/pypi-pypa-advisory-database.jsonl.gz", "pypa-subset.jsonl.gz")
subset("osv/go-vulndb.jsonl.gz", "go-vulndb-subset.jsonl.gz")
subset("osv/ghsa-reviewed-curated.jsonl.gz", "ghsa-curated.jsonl.gz")
subset("distro/almalinux/almalinux-osv.jsonl.gz", "almalinux9-subset.jsonl.gz", only_alma9=True)

kev = json.load(open(os.path.join(data, "kev", "known_exploited_vulnerabilities.json")))
kev["vulnerabilities"] = [v for v in kev["vulnerabilities"] if v["cveID"] in cves]
kev["count"] = len(kev["vulnerabilities"])
json.dump(kev, open(os.path.join(out, "kev-subset.json"), "w"), indent=2)
print("kev", kev["count"])

rows = list(csv.reader(open(os.path.join(data, "poc", "poc-in-github-cves.csv"))))
with open(os.path.join(out, "poc-subset.csv"), "w", newline="") as f:
    w = csv.writer(f); w.writerow(rows[0]); n = 0
    for r in rows[1:]:
        if r[0] in cves: w.writerow(r); n += 1
print("poc", n)

m = json.load(open(os.path.join(data, "exploitdb", "cve_searchsploit-exploitdb_mapping_cve.json")))
m = {k: v for k, v in m.items() if k in cves}
json.dump(m, open(os.path.join(out, "exploitdb-map-subset.json"), "w"), indent=1, sort_keys=True)
print("exploitdb map", len(m))

shutil.copy(os.path.join(data, "exploitdb", "files_exploits.sample.csv"), os.path.join(out, "exploitdb-sample.csv"))
for f in ("pygoat-2021-04-requirements.txt", "pygoat-2023-03-requirements.txt", "caddy-v2.0.0-go.sum", "caddy-v2.0.0-go.mod"):
    shutil.copy(os.path.join(inv, "lockfiles", f), os.path.join(out, f))
with open(os.path.join(inv, "lockfiles", "nodegoat-2020-04-package-lock.json"), "rb") as s, gzip.open(os.path.join(out, "nodegoat-package-lock.json.gz"), "wb") as g:
    g.write(s.read())
shutil.copy(os.path.join(inv, "rpm", "rockylinux9.rpm-qa.txt"), os.path.join(out, "rockylinux9.rpm-qa.txt"))
shutil.copy(os.path.join(inv, "rpm", "rockylinux9.csv"), os.path.join(out, "rockylinux9.csv"))
