#include "tests/server/auth/slapd_harness.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace vs::server::auth::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) return Fail(ErrorCode::kIo, "cannot write " + path);
  return Ok();
}

Result<pid_t> Spawn(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Fail(ErrorCode::kIo, "cannot start " + argv[0]);
  return pid;
}

bool Connects(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

std::string Ldif() {
  std::string people = std::string(kPeople);
  auto person = [&](std::string uid, std::string password) {
    return "dn: uid=" + uid + "," + people + "\nobjectClass: inetOrgPerson\nuid: " + uid +
           "\ncn: " + uid + "\nsn: " + uid + "\nuserPassword: " + password + "\n\n";
  };
  return "dn: dc=example,dc=org\nobjectClass: dcObject\nobjectClass: organization\no: Example\n"
         "dc: example\n\n"
         "dn: ou=people,dc=example,dc=org\nobjectClass: organizationalUnit\nou: people\n\n"
         "dn: ou=groups,dc=example,dc=org\nobjectClass: organizationalUnit\nou: groups\n\n"
         "dn: ou=services,dc=example,dc=org\nobjectClass: organizationalUnit\nou: services\n\n"
         "dn: cn=vs-search,ou=services,dc=example,dc=org\nobjectClass: inetOrgPerson\n"
         "cn: vs-search\nsn: service\nuserPassword: search-pw\n\n" +
         person("alice", "alice-pw") + person("bob", "bob-pw") + person("carol", "carol-pw") +
         person("odd(1)*", "odd-pw");
}

// Groups go in over the protocol after start, so the memberof overlay fills in memberOf
// (slapadd bypasses overlays).
std::string GroupLdif() {
  std::string people = std::string(kPeople);
  return "dn: " + std::string(kAdminsGroup) +
         "\nobjectClass: groupOfNames\ncn: vs-admins\nmember: uid=alice," + people + "\n\n" +
         "dn: " + std::string(kPaymentsGroup) +
         "\nobjectClass: groupOfNames\ncn: team-payments\nmember: uid=bob," + people +
         "\nmember: uid=odd(1)*," + people + "\n";
}

std::string Config(const std::string& dir) {
  return "include /etc/ldap/schema/core.schema\n"
         "include /etc/ldap/schema/cosine.schema\n"
         "include /etc/ldap/schema/inetorgperson.schema\n"
         "include /etc/ldap/schema/nis.schema\n"
         "pidfile " +
         dir +
         "/slapd.pid\n"
         "argsfile " +
         dir +
         "/slapd.args\n"
         "modulepath /usr/lib/ldap\n"
         "moduleload back_mdb\n"
         "moduleload memberof\n"
         "TLSCACertificateFile " +
         dir +
         "/ca.pem\n"
         "TLSCertificateFile " +
         dir +
         "/server.pem\n"
         "TLSCertificateKeyFile " +
         dir +
         "/server.key\n"
         "database mdb\n"
         "maxsize 104857600\n"
         "suffix \"dc=example,dc=org\"\n"
         "rootdn \"cn=admin,dc=example,dc=org\"\n"
         "rootpw admin-pw\n"
         "directory " +
         dir +
         "/db\n"
         "overlay memberof\n"
         "access to attrs=userPassword by self write by anonymous auth by * none\n"
         "access to * by users read by * none\n";
}

}  // namespace

Result<int> Run(const std::vector<std::string>& argv, const std::string& log) {
  auto pid = Spawn(argv, log);
  if (!pid) return Fail(pid.error());
  int status = 0;
  if (waitpid(*pid, &status, 0) != *pid) return Fail(ErrorCode::kIo, "waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Result<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return Fail(ErrorCode::kIo, "cannot get a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

Result<std::unique_ptr<Slapd>> Slapd::Start() {
  // Neither ldapadd nor the in-process libldap may read ~/.ldaprc or /etc/ldap/ldap.conf.
  setenv("LDAPNOINIT", "1", 1);
  std::unique_ptr<Slapd> s(new Slapd);
  char tmpl[] = "/tmp/vs-slapd-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return Fail(ErrorCode::kIo, "mkdtemp failed");
  s->dir_ = tmpl;
  const std::string& d = s->dir_;
  std::string log = d + "/setup.log";
  if (mkdir((d + "/db").c_str(), 0700) != 0) return Fail(ErrorCode::kIo, "mkdir db failed");

  // A throwaway CA and a server certificate for 127.0.0.1 (P-256 keys: fast to make).
  if (auto st = WriteFile(d + "/san.cnf", "subjectAltName=IP:127.0.0.1\n"); !st)
    return Fail(st.error());
  const std::vector<std::vector<std::string>> openssl = {
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", d + "/ca.key", "-out", d + "/ca.pem",
       "-days", "2", "-subj", "/CN=vulnscope test CA"},
      {"/usr/bin/openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-keyout", d + "/server.key", "-out", d + "/server.csr", "-subj", "/CN=127.0.0.1"},
      {"/usr/bin/openssl", "x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey",
       d + "/ca.key", "-CAcreateserial", "-out", d + "/server.pem", "-days", "2", "-extfile",
       d + "/san.cnf"},
  };
  for (const auto& argv : openssl) {
    auto rc = Run(argv, log);
    if (!rc || *rc != 0) return Fail(ErrorCode::kInternal, "openssl failed: " + ReadFile(log));
  }
  if (auto st = WriteFile(d + "/slapd.conf", Config(d)); !st) return Fail(st.error());
  if (auto st = WriteFile(d + "/data.ldif", Ldif()); !st) return Fail(st.error());
  auto rc = Run({"/usr/sbin/slapadd", "-q", "-f", d + "/slapd.conf", "-l", d + "/data.ldif"}, log);
  if (!rc || *rc != 0) return Fail(ErrorCode::kInternal, "slapadd failed: " + ReadFile(log));

  // The ports are free when picked but another process may take them before slapd binds:
  // try a few times.
  Status launched = Fail(ErrorCode::kInternal, "slapd never started");
  for (int attempt = 0; attempt < 3 && !launched; ++attempt) launched = s->Launch();
  if (!launched) return Fail(launched.error());
  if (auto st = s->AddGroups(); !st) return Fail(st.error());
  return s;
}

Status Slapd::Launch() {
  auto port = FreePort();
  auto ldaps = FreePort();
  if (!port || !ldaps) return Fail(ErrorCode::kIo, "no free port");
  port_ = *port;
  ldaps_port_ = *ldaps;
  std::string urls = Url() + "/ " + LdapsUrl() + "/";
  // -d 0 keeps slapd in the foreground, so it is our child and we stop it by its pid.
  auto pid = Spawn({"/usr/sbin/slapd", "-f", dir_ + "/slapd.conf", "-h", urls, "-d", "0"},
                   dir_ + "/slapd.log");
  if (!pid) return Fail(pid.error());
  pid_ = *pid;
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Fail(ErrorCode::kInternal, "slapd exited: " + ReadFile(dir_ + "/slapd.log"));
    }
    if (Connects(port_) && Connects(ldaps_port_)) return Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Fail(ErrorCode::kInternal, "slapd did not listen within 5 s");
}

Status Slapd::AddGroups() {
  std::string log = dir_ + "/setup.log";
  if (auto st = WriteFile(dir_ + "/groups.ldif", GroupLdif()); !st) return st;
  auto rc = Run({"/usr/bin/ldapadd", "-x", "-H", Url(), "-D", "cn=admin,dc=example,dc=org", "-w",
                 "admin-pw", "-f", dir_ + "/groups.ldif"},
                log);
  if (!rc || *rc != 0) return Fail(ErrorCode::kInternal, "ldapadd failed: " + ReadFile(log));
  return Ok();
}

Slapd::~Slapd() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!dir_.empty()) (void)Run({"/bin/rm", "-rf", dir_}, "/dev/null");
}

std::string Slapd::Url() const { return "ldap://127.0.0.1:" + std::to_string(port_); }
std::string Slapd::LdapsUrl() const { return "ldaps://127.0.0.1:" + std::to_string(ldaps_port_); }
std::string Slapd::CaFile() const { return dir_ + "/ca.pem"; }

}  // namespace vs::server::auth::testing
