import Foundation
import TestSupport
import Testing

/// `promote demo` is the newcomer's first five minutes: it must run the whole story and exit 0.
@Suite struct DemoCommandTests {
    @Test func runsTheWholeFlowAndLeavesTheRepository() throws {
        let scratch = TemporaryDirectory("promote-demo-test")
        let result = try PromoteBinary.run(["demo"], in: scratch.path, environment: ["TMPDIR": scratch.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let out = result.stdout
        for expected in [
            "$ promote deploy dev", "deployed dev at", "$ promote setup prd", "object store secret default: created",
            "ok    declaration: the tenant holds what aicore.tenant declares", "$ promote plan dev tst",
            "docker.io/acme/churn-train tag 1.0.0 → 1.1.0", "tst gates for", "BLOCKED",
            "(exit 2: blocked, as expected)",
            "approved ", "tst gates for", ": PASS", "promoted dev → tst", "[execution churn-train] COMPLETED",
            "deployed tst at",
            // The model-quality gate: the worse retrain is blocked, the better one passes.
            "[execution churn-train] metrics: loss 0.1 (step 5), auc 0.78 (step 5)",
            "metric:churn-train/auc  BLOCKED  auc >= 0.8: auc 0.78 at step 5",
            "0.78 is worse than current 0.82", "$ promote metrics dev", "auc 0.86 (step 5, +0.08)",
            "metric:churn-train/auc  pass     auc no worse than current by more than 0.005: auc 0.86 at step 5",
            // Production, the incident, the rollback it is held at, and the signed release.
            "promoted tst → prd", "$ promote rollback prd --reason \"INC-1: churn scores make no sense\"",
            "pointing application churn-templates-prd at", "prd: HELD since", "(rolled back) while its branch is at",
            "released prd as rita@example.com", "History of prd", "rollback   ",
        ] {
            #expect(out.contains(expected), "missing: \(expected)")
        }
        #expect(result.stderr.contains("refused: not deploying"), "the held prd's deploy was not refused")
        let repository = try #require(out.split(separator: "\n").first { $0.hasPrefix("  cd ") }).dropFirst(5)
        #expect(FileManager.default.fileExists(atPath: String(repository) + "/stages/tst.json"))
        let tst = try Shell.run("git", ["-C", String(repository), "rev-parse", "tst"]).output
        let main = try Shell.run("git", ["-C", String(repository), "rev-parse", "main~1"]).output
        // tst runs what dev ran before Dana's last fix, which waits for tst's gate.
        #expect(tst == main)
        // It ends with the report, and says where it is.
        let page = try #require(out.split(separator: "\n").last { $0.hasPrefix("The report: file://") })
            .dropFirst("The report: file://".count)
        #expect(FileManager.default.fileExists(atPath: String(page)))
        let json = try Data(
            contentsOf: URL(fileURLWithPath: (String(page) as NSString).deletingLastPathComponent + "/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let promotions = try #require(report["promotions"] as? [[String: Any]])
        #expect(promotions.map { "\($0["from"] ?? "")>\($0["to"] ?? "") \($0["ready"] ?? "")" } == ["dev>tst 0"])
    }
}
