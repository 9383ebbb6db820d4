import Testing

@testable import PromoteModel

/// `DeployConfigDiff`: the semantic diff of a stage's deploy config (base merged with its overlay) between two
/// commits.
@Suite struct DeployConfigDiffTests {
    typealias F = DiffFixtures

    static func diff(_ old: String?, _ new: String?) throws -> (
        entries: [DeployConfigDiff.Entry], settings: [FieldChange]
    ) {
        DeployConfigDiff.compare(old: try old.map(F.json), new: try new.map(F.json))
    }

    static func entry(
        _ section: DeployConfigDiff.Section, _ name: String, _ status: ExecutableDiff.Status,
        _ changes: [FieldChange] = []
    ) -> DeployConfigDiff.Entry {
        DeployConfigDiff.Entry(section: section, name: name, status: status, changes: changes)
    }

    static let vocabulary = """
        {"key": "vocabulary", "name": "Vocabulary", "kind": "other", "url": "ai://default/vocab",
             "scenario_id": "demo-scenario"},
            {"key": "dataset",
        """

    @Test func identicalConfigsGiveNoDiff() throws {
        let diff = try Self.diff(F.config, F.config)
        #expect(diff.entries == [])
        #expect(diff.settings == [])
    }

    /// Entries are matched by key or configuration name, and objects key by key: order is not a change.
    @Test func orderIsNotAChange() throws {
        let reordered = """
            {"deployments": [{"wait_for_status": "RUNNING", "configuration": {"input_artifact_bindings": [{"key": "model"}],
               "parameter_bindings": [{"value": "hello", "key": "greeting"}], "executable_id": "serve-model",
               "scenario_id": "demo-scenario", "name": "serve"}}],
             "executions": [{"configuration": {"name": "train", "scenario_id": "demo-scenario",
               "executable_id": "train-model",
               "parameter_bindings": [{"key": "learningRate", "value": "0.01"}, {"key": "epochs", "value": "2"}],
               "input_artifact_bindings": [{"key": "dataset"}]}, "wait_for_status": "COMPLETED"}],
             "artifacts": [
               {"scenario_id": "demo-scenario", "url": "ai://default/models/house", "kind": "model",
                "name": "House model", "key": "model"},
               {"key": "dataset", "name": "Training data", "kind": "dataset", "url": "ai://default/data/train.csv",
                "scenario_id": "demo-scenario"}],
             "clean_up": false}
            """
        let diff = try Self.diff(F.config, reordered)
        #expect(diff.entries == [])
        #expect(diff.settings == [])
    }

    @Test func artifactAdded() throws {
        let new = try F.edit(F.config, #"{"key": "dataset","#, Self.vocabulary)
        let diff = try Self.diff(F.config, new)
        #expect(diff.entries == [Self.entry(.artifacts, "vocabulary", .added)])
        #expect(diff.settings == [])
    }

    @Test func artifactRemoved() throws {
        let old = try F.edit(F.config, #"{"key": "dataset","#, Self.vocabulary)
        let diff = try Self.diff(old, F.config)
        #expect(diff.entries == [Self.entry(.artifacts, "vocabulary", .removed)])
        #expect(diff.settings == [])
    }

    @Test func artifactFieldsChanged() throws {
        var new = try F.edit(F.config, "ai://default/data/train.csv", "ai://default/data/train-2026.csv")
        new = try F.edit(new, #""name": "House model""#, #""name": "House model", "description": "v2""#)
        let diff = try Self.diff(F.config, new)
        #expect(
            diff.entries == [
                Self.entry(
                    .artifacts, "dataset", .changed,
                    [
                        FieldChange(
                            path: "url", before: "ai://default/data/train.csv",
                            after: "ai://default/data/train-2026.csv")
                    ]),
                Self.entry(.artifacts, "model", .changed, [FieldChange(path: "description", before: nil, after: "v2")]),
            ])
    }

    @Test func executionParameterValueChanged() throws {
        let new = try F.edit(F.config, #"{"key": "epochs", "value": "2"}"#, #"{"key": "epochs", "value": "5"}"#)
        let diff = try Self.diff(F.config, new)
        #expect(
            diff.entries == [
                Self.entry(
                    .executions, "train", .changed,
                    [FieldChange(path: "configuration.parameter_bindings[key=epochs].value", before: "2", after: "5")])
            ])
        #expect(diff.settings == [])
    }

    @Test func executionParameterBindingAddedAndRemoved() throws {
        let new = try F.edit(
            F.config, #"{"key": "learningRate", "value": "0.01"}"#, #"{"key": "batchSize", "value": "32"}"#)
        #expect(
            try Self.diff(F.config, new).entries == [
                Self.entry(
                    .executions, "train", .changed,
                    [
                        FieldChange(
                            path: "configuration.parameter_bindings[key=batchSize]", before: nil,
                            after: #"{"key":"batchSize","value":"32"}"#),
                        FieldChange(
                            path: "configuration.parameter_bindings[key=learningRate]",
                            before: #"{"key":"learningRate","value":"0.01"}"#, after: nil),
                    ])
            ])
    }

    @Test func deploymentAdded() throws {
        let canary = """
            "deployments": [
                {"configuration": {"name": "serve-canary", "scenario_id": "demo-scenario", "executable_id": "serve-model",
                   "input_artifact_bindings": [{"key": "model"}]}},
            """
        let new = try F.edit(F.config, #""deployments": ["#, canary)
        let diff = try Self.diff(F.config, new)
        #expect(diff.entries == [Self.entry(.deployments, "serve-canary", .added)])
        #expect(diff.settings == [])
        #expect(try Self.diff(new, F.config).entries == [Self.entry(.deployments, "serve-canary", .removed)])
    }

    /// A renamed configuration is another configuration: the old one removed, the new one added.
    @Test func renamedConfigurationIsRemovedAndAdded() throws {
        let new = try F.edit(F.config, #""name": "serve""#, #""name": "serve-v2""#)
        #expect(
            try Self.diff(F.config, new).entries == [
                Self.entry(.deployments, "serve", .removed), Self.entry(.deployments, "serve-v2", .added),
            ])
    }

    @Test func deploymentFieldsChanged() throws {
        let new = try F.edit(
            F.config, #""wait_for_status": "RUNNING"}"#,
            #""wait_for_status": "RUNNING", "existing_deployment_id": "d0123456789abcd"}"#)
        #expect(
            try Self.diff(F.config, new).entries == [
                Self.entry(
                    .deployments, "serve", .changed,
                    [FieldChange(path: "existing_deployment_id", before: nil, after: "d0123456789abcd")])
            ])
    }

    @Test func cleanUpChanged() throws {
        let new = try F.edit(F.config, #""clean_up": false"#, #""clean_up": true"#)
        let diff = try Self.diff(F.config, new)
        #expect(diff.entries == [])
        #expect(diff.settings == [FieldChange(path: "clean_up", before: "false", after: "true")])
    }

    @Test func cleanUpRemoved() throws {
        let new = try F.edit(F.config, "  \"clean_up\": false,\n", "")
        #expect(try Self.diff(F.config, new).settings == [FieldChange(path: "clean_up", before: "false", after: nil)])
    }

    /// The sections in fixed order (artifacts, executions, deployments), names sorted within each.
    @Test func entriesInSectionOrderThenByName() throws {
        var new = try F.edit(F.config, #""clean_up": false"#, #""clean_up": true"#)
        new = try F.edit(new, #"{"key": "epochs", "value": "2"}"#, #"{"key": "epochs", "value": "3"}"#)
        new = try F.edit(new, #""greeting", "value": "hello""#, #""greeting", "value": "hi""#)
        new = try F.edit(new, #""name": "House model""#, #""name": "Price model""#)
        new = try F.edit(new, #""name": "Training data""#, #""name": "Sales data""#)
        let diff = try Self.diff(F.config, new)
        #expect(diff.entries.map(\.section) == [.artifacts, .artifacts, .executions, .deployments])
        #expect(diff.entries.map(\.name) == ["dataset", "model", "train", "serve"])
        #expect(
            diff.entries.last
                == Self.entry(
                    .deployments, "serve", .changed,
                    [
                        FieldChange(
                            path: "configuration.parameter_bindings[key=greeting].value", before: "hello", after: "hi")
                    ]))
        #expect(diff.settings == [FieldChange(path: "clean_up", before: "false", after: "true")])
    }

    /// A config that did not exist at the older commit: every entry is added; its settings are not listed one by
    /// one.
    @Test func configAddedListsEveryEntryAsAdded() throws {
        let diff = try Self.diff(nil, F.config)
        #expect(
            diff.entries == [
                Self.entry(.artifacts, "dataset", .added), Self.entry(.artifacts, "model", .added),
                Self.entry(.executions, "train", .added), Self.entry(.deployments, "serve", .added),
            ])
        #expect(diff.settings == [])
    }

    /// An entry without a name is listed under its position; a repeated name gets its position added.
    @Test func unnamedAndRepeatedEntries() throws {
        let old = #"{"executions": [{"configuration": {"name": "a"}}, {"wait_for_status": "RUNNING"}]}"#
        let new =
            #"{"executions": [{"configuration": {"name": "a"}}, {"wait_for_status": "DEAD"}, {"configuration": {"name": "a", "x": 1}}]}"#
        #expect(
            try Self.diff(old, new).entries == [
                Self.entry(
                    .executions, "#2", .changed,
                    [FieldChange(path: "wait_for_status", before: "RUNNING", after: "DEAD")]),
                Self.entry(.executions, "a (#3)", .added),
            ])
    }

    // MARK: overlays

    /// Both sides are the base merged with the stage overlay: a change the overlay makes shows up at its path; a
    /// base change the overlay overrides is no change for the stage.
    @Test func overlayMergedDocuments() throws {
        let overlayOld = #"""
            {"clean_up": true,
             "deployments": [{"existing_deployment_id": "d0000000000000a", "configuration": {"name": "serve",
               "scenario_id": "demo-scenario", "executable_id": "serve-model",
               "parameter_bindings": [{"key": "greeting", "value": "hello prd"}],
               "input_artifact_bindings": [{"key": "model"}]}}]}
            """#
        let overlayNew = try F.edit(overlayOld, "d0000000000000a", "d0000000000000b")
        // The base changes clean_up and the deployment's greeting, both overridden by the overlay, and a parameter
        // value the overlay leaves alone.
        var baseNew = try F.edit(F.config, #""clean_up": false"#, #""clean_up": true"#)
        baseNew = try F.edit(baseNew, #""greeting", "value": "hello""#, #""greeting", "value": "hi""#)
        baseNew = try F.edit(baseNew, #""learningRate", "value": "0.01""#, #""learningRate", "value": "0.02""#)
        let old = DeployConfigLoader.mergePatch(try F.json(F.config), try F.json(overlayOld))
        let new = DeployConfigLoader.mergePatch(try F.json(baseNew), try F.json(overlayNew))
        let diff = DeployConfigDiff.compare(old: old, new: new)
        #expect(
            diff.entries == [
                Self.entry(
                    .executions, "train", .changed,
                    [
                        FieldChange(
                            path: "configuration.parameter_bindings[key=learningRate].value", before: "0.01",
                            after: "0.02")
                    ]),
                Self.entry(
                    .deployments, "serve", .changed,
                    [FieldChange(path: "existing_deployment_id", before: "d0000000000000a", after: "d0000000000000b")]),
            ])
        #expect(diff.settings == [])
        // The merged documents load as the stage's config.
        #expect(
            try F.loadConfig(baseNew, overlay: overlayNew).deployments.first?.existingDeploymentID == "d0000000000000b")
    }

    /// An overlay added at the newer commit: what it changes relative to the base is the diff.
    @Test func overlayAdded() throws {
        let overlay = #"{"clean_up": true, "executions": null}"#
        let new = DeployConfigLoader.mergePatch(try F.json(F.config), try F.json(overlay))
        let diff = DeployConfigDiff.compare(old: try F.json(F.config), new: new)
        #expect(diff.entries == [Self.entry(.executions, "train", .removed)])
        #expect(diff.settings == [FieldChange(path: "clean_up", before: "false", after: "true")])
    }
}

/// `JSONDiff`: the structural comparison under every semantic diff.
@Suite struct JSONDiffTests {
    /// The changes between two JSON texts; a text that does not parse fails the test.
    static func changes(_ old: String, _ new: String, at path: String = "") -> [FieldChange] {
        do {
            return JSONDiff.changes(from: try DiffFixtures.json(old), to: try DiffFixtures.json(new), at: path)
        } catch {
            Issue.record("fixture JSON does not parse: \(error)")
            return [FieldChange(path: "(unparsable fixture)", before: nil, after: nil)]
        }
    }

    @Test func equalDocumentsAndKeyOrder() throws {
        #expect(Self.changes(#"{"a": 1, "b": [1, 2]}"#, #"{"b": [1, 2], "a": 1}"#) == [])
        #expect(JSONDiff.changes(from: nil, to: nil) == [])
    }

    @Test func nestedObject() throws {
        #expect(
            Self.changes(#"{"a": {"b": {"c": 1, "d": "x"}}}"#, #"{"a": {"b": {"c": 2, "d": "x", "e": true}}}"#) == [
                FieldChange(path: "a.b.c", before: "1", after: "2"),
                FieldChange(path: "a.b.e", before: nil, after: "true"),
            ])
    }

    @Test func addedAndRemovedMembersShowTheirValueAsJSON() throws {
        #expect(
            Self.changes(#"{"gone": {"k": [1, null]}, "same": 0}"#, #"{"same": 0, "new": {"z": 1, "a": "s"}}"#) == [
                FieldChange(path: "gone", before: #"{"k":[1,null]}"#, after: nil),
                FieldChange(path: "new", before: nil, after: #"{"a":"s","z":1}"#),
            ])
    }

    @Test func arraysWithoutNamesByIndex() throws {
        #expect(
            Self.changes(#"{"xs": [1, 2, 3]}"#, #"{"xs": [1, 5]}"#) == [
                FieldChange(path: "xs[1]", before: "2", after: "5"),
                FieldChange(path: "xs[2]", before: "3", after: nil),
            ])
        // Elements appended or dropped at the end are added or removed, not changed from or to null.
        #expect(
            Self.changes(#"[1]"#, #"[1, null, {"a": 1}]"#) == [
                FieldChange(path: "[1]", before: nil, after: "null"),
                FieldChange(path: "[2]", before: nil, after: #"{"a":1}"#),
            ])
        #expect(
            Self.changes(#"{"xs": [1, null]}"#, #"{"xs": [1]}"#) == [
                FieldChange(path: "xs[1]", before: "null", after: nil)
            ])
        // Without names, a reordering is a change at each position.
        #expect(
            Self.changes(#"{"xs": ["a", "b"]}"#, #"{"xs": ["b", "a"]}"#) == [
                FieldChange(path: "xs[0]", before: "a", after: "b"),
                FieldChange(path: "xs[1]", before: "b", after: "a"),
            ])
    }

    @Test func arraysOfNamedElementsByName() throws {
        let old = #"{"steps": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:1"}]}"#
        // Reordered: no change.
        #expect(Self.changes(old, #"{"steps": [{"name": "b", "image": "y:1"}, {"name": "a", "image": "x:1"}]}"#) == [])
        let new = #"{"steps": [{"name": "c", "image": "z:1"}, {"name": "b", "image": "y:2"}]}"#
        #expect(
            Self.changes(old, new) == [
                FieldChange(path: "steps[name=a]", before: #"{"image":"x:1","name":"a"}"#, after: nil),
                FieldChange(path: "steps[name=b].image", before: "y:1", after: "y:2"),
                FieldChange(path: "steps[name=c]", before: nil, after: #"{"image":"z:1","name":"c"}"#),
            ])
    }

    @Test func arraysOfKeyedElementsByKey() throws {
        let old = #"{"parameter_bindings": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]}"#
        let new = #"{"parameter_bindings": [{"key": "b", "value": "3"}, {"key": "a", "value": "1"}]}"#
        #expect(
            Self.changes(old, new) == [FieldChange(path: "parameter_bindings[key=b].value", before: "2", after: "3")])
    }

    /// Names used twice, or missing from one element, cannot identify elements: the list is compared by index.
    @Test func ambiguousNamesFallBackToIndex() throws {
        #expect(
            Self.changes(
                #"[{"name": "a", "v": 1}, {"name": "a", "v": 2}]"#, #"[{"name": "a", "v": 1}, {"name": "a", "v": 3}]"#)
                == [FieldChange(path: "[1].v", before: "2", after: "3")])
        #expect(
            Self.changes(#"{"l": [{"name": "a"}, {"v": 1}]}"#, #"{"l": [{"name": "a"}, {"v": 2}]}"#) == [
                FieldChange(path: "l[1].v", before: "1", after: "2")
            ])
    }

    /// A value whose type changed is one change at its path, not a change per member.
    @Test func typeChange() throws {
        #expect(
            Self.changes(#"{"a": {"b": 1, "c": 2}}"#, #"{"a": [1, 2]}"#) == [
                FieldChange(path: "a", before: #"{"b":1,"c":2}"#, after: "[1,2]")
            ])
        #expect(
            Self.changes(#"{"a": "text"}"#, #"{"a": null}"#) == [FieldChange(path: "a", before: "text", after: "null")])
        #expect(
            Self.changes(#"{"a": [1]}"#, #"{"a": {"x": "y"}}"#) == [
                FieldChange(path: "a", before: "[1]", after: #"{"x":"y"}"#)
            ])
    }

    @Test func rootAndPathPrefix() throws {
        #expect(Self.changes("1", "2") == [FieldChange(path: "$", before: "1", after: "2")])
        #expect(
            Self.changes(#"{"a": 1}"#, #"{"a": 2}"#, at: "spec") == [
                FieldChange(path: "spec.a", before: "1", after: "2")
            ])
    }

    /// Keys that are not plain identifiers (label and annotation keys) are quoted in the path.
    @Test func nonIdentifierKeysAreQuoted() throws {
        #expect(
            Self.changes(
                #"{"metadata": {"labels": {"ai.sap.com/version": "1.0", "app_name-2": "a"}}}"#,
                #"{"metadata": {"labels": {"ai.sap.com/version": "1.1", "app_name-2": "b"}}}"#) == [
                    FieldChange(path: "metadata.labels.app_name-2", before: "a", after: "b"),
                    FieldChange(path: #"metadata.labels["ai.sap.com/version"]"#, before: "1.0", after: "1.1"),
                ])
    }
}

extension DeployConfigDiffTests {
    // MARK: Schedules

    /// The fixture config with two schedules: one naming the execution's configuration, one declaring its own.
    static let scheduled = """
        {"clean_up": false,
         "artifacts": [{"key": "dataset", "name": "Training data", "kind": "dataset", "url": "ai://default/data/train.csv",
                        "scenario_id": "demo-scenario"}],
         "executions": [{"configuration": {"name": "train", "scenario_id": "demo-scenario", "executable_id": "train-model",
                          "parameter_bindings": [{"key": "learningRate", "value": "0.01"}],
                          "input_artifact_bindings": [{"key": "dataset"}]}}],
         "schedules": [
           {"name": "nightly", "configuration": "train", "cron": "0 2 * * *"},
           {"name": "weekly", "cron": "0 3 * * 1", "status": "INACTIVE",
            "configuration": {"name": "train-weekly", "scenario_id": "demo-scenario", "executable_id": "train-model",
              "parameter_bindings": [{"key": "learningRate", "value": "0.1"}],
              "input_artifact_bindings": [{"key": "dataset"}]}}
         ]}
        """

    @Test func scheduleAddedAndRemovedByName() throws {
        let new = try F.edit(
            Self.scheduled, #"{"name": "nightly", "configuration": "train", "cron": "0 2 * * *"},"#,
            #"{"name": "nightly", "configuration": "train", "cron": "0 2 * * *"}, {"name": "hourly", "configuration": "train", "cron": "0 * * * *"},"#
        )
        #expect(try Self.diff(Self.scheduled, new).entries == [Self.entry(.schedules, "hourly", .added)])
        #expect(try Self.diff(new, Self.scheduled).entries == [Self.entry(.schedules, "hourly", .removed)])
        #expect(
            try Self.diff(F.config, Self.scheduled).entries.filter { $0.section == .schedules } == [
                Self.entry(.schedules, "nightly", .added), Self.entry(.schedules, "weekly", .added),
            ])
    }

    @Test func scheduleFieldsChanged() throws {
        var new = try F.edit(
            Self.scheduled, #""cron": "0 2 * * *"}"#, #""cron": "0 4 * * *", "end": "2027-01-01T00:00:00Z"}"#)
        new = try F.edit(new, #""status": "INACTIVE","#, "")
        new = try F.edit(new, #"{"key": "learningRate", "value": "0.1"}"#, #"{"key": "learningRate", "value": "0.2"}"#)
        #expect(
            try Self.diff(Self.scheduled, new).entries == [
                Self.entry(
                    .schedules, "nightly", .changed,
                    [
                        FieldChange(path: "cron", before: "0 2 * * *", after: "0 4 * * *"),
                        FieldChange(path: "end", before: nil, after: "2027-01-01T00:00:00Z"),
                    ]),
                Self.entry(
                    .schedules, "weekly", .changed,
                    [
                        FieldChange(
                            path: "configuration.parameter_bindings[key=learningRate].value", before: "0.1",
                            after: "0.2"),
                        FieldChange(path: "status", before: "INACTIVE", after: nil),
                    ]),
            ])
    }

    /// Pointing a schedule at another configuration is a change of its `configuration` field.
    @Test func scheduleConfigurationSwitchedFromNamedToDeclared() throws {
        let new = try F.edit(
            Self.scheduled, #""configuration": "train", "cron": "0 2 * * *""#,
            #""configuration": {"name": "train-nightly", "scenario_id": "demo-scenario", "executable_id": "train-model"}, "cron": "0 2 * * *""#
        )
        #expect(
            try Self.diff(Self.scheduled, new).entries == [
                Self.entry(
                    .schedules, "nightly", .changed,
                    [
                        FieldChange(
                            path: "configuration", before: "train",
                            after: #"{"executable_id":"train-model","name":"train-nightly","#
                                + #""scenario_id":"demo-scenario"}"#)
                    ])
            ])
    }

    /// prd's overlay replaces the schedules with a different cron: the diff of the merged config shows the field.
    @Test func scheduleCronChangedByAnOverlay() throws {
        let overlay = try F.json(
            #"{"schedules": [{"name": "nightly", "configuration": "train", "cron": "30 1 * * *"}]}"#)
        let base = try F.json(Self.scheduled)
        let diff = DeployConfigDiff.compare(old: base, new: DeployConfigLoader.mergePatch(base, overlay))
        #expect(
            diff.entries == [
                Self.entry(
                    .schedules, "nightly", .changed,
                    [FieldChange(path: "cron", before: "0 2 * * *", after: "30 1 * * *")]),
                Self.entry(.schedules, "weekly", .removed),
            ])
    }

    @Test func reorderedSchedulesAreNoChange() throws {
        let value = try F.json(Self.scheduled)
        guard case .object(var object) = value, let list = object["schedules"]?.arrayValue else {
            Issue.record("the fixture has no schedules")
            return
        }
        object["schedules"] = .array(list.reversed())
        #expect(DeployConfigDiff.compare(old: value, new: .object(object)).entries == [])
    }
}
