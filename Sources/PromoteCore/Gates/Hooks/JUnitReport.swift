import Foundation
import PromoteGit
import PromoteModel

extension TestRunReport {
    /// The run as JUnit XML (one suite, one test case per hook), the format CI systems display.
    public func junitXML() -> String {
        let failures = runs.filter { $0.outcome != .passed }.count
        let total = runs.map(\.seconds).reduce(0, +)
        let suite = "promote.\(stage)"
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="promote test \#(Self.xml(stage))" tests="\#(runs.count + skipped.count)" failures="\#(failures)" errors="0" time="\#(Self.time(total))">"#,
            #"  <testsuite name="\#(Self.xml(suite))" tests="\#(runs.count + skipped.count)" failures="\#(failures)" errors="0" skipped="\#(skipped.count)" time="\#(Self.time(total))" timestamp="\#(runs.first.map { RecordTime.format($0.startedAt) } ?? RecordTime.format(Date()))">"#,
            "    <properties>",
            #"      <property name="stage" value="\#(Self.xml(stage))"/>"#,
            #"      <property name="commit" value="\#(commit.hex)"/>"#,
            #"      <property name="rules" value="\#(Self.xml(rulesLocation))"/>"#,
            "    </properties>",
        ]
        for run in runs {
            lines.append(
                #"    <testcase name="\#(Self.xml(run.hook.name))" classname="\#(Self.xml(suite))" time="\#(Self.time(run.seconds))">"#
            )
            switch run.outcome {
            case .passed: break
            case .failed:
                lines.append(
                    #"      <failure type="failed" message="exit code \#(run.exitCode)">\#(Self.xml(run.hook.run))</failure>"#
                )
            case .timedOut:
                lines.append(
                    #"      <failure type="timed_out" message="timed out after \#(run.hook.timeoutSeconds)s">\#(Self.xml(run.hook.run))</failure>"#
                )
            }
            lines.append("      <system-out>\(Self.xml(run.outputTail))</system-out>")
            lines.append("    </testcase>")
        }
        for name in skipped {
            lines.append(#"    <testcase name="\#(Self.xml(name))" classname="\#(Self.xml(suite))" time="0">"#)
            lines.append(#"      <skipped message="a passing result of this definition is already recorded"/>"#)
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    static func xml(_ text: String) -> String { MarkupText.escape(text) }
}
