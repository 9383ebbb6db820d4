import AICoreEmulator
import Foundation
import HTTPTypes
import HummingbirdTesting
import PromoteModel
import TestSupport
import Testing

/// `--faults`: the grammar, and what each injected fault looks like to a client.
@Suite struct FaultInjectionTests {
    private static func rule(_ adjust: (inout FaultPlan.Rule) -> Void) -> FaultPlan.Rule {
        var rule = FaultPlan.Rule()
        adjust(&rule)
        return rule
    }

    private static func everyClass(_ rule: FaultPlan.Rule) -> [FaultPlan.RouteClass: FaultPlan.Rule] {
        Dictionary(uniqueKeysWithValues: FaultPlan.RouteClass.allCases.map { ($0, rule) })
    }

    private static let documentedExample: FaultPlan = {
        var rules = everyClass(rule { $0.dropRate = 0.05 })
        rules[.lm] = rule {
            $0.serverErrorRate = 0.2
            $0.tooManyRequestsRate = 0.1
            $0.retryAfterSeconds = 1
            $0.dropRate = 0.05
        }
        rules[.oauth] = rule {
            $0.latency = 0.2
            $0.dropRate = 0.05
        }
        return FaultPlan(rules: rules)
    }()

    static let goodSpecs: [(String, FaultPlan)] = [
        ("", .none),
        (" ; ", .none),
        ("lm:5xx=0.2,429=0.1,retry-after=1;oauth:latency=200ms;*:drop=0.05", documentedExample),
        ("5xx=1", FaultPlan(rules: everyClass(rule { $0.serverErrorRate = 1 }))),
        ("all:expire=0.5", FaultPlan(rules: everyClass(rule { $0.expiryRate = 0.5 }))),
        ("logs:latency=1.5s", FaultPlan(rules: [.logs: rule { $0.latency = 1.5 }])),
        ("inference:latency=150", FaultPlan(rules: [.inference: rule { $0.latency = 0.15 }])),
        (
            " lm : 429 = 1 , retry-after = 3 ",
            FaultPlan(rules: [
                .lm: rule {
                    $0.tooManyRequestsRate = 1
                    $0.retryAfterSeconds = 3
                }
            ])
        ),
        (
            "lm:5xx=0.1;lm:429=0.2",
            FaultPlan(rules: [
                .lm: rule {
                    $0.serverErrorRate = 0.1
                    $0.tooManyRequestsRate = 0.2
                }
            ])
        ),
        (
            "admin:drop=0,expire=1;destination:5xx=0.3",
            FaultPlan(rules: [.admin: rule { $0.expiryRate = 1 }, .destination: rule { $0.serverErrorRate = 0.3 }])
        ),
    ]

    @Test(arguments: goodSpecs)
    func theDocumentedGrammarParses(_ spec: String, _ expected: FaultPlan) throws {
        let plan = try FaultPlan.parse(spec)
        #expect(plan == expected, "\(spec)")
        #expect(plan.isEmpty == expected.isEmpty)
    }

    static let badSpecs: [(String, String)] = [
        (
            "db:5xx=1",
            "invalid --faults: unknown route class 'db'; use one of oauth, admin, lm, logs, inference, destination or *"
        ),
        (
            "lm:5xx=0.1;oops:drop=1",
            "invalid --faults: unknown route class 'oops'; use one of oauth, admin, lm, logs, inference, destination "
                + "or *"
        ),
        ("lm:5xx", "invalid --faults: '5xx' is not KEY=VALUE"),
        ("lm:5xx=1.5", "invalid --faults: 5xx=1.5: a rate must be a number from 0 to 1"),
        ("drop=-0.1", "invalid --faults: drop=-0.1: a rate must be a number from 0 to 1"),
        ("429=often", "invalid --faults: 429=often: a rate must be a number from 0 to 1"),
        ("expire=nan", "invalid --faults: expire=nan: a rate must be a number from 0 to 1"),
        ("lm:retry-after=1.5", "invalid --faults: retry-after=1.5: whole seconds"),
        ("lm:retry-after=-1", "invalid --faults: retry-after=-1: whole seconds"),
        ("oauth:latency=fast", "invalid --faults: latency=fast: use e.g. 50ms or 0.2s"),
        ("oauth:latency=-5ms", "invalid --faults: latency=-5ms: use e.g. 50ms or 0.2s"),
        ("lm:boom=1", "invalid --faults: unknown key 'boom'; use 5xx, 429, retry-after, latency, drop or expire"),
    ]

    @Test(arguments: badSpecs)
    func malformedSpecsAreRefusedNamingTheProblem(_ spec: String, _ message: String) {
        let error = #expect(throws: EmulatorStartError.self) { _ = try FaultPlan.parse(spec) }
        #expect(error?.description == message)
        switch error {
        case .invalidFaults?: break
        default: Issue.record("expected invalidFaults, got \(String(describing: error))")
        }
    }

    // MARK: behaviour

    private static func configuration(_ spec: String, seed: UInt64 = 1) throws -> EmulatorConfiguration {
        let plan = try FaultPlan.parse(spec)
        return EmulatorHarness.configuration {
            $0.faults = plan
            $0.seed = seed
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func serverErrorsHitEveryLMCallButNotOAuthOrAdmin(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(Self.configuration("lm:5xx=1"), setup: setup) { emulator in
            let calls: [(HTTPRequest.Method, String, JSONValue?)] = [
                (.get, "/v2/lm/scenarios", nil),
                (.get, "/v2/lm/artifacts", nil),
                (.get, "/v2/lm/artifacts/$count", nil),
                (
                    .post, "/v2/lm/artifacts",
                    ["name": "a", "kind": "model", "url": "ai://default/a", "scenarioId": "s"]
                ),
                (.get, "/v2/lm/deployments/0123456789abcdef", nil),
                (.patch, "/v2/lm/executions/0123456789abcdef", ["targetStatus": "STOPPED"]),
            ]
            for (method, path, body) in calls {
                let response = try await emulator.call(method, path, body)
                response.expectError(503)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            let token = try await emulator.form(
                "/oauth/token",
                [
                    "grant_type": "client_credentials", "client_id": emulator.configuration.clientID,
                    "client_secret": emulator.configuration.clientSecret,
                ])
            #expect(token.status == 200)
            #expect(token.json["access_token"]?.stringValue != nil)
            try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil).expectSuccess()
            // Logs are their own route class.
            try await emulator.call(.get, "/v2/lm/executions/0123456789abcdef/logs").expectError(404)
        }
    }

    @Test(arguments: [("lm:429=1,retry-after=7", "7"), ("lm:429=1", "1")])
    func tooManyRequestsCarriesRetryAfter(_ spec: String, _ retryAfter: String) async throws {
        try await EmulatorHarness.withEmulator(Self.configuration(spec)) { emulator in
            let response = try await emulator.call(.get, "/v2/lm/artifacts")
            response.expectError(429)
            #expect(response.headers[.retryAfter] == retryAfter)
            let post = try await emulator.call(
                .post, "/v2/lm/configurations", ["name": "c", "scenarioId": "s", "executableId": "e"])
            post.expectError(429)
            #expect(post.headers[.retryAfter] == retryAfter)
        }
    }

    @Test func latencyIsAddedBeforeTheAnswer() async throws {
        try await EmulatorHarness.withEmulator(Self.configuration("admin:latency=300ms")) { emulator in
            let start = ContinuousClock.now
            let response = try await emulator.call(.get, "/v2/admin/resourceGroups", group: nil)
            let elapsed = ContinuousClock.now - start
            response.expectSuccess()
            #expect(elapsed >= .milliseconds(300), "took \(elapsed)")
            #expect(elapsed < .seconds(10), "took \(elapsed)")
        }
    }

    private static func outcomes(seed: UInt64) async throws -> [Int] {
        let recorder = TestRecorder<[Int]>()
        try await EmulatorHarness.withEmulator(configuration("lm:5xx=0.5", seed: seed)) { emulator in
            var statuses: [Int] = []
            for _ in 0..<50 { statuses.append(try await emulator.call(.get, "/v2/lm/artifacts").status) }
            await recorder.record(statuses)
        }
        return try #require(await recorder.value)
    }

    @Test func theSameSeedRepeatsTheFaultsAndAnotherSeedDoesNot() async throws {
        let first = try await Self.outcomes(seed: 42)
        let again = try await Self.outcomes(seed: 42)
        let other = try await Self.outcomes(seed: 43)
        #expect(first.count == 50)
        #expect(Set(first) == [200, 503], "a 0.5 rate gives both outcomes: \(first)")
        #expect(first == again)
        #expect(first != other)
        let failures = first.filter { $0 == 503 }.count
        #expect((10...40).contains(failures), "\(failures) of 50 failed at rate 0.5")
    }

    @Test func aDroppedConnectionIsNotACleanSuccess() async throws {
        try await EmulatorHarness.withEmulator(Self.configuration("lm:drop=1"), setup: .live) { emulator in
            do {
                let response = try await emulator.call(.get, "/v2/lm/scenarios")
                let clean = (200..<300).contains(response.status) && response.json != .null
                #expect(!clean, "a dropped response arrived whole: \(response.status) \(response.text)")
            } catch {
                // The connection closed mid-response, which is what a dropped connection must look like.
            }
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func anInjectedExpiryRefusesAPICallsButNotTokenRequests(_ setup: TestingSetup) async throws {
        try await EmulatorHarness.withEmulator(Self.configuration("*:expire=1"), setup: setup) { emulator in
            let configuration = emulator.configuration
            let token = try await emulator.form(
                "/oauth/token",
                [
                    "grant_type": "client_credentials", "client_id": configuration.clientID,
                    "client_secret": configuration.clientSecret,
                ])
            #expect(token.status == 200)
            let fresh = try #require(token.json["access_token"]?.stringValue)
            let destination = try await emulator.form(
                "/oauth/token",
                [
                    "grant_type": "client_credentials", "client_id": configuration.destinationClientID,
                    "client_secret": configuration.destinationClientSecret,
                ])
            #expect(destination.status == 200)
            let destinationToken = try #require(destination.json["access_token"]?.stringValue)
            for path in [
                "/v2/lm/scenarios", "/v2/admin/resourceGroups", "/v2/lm/executions/0123456789abcdef/logs",
                "/v2/inference/deployments/0123456789abcdef/v2/predict",
            ] {
                let response = try await emulator.call(.get, path, token: fresh)
                response.expectError(401)
                #expect(response.errorMessage?.localizedCaseInsensitiveContains("expired") == true, "\(path)")
            }
            try await emulator.call(
                .get, "/destination-configuration/v1/subaccountDestinations", group: nil, token: destinationToken
            ).expectError(401)
        }
    }
}
