@testable import PromoteModel

/// The readers of files anyone who can push to dev writes.
enum ModelTargets {
    /// A fixed upstream stage, so the graph checks (from, branches, cycles) run against the fuzzed file too.
    static let dev = Array(
        #"{"version":1,"name":"dev","branch":"main","aicore":{"resource_group":"cicd-dev","application":"a-dev"}}"#.utf8
    )

    static let stages: StageSet = {
        guard let set = try? StageLoader.load([StageFileSource(path: "stages/dev.json", contents: dev)]) else {
            preconditionFailure("the fixed dev stage must load")
        }
        return set
    }()

    static func stageFiles(_ bytes: [UInt8]) {
        let files = [
            StageFileSource(path: "stages/dev.json", contents: dev),
            StageFileSource(path: "stages/tst.json", contents: bytes),
        ]
        do {
            let set = try StageLoader.load(files)
            precondition(set["tst"] != nil || set.stages.count == 2, "a loaded set holds every file's stage")
        } catch {
            if case .invalid(let problems) = error { precondition(!problems.isEmpty, "an invalid set names a problem") }
        }
    }

    static func deployConfig(_ bytes: [UInt8]) {
        let (base, overlay) = bytes.splitAtFirstZero()
        do {
            _ = try DeployConfigLoader.load(
                base: base, basePath: "cicd/config.json", overlay: overlay, overlayPath: "cicd/config.tst.json",
                substitutions: ["PROMOTE_STAGE": "tst", "PROMOTE_COMMIT": "0123456789abcdef0123456789abcdef01234567"])
        } catch {
            if case .invalid(let problems) = error {
                precondition(!problems.isEmpty, "an invalid config names a problem")
            }
        }
        // What the parser reads, it writes back the same.
        if let value = try? JSONValue(parsing: base) {
            let again = try? JSONValue(parsing: Array(value.serialized().utf8))
            precondition(again == value, "JSON round trip changed the value")
        }
    }

    static func templates(_ bytes: [UInt8]) {
        let path = bytes.count % 2 == 0 ? "templates/fuzz.yaml" : "templates/fuzz.json"
        let file = TemplateParser.parse(path: path, contents: bytes)
        precondition(file.path == path)
        _ = TemplateRules.check([file])
        // Where the fast composer reads a text, it reads it as Yams does.
        if let text = String(validating: bytes, as: UTF8.self), let plain = PlainYAMLComposer.documents(text) {
            precondition((try? TemplateParser.composedByYams(text)) == plain, "PlainYAMLComposer differs from Yams")
        }
    }

    static func ciSettings(_ bytes: [UInt8]) {
        _ = try? CISettingsLoader.load(bytes, stages: stages)
    }

    static func placeholders(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var previous = text.startIndex
        for found in PlaceholderScanner.placeholders(in: text) {
            precondition(found.range.lowerBound >= previous, "placeholders overlap or go backwards")
            let scalars = Array(found.text.unicodeScalars)
            precondition(scalars.count >= 4 && scalars.prefix(2).allSatisfy { $0 == "{" })
            precondition(scalars.suffix(2).allSatisfy { $0 == "}" } && !scalars.contains("\n"))
            _ = PlaceholderScanner.workflowParameter(found.text)
            previous = found.range.upperBound
        }
    }

    static func allowedSigners(_ bytes: [UInt8]) {
        let signers = AllowedSigners(String(decoding: bytes, as: UTF8.self))
        var line = 0
        for entry in signers.entries {
            precondition(entry.line > line, "entries are in line order")
            precondition(!entry.principals.isEmpty)
            precondition(entry.named.allSatisfy { !AllowedSigners.isPattern($0) })
            line = entry.line
        }
        _ = signers.namedPrincipals
    }
}
