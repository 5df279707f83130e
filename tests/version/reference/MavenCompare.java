// Reference for tests/version/maven_test.cpp: Maven's own ComparableVersion (maven-artifact
// 3.8.7) and POM model validator (maven-model-builder 3.8.7).
//
// Run with Java 17 single-file source launch and Maven's lib directory on the class path:
//   java -cp '/usr/share/maven/lib/*' MavenCompare.java < pairs
// Reads "A<TAB>B" lines and prints, per line, the sign of
// new ComparableVersion(A).compareTo(new ComparableVersion(B)) as -1, 0 or 1, or
// "error <reason>" when either side is not a version we accept.
//
// Validity: ComparableVersion accepts any string, so validity is what Maven accepts as a
// project <version> (DefaultModelValidator at validation level 3.1: non-empty, none of
// \/:"<>|?*, no ${...} expression, "SNAPSHOT" only as "-SNAPSHOT"), plus vulnscope's documented extra rules, written out
// below (printable ASCII only, no whitespace, no version-range syntax []() and ,).
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.model.Model;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelProblemCollector;
import org.apache.maven.model.interpolation.DefaultModelVersionProcessor;
import org.apache.maven.model.validation.DefaultModelValidator;

public class MavenCompare {
  private static final DefaultModelValidator VALIDATOR =
      new DefaultModelValidator(new DefaultModelVersionProcessor());

  // Returns null when `v` is accepted, else the reason.
  static String invalidReason(String v) {
    // vulnscope's extra rules (docs/versions/maven.md).
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= 0x80) return "non-ASCII";
      if (c <= 0x20 || c == 0x7f) return "whitespace or control character";
      if ("[](),".indexOf(c) >= 0) return "version-range syntax";
    }
    // Maven's own rules for a project version, as `mvn` applies them to a POM.
    Model m = new Model();
    m.setModelVersion("4.0.0");
    m.setGroupId("g");
    m.setArtifactId("a");
    m.setPackaging("jar");
    m.setVersion(v);
    List<String> problems = new ArrayList<>();
    ModelProblemCollector collector = req -> problems.add(req.getMessage());
    DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
    request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MAVEN_3_1);
    VALIDATOR.validateRawModel(m, request, collector);
    VALIDATOR.validateEffectiveModel(m, request, collector);
    if (!problems.isEmpty()) return problems.get(0);
    // CI-friendly ${revision} passes the validator because Maven substitutes it before use;
    // an advisory's version never gets substituted.
    if (v.contains("${")) return "unresolved expression";
    return null;
  }

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      int tab = line.indexOf('\t');
      if (tab < 0) {
        out.write("error no tab\n");
        continue;
      }
      String a = line.substring(0, tab);
      String b = line.substring(tab + 1);
      String why = invalidReason(a);
      if (why == null) why = invalidReason(b);
      if (why != null) {
        out.write("error " + why.replace('\n', ' ') + "\n");
        continue;
      }
      int c = new ComparableVersion(a).compareTo(new ComparableVersion(b));
      out.write(Integer.toString(Integer.signum(c)));
      out.write('\n');
    }
    out.flush();
  }
}
