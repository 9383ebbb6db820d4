import Foundation

/// The report as one self-contained HTML page: inline CSS and SVG, no script, no font, no image from anywhere, and a
/// content security policy that forbids loading anything, so it works from `file://` and from any static host. The
/// markup is also well-formed XML (void elements closed, attributes valued), so tests and tools can parse it
/// strictly.
/// Every record field is text anyone who can push notes could have written: all of it is escaped, and only
/// `http(s)` URLs become links.
struct ReportPage {
    let report: PipelineReport

    func render() -> String {
        let repository = (report.status.repository as NSString).lastPathComponent
        var body: [String] = []
        body.append(##"<a class="skip" href="#main">Skip to the report</a>"##)
        body.append("<header>")
        body.append("<h1>Pipeline of \(Self.text(repository))</h1>")
        body.append(
            "<p class=\"muted\">Made by promote at <time datetime=\"\(Self.text(report.generatedAt))\">"
                + "\(Self.text(Self.when(report.generatedAt)))</time> from the stage branches and promote's records "
                + "in git notes. Nothing here is judged by this page: the verdicts are promote's.</p>")
        body.append(navigation())
        body.append("</header>")
        body.append("<main id=\"main\">")
        body.append(graphSection())
        body.append(promotionsSection())
        body.append(stagesSection())
        body.append("</main>")
        body.append(
            "<footer class=\"muted\"><p>The same facts as JSON: <a href=\"report.json\">report.json</a> "
                + "(schema promote.report/v1). Refresh with <code>promote report --html DIR</code>.</p></footer>")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/>
            <meta name="referrer" content="no-referrer"/>
            <meta name="color-scheme" content="light dark"/>
            <title>promote: pipeline of \(Self.text(repository))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    private func navigation() -> String {
        var links = [##"<li><a href="#stages-graph">Stages</a></li>"##]
        links.append(##"<li><a href="#promotions">Pending promotions</a></li>"##)
        for stage in report.stages {
            links.append("<li><a href=\"#\(Self.anchor("stage", stage.name))\">\(Self.text(stage.name))</a></li>")
        }
        return "<nav aria-label=\"Sections\"><ul class=\"inline\">\(links.joined())</ul></nav>"
    }

    // MARK: text helpers

    /// `text` safe inside an element or a double-quoted attribute.
    static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A fragment ID from a prefix and names: letters, digits and `-` only, so record text cannot break out of it.
    static func anchor(_ prefix: String, _ names: String...) -> String {
        let name = names.joined(separator: "-").unicodeScalars.map { scalar in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII ? String(scalar) : "-"
        }.joined()
        return "\(prefix)-\(name)"
    }

    /// A link to a CI run when the URL is plain http(s); otherwise the URL as text (a record could hold
    /// `javascript:`).
    static func link(_ url: String?, label: String) -> String {
        guard let url, !url.isEmpty else { return "" }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !url.contains(where: \.isWhitespace) else {
            return text(url)
        }
        return "<a href=\"\(text(url))\" rel=\"noopener noreferrer\">\(text(label))</a>"
    }

    /// `2026-12-06 14:03 UTC` from an ISO 8601 time; other text as it is.
    static func when(_ iso: String) -> String {
        guard iso.count >= 16, iso.dropFirst(10).first == "T" else { return iso }
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
    }

    static func plural(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }

    /// A commit as its short SHA with the full one on hover and for screen readers' details.
    static func commit(_ sha: String) -> String {
        guard !sha.isEmpty else { return "—" }
        return "<code title=\"\(text(sha))\">\(text(String(sha.prefix(7))))</code>"
    }

    /// Light and dark themes by the reader's preference; marks carry words and shapes, never colour alone.
    static let style = """
        :root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--card:#f6f8fa;\
        --ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--link:#0969da;--focus:#0969da;--code:#eff2f5}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;\
        --card:#151b23;--ok:#3fb950;--bad:#ff7b72;--warn:#d29922;--link:#4493f8;--focus:#4493f8;--code:#262c36}}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0 auto;max-width:72rem;padding:1rem;background:var(--bg);color:var(--fg);\
        font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;overflow-wrap:break-word}
        a{color:var(--link)}
        :focus{outline:3px solid var(--focus);outline-offset:2px}
        .skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}
        .skip:focus{left:1rem}
        h1{font-size:1.6rem;margin:.5rem 0}
        h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--border);padding-bottom:.25rem}
        h3{font-size:1.1rem;margin:0 0 .5rem}
        h4{font-size:1rem;margin:1rem 0 .25rem}
        .muted{color:var(--muted)}
        ul.inline{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
        code{background:var(--code);border-radius:4px;padding:0 .25em}
        pre{background:var(--code);border-radius:6px;padding:.5rem .75rem;overflow-x:auto;white-space:pre-wrap}
        pre code{padding:0;background:none;user-select:all}
        .card{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:1rem;margin:1rem 0}
        .card.bad{border-left:6px solid var(--bad)}
        .card.warn{border-left:6px dashed var(--warn)}
        .card.ok{border-left:6px solid var(--ok)}
        .badge{display:inline-block;border:1px solid currentColor;border-radius:1rem;padding:0 .6rem;\
        font-size:.85rem;font-weight:600;margin-left:.25rem;white-space:nowrap}
        .bad{color:var(--bad)} .warn{color:var(--warn)} .ok{color:var(--ok)}
        .card.bad,.card.warn,.card.ok{color:var(--fg)}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%;margin:.25rem 0}
        .scroll table{min-width:34rem}
        caption{text-align:left}
        .nowrap{white-space:nowrap}
        th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--border)}
        th{font-weight:600}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
        dl.facts dt{font-weight:600} dl.facts dd{margin:0}
        details{margin:.5rem 0} summary{cursor:pointer;font-weight:600}
        ol.steps li{margin:.5rem 0}
        figure{margin:0}
        svg text{fill:var(--fg);font:14px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        svg .name{font-weight:700;font-size:16px}
        svg .muted{fill:var(--muted)}
        svg .box{fill:var(--card);stroke:var(--ok);stroke-width:2}
        svg .box.bad{stroke:var(--bad);stroke-width:3}
        svg .box.warn{stroke:var(--warn);stroke-width:3;stroke-dasharray:8 4}
        svg .mark.bad{fill:var(--bad)} svg .mark.warn{fill:var(--warn)} svg .mark.ok{fill:var(--ok)}
        svg .edge{stroke:var(--muted);stroke-width:2;fill:none}
        svg .arrow{fill:var(--muted)}
        svg a:focus .box{stroke:var(--focus);stroke-width:4}
        svg .line{stroke:var(--link);stroke-width:2;fill:none}
        svg .point{fill:var(--link)}
        svg .axis{stroke:var(--border);stroke-width:1}
        .charts{display:flex;flex-wrap:wrap;gap:1rem}
        .chart{flex:1 1 18rem;max-width:26rem}
        @media (max-width:40rem){body{padding:.5rem}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
        """
}

extension PipelineReport {
    /// The report as one self-contained HTML page (`index.html` of `promote report --html`).
    public func renderHTML() -> String { ReportPage(report: self).render() }
}
