import Foundation
import FoundationXML
import TestSupport
import Testing

/// `promote report`, run as the built binary on a real repository whose pipeline has everything the page must show:
/// a fan-out (dev feeds tst and perf), a blocked gate (tst needs an approval), a failed deploy (tst's latest), a
/// diverged, held and frozen stage (prd has a hotfix tst lacks, a hold and a freeze window that is on) and a stage
/// with no history (perf). The page is parsed strictly as
/// XML and its facts are held against `status --json`, `plan --json` and `history --json`.
@Suite struct ReportCommandTests {
    private struct Pipeline {
        let fixture: GitFixture
        let change: String
    }

    private func pipeline() throws -> Pipeline {
        let fixture = try GitFixture()
        let stage = GateFixtures.stage
        let base = try fixture.commit(
            "Stages",
            files: [
                "stages/dev.json": stage("dev", "main", nil, nil),
                "stages/tst.json": stage("tst", "tst", "dev", GateFixtures.oneApproval),
                "stages/prd.json": stage(
                    "prd", "prd", "tst",
                    #"{ "freeze": [ { "name": "launch", "start": "2020-01-01T00:00:00Z", "end": "2099-01-01T00:00:00Z" } ] }"#
                ),
                "stages/perf.json": stage("perf", "perf", "dev", nil),
                "stages/allowed_signers": "",
            ])
        try fixture.git(["branch", "tst"])
        try fixture.git(["branch", "prd"])
        try fixture.git(["checkout", "-q", "prd"])
        try fixture.commit("Hotfix in production", files: ["hotfix.txt": "x\n"])
        try fixture.git(["checkout", "-q", "tst"])
        try fixture.commit("Tune on tst", files: ["tst.txt": "y\n"])
        try fixture.git(["checkout", "-q", "main"])
        try fixture.git(["merge", "-q", "--no-edit", "tst"])
        let change = try fixture.commit("Train longer", files: ["train.py": "epochs = 5\n"])
        try fixture.git(["branch", "perf"])
        let tstHead = try fixture.git(["rev-parse", "tst"])
        try GateFixtures.recordDeploy(fixture, stage: "tst", commit: base, finishedAt: "2026-01-01T00:00:00Z")
        // tst's latest deploy failed; its record names the CI run, and a hostile one names a script URL.
        try GateFixtures.appendNote(
            fixture, ref: "refs/notes/promote/deployments", commit: tstHead,
            line:
                #"{"commit":"\#(tstHead)","deployments":[],"executions":[],"finished_at":"2026-01-02T00:00:00Z","outcome":"failed","run":"https://ci.example.com/runs/42","stage":"tst"}"#
        )
        try GateFixtures.appendNote(
            fixture, ref: "refs/notes/promote/approvals", commit: change,
            line:
                #"{"approver":"mallory@example.com","at":"2026-01-03T00:00:00Z","comment":"<script>alert(1)</script>","commit":"\#(change)","kind":"approval","revoke":false,"stage":"tst","version":1}"#
        )
        try GateFixtures.appendNote(
            fixture, ref: "refs/notes/promote/deployments", commit: change,
            line:
                #"{"commit":"\#(change)","deployments":[],"executions":[],"finished_at":"2026-01-04T00:00:00Z","outcome":"succeeded","run":"javascript:alert(1)","stage":"dev"}"#
        )
        let hold = try PromoteBinary.run(["hold", "prd", "--reason", "INC-7"], in: fixture.path)
        #expect(hold.status == 0, "\(hold.stderr)")
        return Pipeline(fixture: fixture, change: change)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Whether two parsed JSON values are the same document (compared in one canonical form).
    private func same(_ left: Any, _ right: Any) throws -> Bool {
        try JSONSerialization.data(withJSONObject: left, options: [.sortedKeys])
            == JSONSerialization.data(withJSONObject: right, options: [.sortedKeys])
    }

    private func render(_ fixture: GitFixture) throws -> (page: XMLDocument, report: [String: Any], output: String) {
        let directory = fixture.directory.appending("site")
        let result = try PromoteBinary.run(["report", "--html", directory], in: fixture.path)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        let page = try XMLDocument(xmlString: html, options: [])
        let report = try json(try String(contentsOfFile: directory + "/report.json", encoding: .utf8))
        return (page, report, result.output)
    }

    private func texts(_ page: XMLDocument, _ xpath: String) throws -> [String] {
        try page.nodes(forXPath: xpath).map { ($0.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Test func theReportsStatusAndPlanAreWhatStatusAndPlanPrint() throws {
        let pipeline = try pipeline()
        let (_, report, output) = try render(pipeline.fixture)
        #expect(output.contains("4 stages, 2 pending promotions, 2 blocked"), "\(output)")
        #expect(report["schema"] as? String == "promote.report/v1")
        let status = try json(try PromoteBinary.run(["status", "--json"], in: pipeline.fixture.path).stdout)
        #expect(try same(try #require(report["status"]), status))
        let promotions = try #require(report["promotions"] as? [[String: Any]])
        #expect(promotions.map { "\($0["from"] ?? "")>\($0["to"] ?? "")" } == ["dev>tst", "tst>prd"])
        for promotion in promotions {
            let from = try #require(promotion["from"] as? String)
            let to = try #require(promotion["to"] as? String)
            let plan = try json(try PromoteBinary.run(["plan", from, to, "--json"], in: pipeline.fixture.path).stdout)
            #expect(try same(try #require(promotion["plan"]), plan))
            #expect(promotion["ready"] as? Bool == false)
        }
        let stages = try #require(report["stages"] as? [[String: Any]])
        // Graph order, as status has it: each stage after its upstream, siblings by name.
        let statusStages = try #require(status["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == statusStages.map { $0["name"] as? String })
        #expect(stages.map { $0["name"] as? String } == ["dev", "perf", "tst", "prd"])
        let marks = stages.map { $0["marks"] as? [String] ?? [] }
        #expect(marks == [[], [], ["blocked", "deploy_failed"], ["blocked", "diverged", "held", "frozen"]])
        #expect(stages[3]["frozen_windows"] as? [String] == ["launch until 2099-01-01T00:00:00Z"])
        for stage in stages {
            let name = try #require(stage["name"] as? String)
            let history = try json(
                try PromoteBinary.run(["history", name, "--json"], in: pipeline.fixture.path).stdout)
            #expect(try same(try #require(stage["history"]), history))
        }
        let empty = try #require(stages[1]["history"] as? [String: Any])
        #expect((empty["events"] as? [Any])?.isEmpty == true)
    }

    @Test func theGraphHasABoxPerStageWithItsFactsAndMarks() throws {
        let pipeline = try pipeline()
        let (page, report, _) = try render(pipeline.fixture)
        let status = try #require((report["status"] as? [String: Any])?["stages"] as? [[String: Any]])
        let boxes = try page.nodes(forXPath: "//*[local-name()='svg']//*[@data-stage]")
        #expect(
            try texts(page, "//*[local-name()='svg']//*[@data-stage]/@data-stage") == ["dev", "perf", "tst", "prd"])
        var origins: [String: (String, String)] = [:]
        for (box, stage) in zip(boxes, status) {
            let element = try #require(box as? XMLElement)
            let name = try #require(stage["name"] as? String)
            let head = try #require((stage["head"] as? [String: Any])?["short_sha"] as? String)
            let text = try element.nodes(forXPath: ".//*[local-name()='text']").map { $0.stringValue ?? "" }
            #expect(text.contains("branch \(stage["branch"] as? String ?? "")"), "\(text)")
            #expect(text.contains("head \(head)"), "\(text)")
            #expect(try element.nodes(forXPath: "./@href").map(\.stringValue) == ["#stage-\(name)"])
            #expect(try page.nodes(forXPath: "//*[@id='stage-\(name)']").count == 1)
            let rect = ".//*[local-name()='rect']"
            origins[name] = (
                try element.nodes(forXPath: "\(rect)/@x").first?.stringValue ?? "",
                try element.nodes(forXPath: "\(rect)/@y").first?.stringValue ?? ""
            )
        }
        // Fan-out: tst and perf share a column (both come from dev), one above the other.
        #expect(origins["tst"]?.0 == origins["perf"]?.0)
        #expect(origins["tst"]?.1 != origins["perf"]?.1)
        #expect(origins["dev"]?.0 != origins["tst"]?.0)
        let tstText = try texts(page, "//*[@data-stage='tst']//*[local-name()='text']").joined(separator: " | ")
        #expect(tstText.contains("blocked, deploy failed"), "\(tstText)")
        #expect(tstText.contains("1 behind dev, 0 ahead"), "\(tstText)")
        let prdText = try texts(page, "//*[@data-stage='prd']//*[local-name()='text']").joined(separator: " | ")
        #expect(prdText.contains("✕ blocked, diverged, held, | frozen"), "\(prdText)")
        #expect(prdText.contains("1 ahead"), "\(prdText)")
        let perfText = try texts(page, "//*[@data-stage='perf']//*[local-name()='text']").joined(separator: " | ")
        #expect(perfText.contains("✓ ok") && perfText.contains("never deployed"), "\(perfText)")
        // Every in-page link leads somewhere.
        for href in try page.nodes(forXPath: "//@href").compactMap(\.stringValue) where href.hasPrefix("#") {
            #expect(try page.nodes(forXPath: "//*[@id='\(href.dropFirst())']").count == 1, "\(href)")
        }
    }

    @Test func aBlockedPromotionShowsEachGateAndTheCommandThatUnblocksIt() throws {
        let pipeline = try pipeline()
        let (page, report, _) = try render(pipeline.fixture)
        let plan = try json(try PromoteBinary.run(["plan", "dev", "tst", "--json"], in: pipeline.fixture.path).stdout)
        let gates = try #require((plan["gates"] as? [String: Any])?["results"] as? [[String: Any]])
        let article = "//*[@id='promotion-dev-tst']"
        let rows = try page.nodes(forXPath: "\(article)//table/tbody/tr")
        #expect(rows.count == gates.count)
        for (row, gate) in zip(rows, gates) {
            let cells = try row.nodes(forXPath: "./*").map { $0.stringValue ?? "" }
            #expect(cells.first == gate["name"] as? String)
            #expect(cells[1].contains(gate["verdict"] as? String == "pass" ? "pass" : "blocked"))
            #expect(cells[2] == gate["reason"] as? String)
        }
        let short = String(pipeline.change.prefix(7))
        // The fixture has no deploy config, so the checks fail too: both stop the promotion, in the plan's order.
        #expect(((plan["checks"] as? [String: Any])?["errors"] as? Int ?? 0) > 0)
        let expected = ["promote plan dev tst", "promote approve tst --commit \(short)"]
        #expect(try texts(page, "\(article)//pre/code") == expected)
        let steps = try #require((report["promotions"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]])
        #expect(steps.map { $0["command"] as? String } == expected)
        #expect(steps.map { $0["gate"] as? String } == ["checks", "approvals"])
        let commits = try texts(page, "\(article)//details[summary[starts-with(., 'Commits')]]//li")
        #expect(commits.count == (plan["commits"] as? [Any])?.count)
        #expect(commits.first?.contains("Train longer") == true)
        // The diverged promotion says so and how to go on.
        let prd = try texts(page, "//*[@id='promotion-tst-prd']//pre/code")
        #expect(
            prd == [
                "promote tst prd --merge", "promote plan tst prd", "promote release prd --comment \"<why it is safe>\"",
                "promote tst prd --break-glass --reason \"<why it cannot wait>\"",
            ], "\(prd)")
    }

    @Test func historyIsNewestFirstWithRunLinksAndRecordTextIsOnlyText() throws {
        let pipeline = try pipeline()
        let (page, report, _) = try render(pipeline.fixture)
        let history = try json(try PromoteBinary.run(["history", "tst", "--json"], in: pipeline.fixture.path).stdout)
        let events = try #require(history["events"] as? [[String: Any]])
        let rows = try page.nodes(forXPath: "//*[@id='stage-tst']//table/tbody/tr")
        #expect(rows.count == events.count)
        #expect(events.map { $0["kind"] as? String } == ["approval", "deployment", "deployment"])
        let first = try rows[1].nodes(forXPath: "./td").map { $0.stringValue ?? "" }
        #expect(first[1] == "deployed" && first[3].hasPrefix("failed"), "\(first)")
        let links = try page.nodes(forXPath: "//*[@id='stage-tst']//a/@href").compactMap(\.stringValue)
        #expect(links.contains("https://ci.example.com/runs/42"))
        // A record's text never becomes markup or a script link.
        #expect(try page.nodes(forXPath: "//*[local-name()='script']").isEmpty)
        #expect(
            try page.nodes(forXPath: "//@href").compactMap(\.stringValue).allSatisfy { !$0.hasPrefix("javascript") })
        #expect(try texts(page, "//*[@id='stage-tst']//td").contains("“<script>alert(1)</script>”"))
        let perf = try texts(page, "//*[@id='stage-perf']//p")
        #expect(perf.contains { $0.hasPrefix("No promotion, deploy, approval, test run or hold of perf") }, "\(perf)")
        #expect((report["stages"] as? [[String: Any]])?.count == 4)
    }

    @Test func thePageLoadsNothingFromAnywhere() throws {
        let pipeline = try pipeline()
        let (page, _, _) = try render(pipeline.fixture)
        let policy = try texts(page, "//meta[@http-equiv='Content-Security-Policy']/@content")
        #expect(policy == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"])
        for attribute in ["src", "srcset", "action", "poster"] {
            #expect(try page.nodes(forXPath: "//@*[local-name()='\(attribute)']").isEmpty, "\(attribute)")
        }
        #expect(try page.nodes(forXPath: "//link").isEmpty)
        let hrefs = try page.nodes(forXPath: "//@href").compactMap(\.stringValue)
        #expect(hrefs.allSatisfy { $0.hasPrefix("#") || $0 == "report.json" || $0.hasPrefix("https://ci.example.com") })
    }

    @Test func aDirectoryWithOtherFilesIsRefusedAndLeftAlone() throws {
        let pipeline = try pipeline()
        let directory = pipeline.fixture.directory.appending("busy")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "keep\n".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
        let result = try PromoteBinary.run(["report", "--html", directory], in: pipeline.fixture.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds other files (notes.txt)"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["notes.txt"])
        // Writing again over an earlier report is fine.
        let site = pipeline.fixture.directory.appending("site")
        #expect(try PromoteBinary.run(["report", "--html", site], in: pipeline.fixture.path).status == 0)
        #expect(try PromoteBinary.run(["report", "--html", site], in: pipeline.fixture.path).status == 0)
        let usage = try PromoteBinary.run(["report"], in: pipeline.fixture.path)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--html DIR"), "\(usage.stderr)")
    }
}
