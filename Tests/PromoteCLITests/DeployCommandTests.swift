import Foundation
import TestSupport
import Testing

/// `promote deploy` as CI runs it: credentials from the environment, a report on stdout, a record in git notes.
@Suite struct DeployCommandTests {
    static let secret = "s3cr3t-Client-VALUE-9f2c"

    /// An emulator process with a known client secret and the dev application, plus the environment a CI job
    /// would give promote.
    private func emulatorEnvironment(_ repository: GitFixture, arguments: [String] = []) throws -> (
        process: Process, environment: [String: String?]
    ) {
        let emulator = try EmulatorProcess(
            arguments: ["--port", "0", "--client-secret", Self.secret, "--repo", repository.path] + arguments,
            secret: Self.secret)
        let environment = emulator.environment
        let created = try emulator.createApplication("app-dev", repository: repository.path)
        #expect(created.status == 0)
        return (emulator.process, environment)
    }

    @Test func deploysFromTheEnvironmentWritesAReportAndNeverPrintsTheSecret() throws {
        let repository = try DeployFixtures.repository()
        let (process, environment) = try emulatorEnvironment(repository)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let result = try PromoteBinary.run(["deploy", "dev", "--json"], in: repository.path, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["schema"] as? String == "promote.deploy/v1")
        #expect(report?["outcome"] as? String == "succeeded")
        #expect(result.stderr.contains("[execution Configuration CI/CD Example Training] COMPLETED"))
        let notes = try repository.git(["notes", "--ref", "refs/notes/promote/deployments", "show", "main"])
        #expect(notes.contains("\"outcome\":\"succeeded\""))
        #expect(notes.contains("\"stage\":\"dev\""))
        for text in [result.stdout, result.stderr, notes] { #expect(!text.contains(Self.secret)) }

        let text = try PromoteBinary.run(
            ["deploy", "dev", "--platform-logs"], in: repository.path, environment: environment)
        #expect(text.status == 0)
        #expect(text.stdout.contains("time=\""))
        #expect(text.stdout.contains("reused"))
        #expect(text.stdout.contains("deployed dev at "))
        #expect(!text.stdout.contains(Self.secret) && !text.stderr.contains(Self.secret))
    }

    /// `gates.verify_metrics`: the training's last loss (0.2 at step 2 in the emulator) must stay under a ceiling;
    /// over it, the deploy counts as failed (exit 3) and the record says which bound did not hold.
    @Test(arguments: [(0.5, Int32(0)), (0.1, Int32(3))])
    func verifyMetricsDecideWhetherTheDeployCounts(_ ceiling: Double, _ status: Int32) throws {
        let stage = DeployFixtures.stage("dev", branch: "main", from: nil).replacingFirst(
            #""version": 1,"#,
            with:
                #""version": 1, "gates": { "verify_metrics": [ { "execution": "cicdexample", "metric": "loss", "max": \#(ceiling) } ] },"#
        )
        let repository = try DeployFixtures.repository(files: ["stages/dev.json": stage])
        let (process, environment) = try emulatorEnvironment(repository)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let result = try PromoteBinary.run(["deploy", "dev"], in: repository.path, environment: environment)
        #expect(result.status == status, "\(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(output.contains("verify metric cicdexample: loss <= \(ceiling): loss 0.2 at step 2 (execution "))
        let notes = try repository.git(["notes", "--ref", "refs/notes/promote/deployments", "show", "main"])
        #expect(
            notes.contains(
                #""verify_metrics":[{"bound":"loss <= \#(ceiling)","execution":"cicdexample","metric":"loss","outcome":"\#(status == 0 ? "passed" : "failed")","value":0.2}]"#
            ), "\(notes)")
        #expect(notes.contains(#""outcome":"\#(status == 0 ? "succeeded" : "failed")""#))
        if status != 0 { #expect(output.contains("a metric did not hold: the deploy of dev counts as failed")) }
    }

    /// `promote metrics`: each deploy's metrics, newest first, with the change from the previous deploy that
    /// counts; a record with a signature that does not verify is listed as not counting and changes nothing.
    @Test func metricsListTheDeploysWithEachChangeAndMarkRecordsThatDoNotCount() throws {
        let repository = try DeployFixtures.repository()
        let (process, environment) = try emulatorEnvironment(repository)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        for _ in 0..<2 {
            let deploy = try PromoteBinary.run(["deploy", "dev"], in: repository.path, environment: environment)
            #expect(deploy.status == 0, "\(deploy.stderr)")
            #expect(
                deploy.stdout.contains("[execution Configuration CI/CD Example Training] metrics: loss 0.2 (step 2)"))
        }
        let note = try repository.git(["notes", "--ref", "refs/notes/promote/deployments", "show", "main"])
        let first = try #require(note.split(separator: "\n").first.map(String.init))
        let finished = try #require(first.range(of: #""finished_at":"[^"]*""#, options: .regularExpression))
        let forged =
            first.replacingCharacters(in: finished, with: #""finished_at":"2099-01-01T00:00:00Z""#)
            .replacingOccurrences(of: #""value":0.2"#, with: #""value":0.01"#)
            // Larger than a pipe holds: ssh-keygen refuses the signature before reading it all (no SIGPIPE death).
            .replacingOccurrences(
                of: #""outcome":"succeeded""#,
                with: #""outcome":"succeeded","padding":""# + String(repeating: "x", count: 300_000) + #"""#
            )
            .replacingOccurrences(of: "}\n", with: "}")
            .dropLast() + #","signature":"-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----"}"#
        try repository.git(
            ["notes", "--ref", "refs/notes/promote/deployments", "add", "-f", "-F", "-", "main"],
            input: Data((note.trimmingCharacters(in: .newlines) + "\n" + forged + "\n").utf8))

        let json = try PromoteBinary.run(["metrics", "dev", "--json"], in: repository.path, environment: environment)
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "promote.metrics/v1")
        let deploys = try #require(document["deploys"] as? [[String: Any]])
        #expect(deploys.count == 3)
        #expect(deploys[0]["counts"] as? Bool == false)
        #expect((deploys[0]["problem"] as? String)?.hasPrefix("bad signature") == true, "\(deploys[0])")
        func loss(_ deploy: [String: Any]) -> [String: Any]? {
            ((deploy["executions"] as? [[String: Any]])?.first?["metrics"] as? [[String: Any]])?.first
        }
        #expect(loss(deploys[0])?["value"] as? Double == 0.01)
        #expect(loss(deploys[1])?["value"] as? Double == 0.2 && loss(deploys[1])?["change"] as? Double == 0)
        #expect(loss(deploys[1])?["previous"] as? Double == 0.2)
        #expect(loss(deploys[2])?["previous"] == nil && loss(deploys[2])?["step"] as? Int == 2)

        let text = try PromoteBinary.run(["metrics", "dev"], in: repository.path, environment: environment)
        #expect(text.status == 0)
        #expect(
            text.stdout.hasPrefix(
                "Metrics of dev's deploys (newest first; change from the previous deploy that counts):\n"))
        #expect(text.stdout.contains("does not count: bad signature"), "\(text.stdout)")
        #expect(text.stdout.contains("Configuration CI/CD Example Training ["))
        #expect(text.stdout.contains("]: loss 0.2 (step 2, ±0)"), "\(text.stdout)")

        try repository.commit("Later", files: ["later.txt": "later\n"])
        let none = try PromoteBinary.run(
            ["metrics", "dev", "--commit", "main"], in: repository.path, environment: environment)
        #expect(none.status == 0 && none.stdout.hasPrefix("no deploy of "), "\(none.stdout)")
    }

    /// `promote deploy` killed with SIGKILL at several moments (during sync, creates, starts and following), then
    /// run to the end: it converges, and no artifact or configuration exists twice.
    @Test func aDeployKilledAtAnyPointConvergesWithoutDuplicates() throws {
        let repository = try DeployFixtures.repository()
        let (process, environment) = try emulatorEnvironment(repository)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        for delay in [0.05, 0.25, 0.5, 0.9, 1.5] {
            let deploy = Process()
            deploy.executableURL = URL(fileURLWithPath: PromoteBinary.path)
            deploy.arguments = ["deploy", "dev"]
            deploy.currentDirectoryURL = URL(fileURLWithPath: repository.path)
            var env = ProcessInfo.processInfo.environment
            for (key, value) in GitFixture.identity.merging(environment, uniquingKeysWith: { _, new in new }) {
                env[key] = value
            }
            deploy.environment = env
            deploy.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            deploy.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try deploy.run()
            Thread.sleep(forTimeInterval: delay)
            kill(deploy.processIdentifier, SIGKILL)
            deploy.waitUntilExit()
        }
        let final = try PromoteBinary.run(["deploy", "dev"], in: repository.path, environment: environment)
        #expect(final.status == 0, "\(final.stdout)\(final.stderr)")

        for kind in ["artifacts", "configurations"] {
            let names = try #require(try listed(kind, environment), "listing \(kind) failed")
            #expect(!names.isEmpty, "no \(kind) listed")
            #expect(Set(names).count == names.count, "duplicate \(kind): \(names.sorted())")
        }
    }

    /// The names of the `kind` objects (artifacts, configurations, deployments) in rg-dev; nil when the answer is
    /// not a list (an error, or no rg-dev yet).
    private func listed(_ kind: String, _ environment: [String: String?]) throws -> [String]? {
        let base = environment["AICORE_BASE_URL"].flatMap { $0 } ?? ""
        let auth = environment["AICORE_AUTH_URL"].flatMap { $0 } ?? ""
        let token = try Shell.run(
            "curl",
            [
                "-sf", "-X", "POST", auth, "-d",
                "grant_type=client_credentials&client_id=promote-emulator&client_secret=\(Self.secret)",
            ])
        let value =
            token.stdout.split(separator: "\"").drop { $0 != "access_token" }.dropFirst(2).first.map(String.init) ?? ""
        let listed = try Shell.run(
            "curl",
            [
                "-s", base + "/lm/\(kind)?$top=1000", "-H", "Authorization: Bearer \(value)", "-H",
                "AI-Resource-Group: rg-dev",
            ])
        let json = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        return (json?["resources"] as? [[String: Any]])?.compactMap { $0["name"] as? String ?? $0["id"] as? String }
    }

    /// Destination credentials the service refuses are found before anything is created in the tenant.
    @Test func refusedDestinationCredentialsStopTheDeployBeforeItCreatesAnything() throws {
        let repository = try DeployFixtures.repository()
        var (process, environment) = try emulatorEnvironment(repository)
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        environment["AICORE_DESTINATION_CLIENT_SECRET"] = "wrong-destination-secret-41"
        let result = try PromoteBinary.run(["deploy", "dev", "--json"], in: repository.path, environment: environment)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("the destination service refused its client credentials (HTTP 401"),
            "\(result.stderr)")
        #expect(result.stderr.contains("check the destination service's client id and secret"))
        #expect(
            !result.stdout.contains("wrong-destination-secret-41")
                && !result.stderr.contains("wrong-destination-secret-41"))
        #expect(try listed("configurations", environment) ?? [] == [])
        // Not even the resource group: it is looked at alongside the credential check, created only after it.
        #expect(try listed("artifacts", environment) == nil, "rg-dev was not created")
        #expect(throws: (any Error).self) {
            try repository.git(["notes", "--ref", "refs/notes/promote/deployments", "show", "main"])
        }
    }

    /// The destination service refusing promote once the deployment is RUNNING: exit 3 with the table, the JSON
    /// report and a failed record, all naming the service; what was created is listed, not hidden behind an error.
    @Test func aDestinationFailureAfterTheDeploymentRunsIsReportedAndRecorded() throws {
        let repository = try DeployFixtures.repository()
        let (process, environment) = try emulatorEnvironment(
            repository, arguments: ["--faults", "destination:expire=1"])
        defer {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let json = try PromoteBinary.run(["deploy", "dev", "--json"], in: repository.path, environment: environment)
        #expect(json.status == 3, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["outcome"] as? String == "failed")
        let error = try #require(report["error"] as? String)
        #expect(error.contains("the destination service refused its client credentials (HTTP 401"), "\(error)")
        let deployments = (report["deployments"] as? [[String: Any]]) ?? []
        #expect(deployments.first?["status"] as? String == "RUNNING")
        #expect(((report["configurations"] as? [[String: Any]]) ?? []).count == 2)
        #expect(json.stderr.contains("deploy stopped: the destination service refused"))
        let notes = try repository.git(["notes", "--ref", "refs/notes/promote/deployments", "show", "main"])
        #expect(notes.contains(#""outcome":"failed""#))
        #expect(notes.contains("the destination service refused its client credentials"))

        let text = try PromoteBinary.run(["deploy", "dev"], in: repository.path, environment: environment)
        #expect(text.status == 3)
        #expect(text.stdout.contains("RUNNING"), "\(text.stdout)")
        #expect(
            text.stdout.contains("FAILED: the destination service refused its client credentials"), "\(text.stdout)")
        for output in [json.stdout, json.stderr, text.stdout, text.stderr, notes] {
            #expect(!output.contains(Self.secret))
        }
    }

    @Test func aMissingCredentialIsNamedAndNothingIsCalled() throws {
        let repository = try DeployFixtures.repository()
        let result = try PromoteBinary.run(
            ["deploy", "dev"], in: repository.path,
            environment: [
                "AICORE_AUTH_URL": "http://127.0.0.1:9/oauth/token", "AICORE_BASE_URL": "http://127.0.0.1:9/v2",
                "AICORE_CLIENT_ID": "x", "AICORE_CLIENT_SECRET": nil,
            ])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Error: stage 'dev' needs the environment variable AICORE_CLIENT_SECRET; set it from the AI Core service key (or the CI secret store)\n"
        )
    }

    @Test func aBadConfigIsRefusedNamingTheFile() throws {
        let repository = try DeployFixtures.repository(
            config: #"{ "clean_up": true, "artifacts": [ { "key": "a", "name": "A", "kind": "table" } ] }"#)
        let result = try PromoteBinary.run(["deploy", "dev", "--target", "emulator"], in: repository.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cicd/config.json: $.artifacts[0]"))
    }

    @Test func theEmulatorTargetNeedsNoTenant() throws {
        let repository = try DeployFixtures.repository()
        let result = try PromoteBinary.run(["deploy", "dev", "--target", "emulator"], in: repository.path)
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        #expect(result.stdout.contains("started an in-process AI Core emulator"))
        #expect(result.stdout.contains("destination AI_CORE_DEPLOYMENT created"))
    }

    @Test func aDeadExecutionExitsThree() throws {
        let config = DeployFixtures.designConfig.replacingFirst(
            #""value": "test1""#, with: #""value": "emulator:fail:out of memory""#)
        let repository = try DeployFixtures.repository(config: config)
        let result = try PromoteBinary.run(["deploy", "dev", "--target", "emulator"], in: repository.path)
        #expect(result.status == 3)
        #expect(result.stdout.contains("FAILED: out of memory"))
    }
}
