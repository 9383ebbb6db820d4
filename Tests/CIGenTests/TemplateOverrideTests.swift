import CIGen
import Foundation
import PromoteModel
import TestSupport
import Testing

/// `--templates DIR`: a file there replaces the built-in template of the same name; the rest stay built in.
@Suite struct TemplateOverrideTests {
    @Test func aPartialCanBeReplacedAlone() throws {
        let tree = try CIFixtures.workingTree("default")
        let overrides = TemporaryDirectory("promote-templates")
        try FileManager.default.createDirectory(
            atPath: overrides.appending("jenkins"), withIntermediateDirectories: true)
        try """
          agent {
            label 'ml-<%runnerImage%>'
          }

        """.write(toFile: overrides.appending("jenkins/agent.mustache"), atomically: true, encoding: .utf8)
        let project = try CIFixtures.render(root: tree.path, targets: [.jenkins], templates: overrides.path)
        let jenkinsfile = try #require(project.files.first?.contents)
        #expect(jenkinsfile.contains("label 'ml-swift:6.3-noble'"))
        #expect(!jenkinsfile.contains("image 'swift:6.3-noble'"))
        #expect(jenkinsfile.contains("stage('Promote dev to tst')"))
    }

    @Test func valuesAreNotHTMLEscaped() throws {
        let overrides = TemporaryDirectory("promote-templates")
        try FileManager.default.createDirectory(
            atPath: overrides.appending("github"), withIntermediateDirectories: true)
        try "a && b <%generator%> 'q' \"d\"\n<%#stages%><%name%>&<%/stages%>\n".write(
            toFile: overrides.appending("github/promote.yml.mustache"), atomically: true, encoding: .utf8)
        let tree = try CIFixtures.workingTree("default")
        let file = try #require(
            try CIFixtures.render(root: tree.path, targets: [.github], templates: overrides.path).files.first)
        #expect(file.contents == "a && b promote 1.0.0 'q' \"d\"\ndev&tst&prd&\n")
    }

    @Test func aTemplateThatDoesNotParseIsNamed() throws {
        let overrides = TemporaryDirectory("promote-templates")
        try FileManager.default.createDirectory(
            atPath: overrides.appending("gitlab"), withIntermediateDirectories: true)
        let path = overrides.appending("gitlab/gitlab-ci.yml.mustache")
        try "<%#stages%>unclosed\n".write(toFile: path, atomically: true, encoding: .utf8)
        let tree = try CIFixtures.workingTree("default")
        do {
            _ = try CIFixtures.render(root: tree.path, targets: [.gitlab], templates: overrides.path)
            Issue.record("a broken template rendered")
        } catch let error as CIGenError {
            #expect(error.description.hasPrefix("template gitlab/gitlab-ci.yml (\(path)) does not parse"))
        }
    }

    @Test func aMissingTemplatesDirectoryIsAnError() throws {
        let tree = try CIFixtures.workingTree("default")
        #expect(throws: CIGenError.templatesNotFound("/nonexistent/templates")) {
            try CIFixtures.render(root: tree.path, templates: "/nonexistent/templates")
        }
    }
}
