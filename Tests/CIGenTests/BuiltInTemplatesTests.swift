@testable import CIGen
import Foundation
import PromoteModel
import Testing

/// The binary carries ci-templates/ as Swift source; this fails when the two differ (run scripts/embed-ci-templates).
@Suite struct BuiltInTemplatesTests {
    @Test func builtInTemplatesEqualTheTemplateFolder() throws {
        let folder = (CIFixtures.packageRoot as NSString).appendingPathComponent("ci-templates")
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
        var onDisk: [String: String] = [:]
        for case let relative as String in enumerator where relative.hasSuffix(".mustache") {
            onDisk[String(relative.dropLast(".mustache".count))] = CIFixtures.read(
                (folder as NSString).appendingPathComponent(relative))
        }
        #expect(!onDisk.isEmpty)
        #expect(
            Set(BuiltInTemplates.files.keys) == Set(onDisk.keys),
            "ci-templates/ and BuiltInTemplates.swift name different templates; run scripts/embed-ci-templates")
        for (name, text) in onDisk {
            #expect(
                BuiltInTemplates.files[name] == text,
                "\(name) differs from ci-templates/\(name).mustache; run scripts/embed-ci-templates")
        }
    }

    @Test func everyTargetHasItsTemplate() {
        for target in CISettings.Target.allCases {
            #expect(BuiltInTemplates.files[CIGenerator.templateName(of: target)] != nil)
        }
    }
}
